"""The README's first command, ``python3 -m nox``, timed as a person runs it: the whole
process, in a copy of the checkout that has set itself up once, with nothing changed and
after one English sentence changed."""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from liberation_content.resources import checkout_root

#: The page whose sentence is changed, the sentence's words, and what they change to.
PAGE = Path("content") / "evidence.md"
OLD, NEW = "and their results varied.", "and their results were mixed."


def copy_checkout(target: Path) -> Path:
    """The checkout's files (those git tracks, and new ones it does not ignore) in ``target``."""
    root = checkout_root()
    if root is None:
        msg = "the benchmark runs from a checkout (an editable install)"
        raise RuntimeError(msg)
    git = shutil.which("git")
    if git is None:
        msg = "the benchmark copies the checkout with git, which is not installed"
        raise RuntimeError(msg)
    listed = subprocess.run(
        [git, "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=root,
        capture_output=True,
        check=True,
    ).stdout.decode()
    for name in filter(None, listed.split("\0")):
        source, copy = root / name, target / name
        if not source.exists() and not source.is_symlink():
            continue  # deleted in the work tree
        copy.parent.mkdir(parents=True, exist_ok=True)
        if source.is_symlink():
            copy.symlink_to(source.readlink())
        else:
            shutil.copy2(source, copy)
    return target


class Sentence:
    """One English sentence of a page, changed one way and back in turn."""

    def __init__(self, checkout: Path) -> None:
        self.path = checkout / PAGE
        self.original = self.path.read_text(encoding="utf-8")
        if OLD not in self.original:
            msg = f"{PAGE} no longer says '{OLD}': choose another sentence in {__file__}"
            raise RuntimeError(msg)
        self.changes = 0

    def change(self) -> None:
        self.changes += 1
        text = self.original.replace(OLD, NEW) if self.changes % 2 else self.original
        self.path.write_text(text, encoding="utf-8")


def _timed(checkout: Path, env: dict[str, str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "nox"],
        cwd=checkout,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - start
    if done.returncode:
        print(done.stdout[-3000:], done.stderr[-3000:], sep="\n", file=sys.stderr)
        raise subprocess.CalledProcessError(done.returncode, "python3 -m nox")
    return elapsed


def readme_command(scratch: Path, rounds: int) -> dict[str, float]:
    """Median seconds of ``python3 -m nox``: set up once, then nothing changed, then one
    English sentence changed before each run."""
    checkout = copy_checkout(scratch / "checkout")
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"VIRTUAL_ENV", "LIBERATION_CONTENT_DATA", "PYTHONPATH"}
    }
    setup = _timed(checkout, env)  # a new machine: environments made, everything built
    noop = [_timed(checkout, env) for _ in range(rounds)]
    sentence = Sentence(checkout)
    changed = []
    for _ in range(rounds):
        sentence.change()
        changed.append(_timed(checkout, env))
    return {
        "setup": setup,
        "noop": statistics.median(noop),
        "sentence": statistics.median(changed),
    }
