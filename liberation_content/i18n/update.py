"""Catalogs on disk: read and written in one canonical form, and merged with the English.

Catalogs are written with Babel, wrapped at 79 columns, with locations relative to
``content/``, so a change to the English shows up in a PO diff as exactly the entries it
touched: changed entries become fuzzy (with the previous English kept as ``#|``), new ones
arrive empty, and removed ones are kept at the end as obsolete.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

from liberation_content.errors import LiberationError
from liberation_content.files import atomic_write
from liberation_content.model.languages import language, suggest

from .checks import NO_TRANSLATOR

TYPE_CHECKING = False
if TYPE_CHECKING:
    from babel.messages.catalog import Catalog, Message

__all__ = ["WIDTH", "plain_text", "read_catalog", "update", "write_catalog"]

#: Column at which PO files are wrapped; the same for everyone, so diffs stay small.
WIDTH = 79


def plain_text(message: Message) -> None:
    """Content is Markdown, not a format string: ``{cite}`` is a role, not a placeholder."""
    message.flags.discard("python-format")
    message.flags.discard("python-brace-format")


def read_catalog(path: Path) -> Catalog:
    from babel.messages.pofile import read_po  # noqa: PLC0415

    with path.open("rb") as handle:
        return read_po(handle, abort_invalid=True)


_CREATED = re.compile(rb'"POT-Creation-Date: [^"]*"')


def _with_previous(text: str, catalog: Catalog) -> str:
    """Add the previous English (``#| msgid``) above each fuzzy entry, in valid PO syntax.

    Babel writes a long previous msgid as one rewrapped comment, which GNU gettext
    cannot read; each line is written here as its own ``#|`` string instead.
    """
    from babel.messages.pofile import normalize  # noqa: PLC0415

    for message in catalog:
        if not (message.id and message.fuzzy and message.previous_id) or message.context:
            continue
        previous = (
            message.previous_id[0]
            if isinstance(message.previous_id, (list, tuple))
            else message.previous_id
        )
        current = f"\nmsgid {normalize(str(message.id), width=WIDTH)}\n"
        block = f"\n#| msgid {normalize(str(previous), prefix='#| ', width=WIDTH)}"
        text = text.replace(current, block + current, 1)
    return text


def write_catalog(catalog: Catalog, path: Path, *, ignore_obsolete: bool = False) -> None:
    """Write a catalog in the canonical form; a catalog whose messages did not change is
    left as it is, creation date included, so that diffs show only real changes."""
    from babel.messages.pofile import write_po  # noqa: PLC0415

    buffer = io.BytesIO()
    write_po(
        buffer,
        catalog,
        width=WIDTH,
        sort_output=False,
        sort_by_file=False,
        ignore_obsolete=ignore_obsolete,
        include_previous=False,
    )
    data = _with_previous(buffer.getvalue().decode("utf-8"), catalog).encode("utf-8")
    if path.is_file() and _CREATED.sub(b"", path.read_bytes()) == _CREATED.sub(b"", data):
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, data)


def _revive(catalog: Catalog, template: Catalog) -> None:
    """English that comes back (an edit undone) gets back its translation, which was kept
    as obsolete when the English went away."""
    for message in template:
        if message.id and message.id not in catalog and message.id in catalog.obsolete:
            catalog[message.id] = catalog.obsolete.pop(message.id)


def _new_catalog(lang: str) -> Catalog:
    """An empty catalog whose header passes the checks: its language, CLDR's plural rule,
    UTF-8, the day it was made, and no made-up translator."""
    import datetime as dt  # noqa: PLC0415

    from babel.messages.catalog import Catalog  # noqa: PLC0415

    from liberation_content.model.dates import build_moment  # noqa: PLC0415

    made = dt.datetime.fromisoformat(build_moment())
    return Catalog(
        locale=lang,
        project="liberation-content",
        fuzzy=False,
        last_translator=NO_TRANSLATOR,
        language_team=f"{language(lang).english_name} <none yet>",  # type: ignore[union-attr]
        creation_date=made,
        revision_date=made,
    )


def update(content: Path, languages: tuple[str, ...]) -> list[Path]:
    """Merge the POT files into ``content/locales/<lang>/LC_MESSAGES/*.po`` for each language."""
    templates = content / "locales" / "templates"
    pots = sorted(templates.glob("*.pot"))
    if not pots:
        msg = f"no POT files in {templates}; run 'nox -s i18n-extract' first"
        raise LiberationError(msg)
    if not languages:
        msg = "name the languages to update, for example: nox -s i18n-update -- fr es"
        raise LiberationError(msg)
    written = []
    for lang in languages:
        if not re.fullmatch(r"[a-z]{2,3}(_[A-Z]{2})?", lang) or language(lang) is None:
            close = suggest(lang)
            hint = f" Did you mean {', '.join(close)}?" if close else ""
            msg = (
                f"'{lang}' is not a language code CLDR knows, such as fr, es or pt_BR.{hint} "
                "A new language's folder is named after its code"
            )
            raise LiberationError(msg)
        folder = content / "locales" / lang / "LC_MESSAGES"
        for pot in pots:
            template = read_catalog(pot)
            path = folder / f"{pot.stem}.po"
            catalog = read_catalog(path) if path.is_file() else _new_catalog(lang)
            _revive(catalog, template)
            catalog.update(
                template,
                no_fuzzy_matching=False,
                update_header_comment=False,
                keep_user_comments=True,
            )
            # A message is live or obsolete, never both (msgfmt calls that a duplicate).
            for key in [k for k in catalog.obsolete if k in catalog._messages]:
                del catalog.obsolete[key]
            for message in catalog:
                plain_text(message)
            write_catalog(catalog, path)
            written.append(path)
    return written
