"""Notes for translators: ``content/translator-notes.toml`` adds a ``#.`` comment to every
message of a page that contains the words it names."""

from __future__ import annotations

from pathlib import Path

from liberation_content.errors import LiberationError
from liberation_content.files import read_toml

__all__ = ["translator_notes"]


def translator_notes(content: Path) -> dict[str, dict[str, str]]:
    """``content/translator-notes.toml``: page -> English words -> a note for translators."""
    path = content / "translator-notes.toml"
    if not path.is_file():
        return {}
    _, data = read_toml(path, "translator-notes")
    pages = {p.stem for p in content.glob("*.md")}
    for page, notes in data.items():
        if page not in pages or not isinstance(notes, dict):
            msg = f"{path}: [{page}] is not a page; use a page id such as [evidence]"
            raise LiberationError(msg)
        for key, note in notes.items():
            if not isinstance(note, str) or not note.strip():
                msg = f"{path}: [{page}] '{key}' needs a note: a sentence for translators"
                raise LiberationError(msg)
    return data
