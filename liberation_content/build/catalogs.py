"""Extracting the English messages for translators: Sphinx's gettext builder, run on the
same doctree the products are written from, then one POT per page written in the canonical
form (:mod:`liberation_content.i18n.update`), with the translators' notes added."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from liberation_content.errors import LiberationError
from liberation_content.i18n.interface import template
from liberation_content.i18n.notes import translator_notes
from liberation_content.i18n.update import plain_text, read_catalog, write_catalog
from liberation_content.model.sources import check_sources

from .options import BuildOptions

__all__ = ["english", "english_messages", "extract"]


def _relative(out: Path, content: Path, location: str) -> str:
    """A message's location relative to the content folder, whatever the folder is called."""
    try:
        return (out / location).resolve().relative_to(content.resolve()).as_posix()
    except ValueError:
        return location


def _template(pot: Path, out: Path, content: Path, notes: dict[str, str]) -> object:
    """One page's messages, with content-relative locations and the notes that match."""
    catalog = read_catalog(pot)
    unused = dict(notes)
    for message in catalog:
        message.locations = [
            (_relative(out, content, path), line) for path, line in message.locations
        ]
        plain_text(message)
        for key, note in notes.items():
            if message.id and key in str(message.id):
                message.auto_comments.append(note)
                unused.pop(key, None)
    if unused:
        msg = (
            f"{content / 'translator-notes.toml'}: [{pot.stem}] '{next(iter(unused))}' "
            "matches no message of that page; correct the key or remove the note"
        )
        raise LiberationError(msg)
    catalog.header_comment = (
        "# English messages of the liberation-content page "
        f"'{pot.stem}'.\n# Made by 'nox -s i18n-extract'; do not edit."
    )
    catalog.fuzzy = False
    return catalog


def english(options: BuildOptions) -> dict[str, Any]:
    """Every page's English messages as the pages are now, and the interface's: one
    template catalog per page, by page name (Sphinx's gettext builder, in a scratch
    folder; nothing is written into the content)."""
    from liberation_content.sphinx_ext.run import content_config, run_sphinx  # noqa: PLC0415

    content = options.content
    check_sources(content)
    notes = translator_notes(content)
    found: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch) / "gettext"
        config = content_config(
            lang="en",
            languages=["en"],
            base_url=options.base_url,
            today=options.today,
            references=content / "references.toml",
            allow_overdue=True,
        )
        run_sphinx(
            srcdir=content,
            outdir=out,
            doctrees=Path(scratch) / "doctrees",
            builder="gettext",
            config=config,
            verbose=options.verbose,
        )
        for pot in sorted(out.glob("*.pot")):
            found[pot.stem] = _template(pot, out, content, notes.get(pot.stem, {}))
    interface = template()
    interface.header_comment = (  # type: ignore[attr-defined]
        "# English labels of the liberation-content site and leaflets.\n"
        "# Made by 'nox -s i18n-extract'; do not edit."
    )
    found["interface"] = interface
    return found


def english_messages(options: BuildOptions) -> dict[str, list[str]]:
    """Every page's English messages as the pages are now: what ``i18n status`` judges
    the catalogs against, as the build does."""
    return {
        page: [str(m.id) for m in catalog if m.id] for page, catalog in english(options).items()
    }


def extract(options: BuildOptions) -> list[Path]:
    """Write one POT per page, and the interface's, into ``content/locales/templates/``."""
    target = options.content / "locales" / "templates"
    written = []
    for page, catalog in english(options).items():
        write_catalog(catalog, target / f"{page}.pot")
        written.append(target / f"{page}.pot")
    for stale in set(target.glob("*.pot")) - set(written):
        stale.unlink()
    return written
