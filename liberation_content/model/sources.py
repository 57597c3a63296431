"""The content folder's own text files, checked before anything reads them: every page, the
references, the leaflet definitions and the translators' notes must be UTF-8 text."""

from __future__ import annotations

from pathlib import Path

from liberation_content.errors import LiberationError, Problem
from liberation_content.files import text_of

__all__ = ["check_sources"]


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
    problems: list[Problem] = []
    for path in _sources(content):
        try:
            text_of(path, "encoding")
        except LiberationError as exc:
            problems.extend(exc.problems)
    if problems:
        msg = "some content files cannot be read; nothing was built."
        raise LiberationError(msg, tuple(problems))
