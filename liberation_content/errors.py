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
    "UnknownTypeError",
    "clipped",
    "did_you_mean",
    "shown_path",
]


def clipped(text: str, limit: int = 60) -> str:
    """``text`` as a message shows it: at most ``limit`` characters, then "..."."""
    return text if len(text) <= limit else text[:limit] + "..."


def did_you_mean(word: str, options: Iterable[str], n: int = 1, cutoff: float = 0.6) -> str:
    """ " Did you mean 'x'?" for the closest options to a mistyped word, or "" if none is close."""
    import difflib  # noqa: PLC0415 - only error messages need it

    # Comparing is quadratic in the word's length; no option is anywhere near this long.
    close = difflib.get_close_matches(word[:100], list(options), n=n, cutoff=cutoff)
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


class UnknownSnippetError(LiberationError, KeyError):
    """No snippet has the ID that was asked for; the message lists close matches."""


class UnknownLanguageError(LiberationError, KeyError):
    """The content is not published in the language that was asked for."""


class UnknownTypeError(LiberationError, ValueError):
    """No kind of snippet has the name that was asked for; the message lists them all."""
