"""Reading inputs and writing outputs.

Inputs: a person's text file read as UTF-8, and a TOML file parsed, each problem named with
its file and line. Outputs: a file whole or not at all, only when its bytes changed, a
folder swapped in only when complete, and JSON always written the same way.

Standard library only. Every product, catalog and state file is written through these
helpers, so that an interrupted build never leaves half a file where a good one was.
"""

from __future__ import annotations

import itertools
import json
import os
import re
import shutil
import tempfile
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from liberation_content.errors import LiberationError, Problem, shown_path

__all__ = [
    "atomic_write",
    "json_text",
    "output_lock",
    "read_toml",
    "staged_folder",
    "text_of",
    "toml_array_lines",
    "toml_key_line",
    "write_if_changed",
    "write_json",
]

_partials = itertools.count()


def text_of(path: Path, code: str) -> str:
    """The text of a UTF-8 file; a file that is not UTF-8 raises one problem naming the
    line of the first byte that is not, and how to fix it."""
    data = path.read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        problem = Problem(
            path,
            f"this file is not UTF-8 text (byte 0x{data[exc.start]:02x}). Save it as UTF-8",
            line,
            code,
        )
        raise LiberationError(f"{shown_path(path)} cannot be read.", (problem,)) from None


def read_toml(path: Path, code: str) -> tuple[str, dict[str, Any]]:
    """The text of a TOML file and what it says; a file that is not UTF-8, or not valid
    TOML, raises one problem with its line (problems are coded ``code``)."""
    text = text_of(path, code)
    try:
        return text, tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"\bline (\d+)", str(exc))  # tomllib says the line in its message
        problem = Problem(
            path,
            f"not valid TOML ({exc}). Fix the syntax there",
            int(found.group(1)) if found else None,
            code,
        )
        raise LiberationError(f"{shown_path(path)} cannot be read.", (problem,)) from None
    except RecursionError:
        problem = Problem(
            path,
            "its arrays or tables are nested too deeply to read; no setting needs more than "
            "a few levels",
            None,
            code,
        )
        raise LiberationError(f"{shown_path(path)} cannot be read.", (problem,)) from None


def toml_key_line(text: str, key: str) -> int | None:
    """The line of a TOML text where ``key`` is set (``key = ...``) or its table starts
    (``[key]``), for messages about it. A dotted key (``translations.fr.contact``) is
    looked for in its own table (``[translations.fr]``), not wherever the name recurs."""
    lines = text.splitlines()
    parts = key.split(".")
    for split in range(len(parts), -1, -1):
        table, rest = ".".join(parts[:split]), parts[split:]
        start = 0
        if table:
            header = re.compile(rf"^\s*\[\s*{re.escape(table)}\s*\]\s*(?:#.*)?$")
            found = next((n for n, line in enumerate(lines) if header.match(line)), None)
            if found is None:
                continue
            if not rest:
                return found + 1
            start = found + 1
        if len(rest) != 1:
            continue
        setting = re.compile(rf"^\s*{re.escape(rest[0])}\s*=")
        for number in range(start, len(lines)):
            if lines[number].lstrip().startswith("["):
                break  # the next table: the key is not in this one
            if setting.match(lines[number]):
                return number + 1
    # A table given only through its sub-tables ([translations.fr] for 'translations').
    nested = re.compile(rf"^\s*\[\s*{re.escape(key)}\.")
    return next((n + 1 for n, line in enumerate(lines) if nested.match(line)), None)


def toml_array_lines(text: str, name: str) -> list[int]:
    """The line of each ``[[name]]`` table of a TOML text, in order, for messages about
    one entry of an array of tables."""
    header = f"[[{name}]]"
    return [n for n, line in enumerate(text.splitlines(), start=1) if line.strip() == header]


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder, renamed over
    ``path`` only once it is complete. The file gets the usual permissions (umask)."""
    partial = path.with_name(f".{path.name}.{os.getpid()}-{next(_partials)}.partial")
    try:
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
        partial.replace(path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def write_if_changed(path: Path, data: bytes) -> bool:
    """Write ``data`` atomically unless ``path`` already holds exactly these bytes, so an
    output that did not change keeps its date; return whether it was written."""
    if path.is_file() and path.stat().st_size == len(data) and path.read_bytes() == data:
        return False
    atomic_write(path, data)
    return True


def json_text(document: Any) -> str:
    """The one way JSON is written: sorted keys, two-space indent, UTF-8 text, final newline,
    so that the same document always gives the same bytes."""
    return json.dumps(document, ensure_ascii=False, sort_keys=True, indent=2) + "\n"


def write_json(path: Path, document: Any) -> bool:
    """Write ``document`` as JSON (:func:`json_text`) if it changed; return whether it was."""
    return write_if_changed(path, json_text(document).encode("utf-8"))


@contextmanager
def output_lock(out: Path) -> Iterator[None]:
    """Hold the output folder for one build: a second build into the same folder stops
    with a message instead of racing the first. The lock is the kernel's, so a build that
    is killed releases it at once."""
    try:
        import fcntl  # noqa: PLC0415 - POSIX; elsewhere builds are not locked
    except ImportError:  # pragma: no cover - Windows
        yield
        return
    out.mkdir(parents=True, exist_ok=True)
    with (out / ".liberation-build.lock").open("a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            msg = (
                f"another build is writing into {out} now; wait for it to finish, or build "
                "into another folder with --out"
            )
            raise LiberationError(msg) from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextmanager
def staged_folder(final: Path) -> Iterator[Path]:
    """Yield an empty folder beside ``final``; when the block succeeds it replaces ``final``.

    If the block raises, the staging folder is removed and ``final`` is untouched, so the
    last good output survives a failed build.
    """
    final.parent.mkdir(parents=True, exist_ok=True)
    for stale in final.parent.glob(f".{final.name}.*"):
        shutil.rmtree(stale, ignore_errors=True)  # left behind by an interrupted build
    staging = Path(tempfile.mkdtemp(prefix=f".{final.name}.staging-", dir=final.parent))
    staging.chmod(0o755)  # mkdtemp's 0700 would hide a published site from the web server
    try:
        yield staging
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    old = final.with_name(f".{final.name}.old-{os.getpid()}")
    if final.exists():
        final.rename(old)
    staging.rename(final)
    shutil.rmtree(old, ignore_errors=True)
