"""Translator catalogs: extracted from the doctree, merged so that changes are visible."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.pofile import read_po, write_po
from helpers import edit

from liberation_content.cli import main
from liberation_content.i18n.catalogs import check_catalogs


def _catalog(path: Path) -> object:
    with path.open("rb") as handle:
        return read_po(handle)


def test_extract_writes_one_template_per_page_with_the_summary(content: Path) -> None:
    assert main(["i18n", "extract", "--content", str(content)]) == 0
    templates = content / "locales" / "templates"
    assert sorted(p.name for p in templates.glob("*.pot")) == [
        "index.pot",
        "interface.pot",
        "topic.pot",
    ]
    catalog = _catalog(templates / "topic.pot")
    ids = [m.id for m in catalog if m.id]  # type: ignore[attr-defined]
    assert "One topic page with a checklist and a question." in ids  # the summary
    assert "No. Trials found no gain {cite}`trial2018`." in ids
    locations = [loc for m in catalog for loc in m.locations]  # type: ignore[attr-defined]
    assert locations and all(path == "topic.md" and line for path, line in locations)


def test_update_marks_changed_english_fuzzy_and_keeps_removed_as_obsolete(
    content: Path,
) -> None:
    main(["i18n", "extract", "--content", str(content)])
    main(["i18n", "update", "fr", "--content", str(content)])
    po = content / "locales" / "fr" / "LC_MESSAGES" / "topic.po"
    text = po.read_text(encoding="utf-8")
    text = text.replace('msgid "Ask these."\nmsgstr ""', 'msgid "Ask these."\nmsgstr "Posez-les."')
    po.write_text(text, encoding="utf-8")
    edit(content / "topic.md", "Ask these.", "Ask these, please.")
    edit(
        content / "topic.md", "No. Trials found no gain {cite}`trial2018`.", "No. {cite}`trial2018`"
    )
    main(["i18n", "extract", "--content", str(content)])
    main(["i18n", "update", "fr", "--content", str(content)])
    catalog = _catalog(po)
    changed = catalog.get("Ask these, please.")  # type: ignore[attr-defined]
    assert changed is not None and changed.fuzzy and changed.string == "Posez-les."
    assert "No. Trials found no gain {cite}`trial2018`." in catalog.obsolete  # type: ignore[attr-defined]
    assert catalog.get("No. {cite}`trial2018`").string == ""  # type: ignore[attr-defined]
    assert all(len(line) <= 79 for line in po.read_text(encoding="utf-8").splitlines())


def test_update_names_what_is_missing(content: Path, capsys: object) -> None:
    assert main(["i18n", "update", "fr", "--content", str(content)]) == 1
    assert main(["i18n", "extract", "--content", str(content)]) == 0
    assert main(["i18n", "update", "--content", str(content)]) == 1
    assert main(["i18n", "update", "French", "--content", str(content)]) == 1
    err = capsys.readouterr().err  # type: ignore[attr-defined]
    assert "no POT files" in err and "run 'nox -s i18n-extract' first" in err
    assert "name the languages to update" in err
    assert "'French' is not a language code" in err


def test_the_previous_english_of_a_long_fuzzy_entry_stays_valid_po(content: Path) -> None:
    main(["i18n", "extract", "--content", str(content)])
    main(["i18n", "update", "fr", "--content", str(content)])
    po = content / "locales" / "fr" / "LC_MESSAGES" / "topic.po"
    catalog = _catalog(po)
    long = next(m for m in catalog if m.id and len(str(m.id)) > 70)  # type: ignore[attr-defined]
    with po.open("rb") as handle:
        full = read_po(handle)
    full[long.id].string = "Une longue traduction."
    with po.open("wb") as handle:
        write_po(handle, full, width=79)
    edit(content / "topic.md", str(long.id)[:20], str(long.id)[:20] + " really")
    main(["i18n", "extract", "--content", str(content)])
    main(["i18n", "update", "fr", "--content", str(content)])
    text = po.read_text(encoding="utf-8")
    previous = [line for line in text.splitlines() if line.startswith("#|")]
    assert previous and previous[0].startswith('#| msgid "')
    assert all(line.startswith(('#| msgid "', '#| "')) and line.endswith('"') for line in previous)
    # A file GNU gettext can read (checked by msgfmt itself where it is installed).
    errors = [
        p
        for p in check_catalogs(content, "fr")
        if p.code in ("msgfmt", "po-syntax") and "warning" not in p.message
    ]
    assert not errors


def test_translator_notes_reach_every_message_they_name(
    content: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (content / "translator-notes.toml").write_text(
        '[topic]\n"Trials" = "Clinical trials: studies in people."\n', encoding="utf-8"
    )
    assert main(["i18n", "extract", "--content", str(content)]) == 0
    catalog = _catalog(content / "locales" / "templates" / "topic.pot")
    noted = [m for m in catalog if m.id and "Trials" in str(m.id)]  # type: ignore[attr-defined]
    assert noted and all("Clinical trials: studies in people." in m.auto_comments for m in noted)
    (content / "translator-notes.toml").write_text(
        '[topic]\n"Nowhere in the page" = "A note."\n', encoding="utf-8"
    )
    assert main(["i18n", "extract", "--content", str(content)]) == 1
    err = capsys.readouterr().err
    assert "translator-notes.toml" in err and "'Nowhere in the page' matches no message" in err
