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
    "JOURNAL",
    "LOCK_FILE",
    "atomic_write",
    "commit",
    "holds",
    "json_text",
    "output_error",
    "output_lock",
    "read_toml",
    "recover",
    "staged_file",
    "staging_for",
    "text_of",
    "toml_array_lines",
    "toml_key_line",
    "write_files",
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


def holds(path: Path, data: bytes) -> bool:
    """Whether ``path`` is a file holding exactly ``data``."""
    return path.is_file() and path.stat().st_size == len(data) and path.read_bytes() == data


def write_if_changed(path: Path, data: bytes) -> bool:
    """Write ``data`` atomically unless ``path`` already holds exactly these bytes, so an
    output that did not change keeps its date; return whether it was written."""
    if holds(path, data):
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


#: The file a build holds locked in its output folder.
LOCK_FILE = ".liberation-build.lock"


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
    with (out / LOCK_FILE).open("a+") as handle:
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


#: The record of a commit under way, in the output folder: see :func:`commit`.
JOURNAL = ".liberation-commit.json"
#: Names of what a build leaves beside an output while it works: staged folders and files,
#: an output being replaced, a file half written.
_LEFTOVERS = re.compile(r"^\..+\.(?:staging-[^/]*|old-\d+|\d+-\d+\.partial)$")


@contextmanager
def staging_for(final: Path) -> Iterator[Path]:
    """Yield a new, empty folder beside ``final`` to build into, kept when the block
    succeeds (for :func:`commit` to swap in) and removed when it raises."""
    final.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{final.name}.staging-", dir=final.parent))
    staging.chmod(0o755)  # mkdtemp's 0700 would hide a published site from the web server
    try:
        yield staging
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def staged_file(final: Path, data: bytes) -> Path:
    """Write ``data`` beside ``final`` under a staging name, for :func:`commit`."""
    staging = final.with_name(f".{final.name}.staging-{os.getpid()}-{next(_partials)}")
    atomic_write(staging, data)
    return staging


def _swap(staging: Path | None, final: Path) -> None:
    if staging is None:  # an output no longer made
        final.unlink(missing_ok=True)
        return
    if staging.is_dir() and final.exists():
        # A folder cannot replace a folder in one step: the old one steps aside first.
        old = final.with_name(f".{final.name}.old-{os.getpid()}")
        final.rename(old)
    staging.replace(final)


def commit(out: Path, moves: list[tuple[Path | None, Path]]) -> None:
    """Swap each staged file or folder in over its final path (both inside ``out``), or
    remove the final file where nothing is staged, as one change: the list is written to
    a journal first, so that a build killed half way through is finished by the next run
    (:func:`recover`) before it does anything else. Interrupts wait until the swap is
    done; it takes milliseconds."""
    import signal  # noqa: PLC0415

    if not moves:
        return
    journal = out / JOURNAL
    record = [[str(s.relative_to(out)) if s else "", str(f.relative_to(out))] for s, f in moves]
    names = ("SIGINT", "SIGTERM", "SIGHUP")
    blocked = {getattr(signal, name) for name in names if hasattr(signal, name)}
    mask = getattr(signal, "pthread_sigmask", None)  # POSIX; elsewhere interrupts are not held
    previous = mask(signal.SIG_BLOCK, blocked) if mask else None
    try:
        atomic_write(journal, json_text(record).encode("utf-8"))
        try:
            for staging, final in moves:
                _swap(staging, final)
        except OSError as exc:
            # The journal stays, and so does what it names: the next run finishes the swap.
            msg = (
                f"{shown_path(out)}: the new outputs were only partly swapped in "
                f"({exc.strerror}: {exc.filename}). Build again to finish the swap"
            )
            raise LiberationError(msg) from None
        journal.unlink()
    finally:
        if mask:
            mask(signal.SIG_SETMASK, previous)
    _clear_leftovers(out)


def recover(out: Path) -> list[str]:
    """Finish the commit a killed build began (see :func:`commit`), then remove what an
    interrupted build left behind: staged folders, outputs stepped aside, partial files.
    Return the outputs the unfinished commit swapped in."""
    journal = out / JOURNAL
    finished: list[str] = []
    if journal.is_file():
        try:
            record = json.loads(journal.read_bytes())
        except ValueError:
            record = []  # written whole or not at all: unreadable means never begun
        for staged, final in record:
            target = out / final
            if not staged:
                _swap(None, target)
            elif (out / staged).exists():
                _swap(out / staged, target)
                finished.append(final)
        journal.unlink()
    _clear_leftovers(out)
    return finished


def _clear_leftovers(out: Path) -> None:
    if not out.is_dir():
        return
    for folder, names, files in os.walk(out):
        if folder != str(out) and LOCK_FILE in files:
            names.clear()  # another output folder inside this one (a preview's): its own
            continue
        for name in [*names, *files]:
            if _LEFTOVERS.match(name):
                path = Path(folder, name)
                if name in names:
                    shutil.rmtree(path, ignore_errors=True)
                    names.remove(name)
                else:
                    path.unlink(missing_ok=True)


def write_files(files: dict[Path, bytes]) -> list[Path]:
    """Write every file whose bytes changed, all or none: each is written in full under a
    partial name first, and only when all are written are they renamed into place. Return
    the files written."""
    changed = {path: data for path, data in files.items() if not holds(path, data)}
    partials: dict[Path, Path] = {}
    try:
        for path, data in changed.items():
            partial = path.with_name(f".{path.name}.{os.getpid()}-{next(_partials)}.partial")
            partials[path] = partial
            with partial.open("xb") as handle:
                handle.write(data)
    except BaseException:
        for partial in partials.values():
            partial.unlink(missing_ok=True)
        raise
    for path, partial in partials.items():
        partial.replace(path)
    return list(changed)


#: Roughly what a first build of every product in every language writes, with its cache.
FIRST_BUILD_BYTES = 40 * 1024 * 1024


def _megabytes(size: int) -> str:
    return f"{max(size, 0) / 1024 / 1024:.0f} MB" if size >= 1024 * 1024 else "under 1 MB"


def _used(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def output_error(exc: OSError, out: Path | None = None) -> LiberationError:
    """What to tell a person whose command stopped on the file system: a full or read-only
    disk, a file or folder they may not use, a path that does not exist. ``out`` is the
    output folder of a build, which a full disk is measured against; without it the
    message says only what the file system said, of the file it named."""
    import errno  # noqa: PLC0415

    where = shown_path(exc.filename) if exc.filename else shown_path(out or Path.cwd())
    elsewhere = "build into another folder with --out" if out else "choose another folder"
    writing = out is not None and (
        not exc.filename or Path(exc.filename).resolve().is_relative_to(out.resolve())
    )
    kept = "; the previous outputs were kept" if writing else ""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        needs = ""
        if out is not None:
            try:
                free, needed = shutil.disk_usage(out).free, max(_used(out), FIRST_BUILD_BYTES)
                needs = f": {_megabytes(free)} free, and a build needs about {_megabytes(needed)}"
            except OSError:
                needs = ""
        msg = f"the disk that holds {shown_path(out) if out else where} is full{needs}. "
        msg += f"Free some space, or {elsewhere}{kept}"
    elif exc.errno == errno.EROFS:
        msg = f"{where} is on a read-only disk. Use a writable one: {elsewhere}{kept}"
    elif exc.errno in (errno.EACCES, errno.EPERM):
        msg = f"{where}: permission denied. Change its permissions, or {elsewhere}{kept}"
    elif exc.errno in (errno.ENOENT, errno.ENOTDIR):
        msg = f"{where}: there is no such file or folder. Check the path"
    else:
        msg = f"{where}: {exc.strerror or exc}{kept}"
    return LiberationError(msg)
