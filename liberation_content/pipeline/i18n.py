"""The translators' catalogs: extract the English messages, and merge them into each language.

Messages are extracted only by Sphinx's gettext builder, from the same doctree the
products are written from. Catalogs are written in one canonical form (Babel, wrapped at
79 columns, locations relative to ``content/``), so a change to the English shows up in a
PO diff as exactly the entries it touched: changed entries become fuzzy, new ones arrive
empty, and removed ones are kept at the end as obsolete.
"""

from __future__ import annotations

import io
import re
import tempfile
from pathlib import Path

from liberation_content.errors import LiberationError

from .options import BuildOptions

TYPE_CHECKING = False
if TYPE_CHECKING:
    from babel.messages.catalog import Catalog, Message

__all__ = ["WIDTH", "extract", "update"]

#: Column at which PO files are wrapped; the same for everyone, so diffs stay small.
WIDTH = 79


def _relative(out: Path, content: Path, location: str) -> str:
    """A message's location relative to the content folder, whatever the folder is called."""
    try:
        return (out / location).resolve().relative_to(content.resolve()).as_posix()
    except ValueError:
        return location


def _plain_text(message: Message) -> None:
    """Content is Markdown, not a format string: ``{cite}`` is a role, not a placeholder."""
    message.flags.discard("python-format")
    message.flags.discard("python-brace-format")


def _read(path: Path) -> Catalog:
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


def _write(catalog: Catalog, path: Path, *, ignore_obsolete: bool = False) -> None:
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
    partial = path.with_name(f".{path.name}.partial")
    partial.write_bytes(data)
    partial.replace(path)


def _translator_notes(content: Path) -> dict[str, dict[str, str]]:
    """``content/translator-notes.toml``: page -> English words -> a note for translators."""
    import tomllib  # noqa: PLC0415

    path = content / "translator-notes.toml"
    if not path.is_file():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        msg = f"{path}: {exc}. Fix the TOML there"
        raise LiberationError(msg) from None
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


def extract(options: BuildOptions) -> list[Path]:
    """Write one POT per page into ``content/locales/templates/`` (the English messages)."""
    from .sphinx_run import run_sphinx  # noqa: PLC0415

    content = options.content_root
    target = content / "locales" / "templates"
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch) / "gettext"
        run_sphinx(options.with_(out=Path(scratch)), builder="gettext", lang="en", outdir=out)
        written = []
        notes = _translator_notes(content)
        for pot in sorted(out.glob("*.pot")):
            catalog = _read(pot)
            unused = dict(notes.get(pot.stem, {}))
            for message in catalog:
                message.locations = [
                    (_relative(out, content, path), line) for path, line in message.locations
                ]
                _plain_text(message)
                for key, note in notes.get(pot.stem, {}).items():
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
            _write(catalog, target / pot.name)
            written.append(target / pot.name)
        from .interface import template  # noqa: PLC0415

        interface = template()
        interface.header_comment = (  # type: ignore[attr-defined]
            "# English labels of the liberation-content site and leaflets.\n"
            "# Made by 'nox -s i18n-extract'; do not edit."
        )
        _write(interface, target / "interface.pot")  # type: ignore[arg-type]
        written.append(target / "interface.pot")
        for stale in set(target.glob("*.pot")) - set(written):
            stale.unlink()
    return written


def update(options: BuildOptions, languages: tuple[str, ...]) -> list[Path]:
    """Merge the POT files into ``content/locales/<lang>/LC_MESSAGES/*.po`` for each language."""
    from babel.messages.catalog import Catalog  # noqa: PLC0415

    content = options.content_root
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
        if not re.fullmatch(r"[a-z]{2,3}(_[A-Z]{2})?", lang):
            msg = f"'{lang}' is not a language code such as fr, es or pt_BR"
            raise LiberationError(msg)
        folder = content / "locales" / lang / "LC_MESSAGES"
        for pot in pots:
            template = _read(pot)
            path = folder / f"{pot.stem}.po"
            if path.is_file():
                catalog = _read(path)
            else:
                catalog = Catalog(locale=lang, project="liberation-content", fuzzy=False)
            catalog.update(
                template,
                no_fuzzy_matching=False,
                update_header_comment=False,
                keep_user_comments=True,
            )
            for message in catalog:
                _plain_text(message)
            _write(catalog, path)
            written.append(path)
    return written
