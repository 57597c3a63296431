"""The content folder's own text files, checked before anything reads them: every page, the
references, the leaflet definitions, the translators' notes and the catalogs must be
regular files inside the content folder (never a link to a file elsewhere), and the text
files UTF-8."""

from __future__ import annotations

from pathlib import Path

from liberation_content.errors import LiberationError, Problem
from liberation_content.files import text_of

__all__ = ["MAX_BYTES", "check_sources"]

#: The largest file of each kind the build reads: ten times and more what the content
#: needs, small enough that no file can make a build run out of memory or time.
MAX_BYTES = {".md": 256 * 1024, ".toml": 1024 * 1024, ".po": 1024 * 1024}
#: Files with a limit of their own: the record of texts grows by about 50 KB a release.
MAX_BYTES_BY_NAME = {"history.toml": 16 * 1024 * 1024}


def _candidates(content: Path) -> list[Path]:
    """Every file in the content folder the build may read."""
    return sorted(
        [
            *content.glob("*.md"),
            *content.glob("*.toml"),
            *(content / "leaflets").glob("*"),
            *(content / "locales").glob("**/*"),
        ]
    )


def _too_large(candidates: list[Path]) -> list[Problem]:
    found = []
    for path in candidates:
        limit = MAX_BYTES_BY_NAME.get(path.name) or MAX_BYTES.get(path.suffix)
        if limit and path.is_file() and (size := path.stat().st_size) > limit:
            found.append(
                Problem(
                    path,
                    f"this file is {size // 1024} KB; a {path.suffix} file may be at most "
                    f"{limit // 1024} KB. Split it, or remove what does not belong in it",
                    None,
                    "size",
                )
            )
    return found


def _outside(candidates: list[Path], content: Path) -> list[Problem]:
    """Every file the build reads that is a symbolic link, or resolves outside the
    content folder: a contributor could point one at any file on the machine."""
    root = content.resolve()
    found = []
    for path in candidates:
        if path.is_symlink() or not path.resolve().is_relative_to(root):
            found.append(
                Problem(
                    path,
                    "this is a link to another file; the build reads only files inside the "
                    "content folder. Put the file itself here",
                    None,
                    "encoding",
                )
            )
    return found


def _sources(content: Path) -> list[Path]:
    found = [*sorted(content.glob("*.md")), *sorted((content / "leaflets").glob("*.toml"))]
    found += [content / name for name in ("references.toml", "translator-notes.toml")]
    return [path for path in found if path.is_file()]


def check_sources(content: Path) -> None:
    """Raise one error listing every source file that is not UTF-8 text, by file and line;
    and say so if there is no content folder or no references here."""
    if not (content / "index.md").is_file():
        msg = f"{content}: no index.md here, so this is not a content folder"
        raise LiberationError(msg)
    if not (content / "references.toml").is_file():
        msg = (
            f"{content / 'references.toml'}: no bibliography here. Every content folder has "
            "one, even an empty one: see the authoring guide"
        )
        raise LiberationError(msg)
    candidates = _candidates(content)
    problems: list[Problem] = _outside(candidates, content)
    if problems:
        msg = "some content files are links to files elsewhere; nothing was built."
        raise LiberationError(msg, tuple(problems))
    problems = _too_large(candidates)
    if problems:
        msg = "some content files are too large to read; nothing was built."
        raise LiberationError(msg, tuple(problems))
    for path in _sources(content):
        try:
            text_of(path, "encoding")
        except LiberationError as exc:
            problems.extend(exc.problems)
    if problems:
        msg = "some content files cannot be read; nothing was built."
        raise LiberationError(msg, tuple(problems))
