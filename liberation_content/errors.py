"""Errors that describe a user's mistake, printed without a traceback by the CLI."""

from __future__ import annotations

from typing import NamedTuple

TYPE_CHECKING = False  # pathlib is imported only by type checkers: import time
if TYPE_CHECKING:
    from collections.abc import Iterable
    from pathlib import Path

__all__ = [
    "LiberationError",
    "Problem",
    "UnknownLanguageError",
    "UnknownSnippetError",
    "did_you_mean",
    "shown_path",
    "text_of",
    "toml_key_line",
    "toml_line",
]


def did_you_mean(word: str, options: Iterable[str], n: int = 1, cutoff: float = 0.6) -> str:
    """ " Did you mean 'x'?" for the closest options to a mistyped word, or "" if none is close."""
    import difflib  # noqa: PLC0415 - only error messages need it

    close = difflib.get_close_matches(word, list(options), n=n, cutoff=cutoff)
    return f" Did you mean {', '.join(repr(c) for c in close)}?" if close else ""


def shown_path(path: Path | str) -> str:
    """A path as a person reads it in a message: relative to the current folder when it is
    inside it (``content/evidence.md``), else as given."""
    import os  # noqa: PLC0415

    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive, on Windows
        return str(path)
    return str(path) if relative.startswith("..") else relative


def toml_line(error: Exception) -> int | None:
    """The line a TOML syntax error is on (Python's tomllib says it in the message)."""
    import re  # noqa: PLC0415

    found = re.search(r"\bline (\d+)", str(error))
    return int(found.group(1)) if found else None


def toml_key_line(text: str, key: str) -> int | None:
    """The line of a TOML text where ``key`` is set (``key = ...``) or its table starts
    (``[key]``), for messages about it."""
    import re  # noqa: PLC0415

    pattern = re.compile(rf"^\s*(?:{re.escape(key)}\s*=|\[\s*{re.escape(key)}\s*\])")
    for number, line in enumerate(text.splitlines(), start=1):
        if pattern.match(line):
            return number
    return None


class Problem(NamedTuple):
    """One thing wrong with one input file, at one line where there is one."""

    path: Path | str
    message: str
    line: int | None = None
    code: str | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else f"{self.path}"
        suffix = f" [liberation.{self.code}]" if self.code else ""
        return f"{where}: {self.message}{suffix}"


class LiberationError(Exception):
    """A problem the user can fix; its message says where, what and how."""

    def __init__(self, message: str, problems: tuple[Problem, ...] = ()) -> None:
        super().__init__(message)
        self.problems = problems

    def __reduce__(self) -> tuple[type[LiberationError], tuple[str, tuple[Problem, ...]]]:
        # Raised in a worker process, it crosses back whole, problems included.
        return (type(self), (self.args[0], self.problems))

    def __str__(self) -> str:
        lines = [str(p) for p in self.problems]
        lines.append(self.args[0])
        return "\n".join(lines)


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


class UnknownSnippetError(LiberationError, KeyError):
    """No snippet has the ID that was asked for; the message lists close matches."""


class UnknownLanguageError(LiberationError, KeyError):
    """The content is not published in the language that was asked for."""
