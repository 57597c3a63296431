"""The publish gate: a translation reaches the products only when it is whole and checked."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from babel.messages.pofile import read_po, write_po
from helpers import (
    FIXTURE_TODAY,
    SITE,
    BuildSite,
    edit,
    json_of,
    prepare,
    translate,
    translate_every_page,
)

from liberation_content.build import BuildOptions, build
from liberation_content.cli import main
from liberation_content.errors import LiberationError
from liberation_content.i18n.catalogs import check_catalogs, status
from liberation_content.i18n.checks import check_entry
from liberation_content.model.leaflets import load_leaflet


def test_only_complete_pages_are_published(content: Path, build_site: BuildSite) -> None:
    prepare(content)
    translate(content, "topic")
    site = build_site(content, lang="fr")
    topic = (site / "topic.html").read_text(encoding="utf-8")
    assert "[fr] Does it work?" in topic and "translation-held-back" not in topic
    index = (site / "index.html").read_text(encoding="utf-8")
    # (The interface is not translated here: the notice is English, and marked so.)
    assert '<div class="translation-held-back" role="note" lang="en" dir="ltr"' in index
    assert '<div class="body" lang="en" dir="ltr">' in index and "Key facts" in index
    assert json_of(site, "topic")["lang"] == "fr"
    assert json_of(site, "topic")["translationStatus"] == "complete"
    held = json_of(site, "key-facts")
    assert held["lang"] == "en" and held["translationStatus"] == "missing"


def test_changed_english_holds_the_page_back_until_retranslated(
    content: Path, build_site: BuildSite, tmp_path: Path
) -> None:
    prepare(content)
    translate(content, "topic")
    translate(content, "index")
    edit(content / "topic.md", "Ask these.", "Ask these, please.")
    prepare(content)
    states = status(content, "fr")
    assert states["topic"].state == "outdated" and states["topic"].fuzzy == 1
    assert states["index"].state == "complete"
    site = build_site(content, lang="fr")
    assert json_of(site, "topic")["translationStatus"] == "outdated"
    assert 'class="translation-held-back"' in (site / "topic.html").read_text(encoding="utf-8")
    with pytest.raises(LiberationError, match="not translated into 'fr' yet") as held:
        load_leaflet(tmp_path / "out" / "json", "leaflet", "fr")
    # Said with the content's own paths: the same bytes on every machine.
    assert str(held.value).startswith("content/leaflets/leaflet.toml: 'topic")
    composed = (tmp_path / "out" / "json" / "leaflets" / "fr" / "leaflet.json").read_text()
    assert str(tmp_path) not in composed
    translate(content, "topic")
    assert status(content, "fr")["topic"].state == "complete"
    site = build_site(content, lang="fr")
    assert json_of(site, "topic")["translationStatus"] == "complete"
    html = (site / "topic.html").read_text(encoding="utf-8")
    assert "[fr] Ask these, please." in html and "translation-held-back" not in html


def test_a_translation_that_breaks_markup_is_not_published(content: Path) -> None:
    prepare(content)
    translate(content, "topic")
    po = content / "locales" / "fr" / "LC_MESSAGES" / "topic.po"
    text = po.read_text(encoding="utf-8")
    po.write_text(
        text.replace("[fr] No. Trials found no gain {cite}`trial2018`.", "[fr] Non. Aucun gain."),
        encoding="utf-8",
    )
    result = status(content, "fr")["topic"]
    assert result.state == "outdated"
    message = str(result.problems[0])
    assert message.startswith(f"{po}:") and "keep the roles exactly" in message


@pytest.mark.parametrize(
    ("msgid", "msgstr", "expected"),
    [
        ("See {cite}`a2018`.", "Voir.", "keep the roles exactly"),
        ("[site](https://a.example)", "[site](https://b.example)", "link address"),
        ("It had **115** people.", "Il y avait 115 personnes.", "bold markup"),
        ("115 people in 2018", "114 personnes en 2018", "numbers differ"),
        ("Brave Dreams found", "Beaux Rêves a trouvé", "'Brave Dreams' must stay"),
        ("Plain.", "<b>Simple</b>.", "raw HTML"),
    ],
)
def test_each_check_names_the_mistake(msgid: str, msgstr: str, expected: str) -> None:
    assert any(expected in problem for problem in check_entry(msgid, msgstr))


def test_a_correct_translation_passes_every_check() -> None:
    assert (
        check_entry(
            "It had **115** people {cite}`a2018`, see [this](https://a.example).",
            "Il y avait **115** personnes {cite}`a2018`, voir [ceci](https://a.example).",
        )
        == []
    )


@pytest.mark.parametrize(
    ("msgid", "msgstr"),
    [
        ("About 2,000 people.", "Unas 2000 personas."),
        ("About 1,767 people.", "Environ 1\u202f767 personnes."),
        ("It lasts 2.5 days.", "Cela dure 2,5 jours."),
        ("See <https://clinicaltrials.gov> for trials.", "Voir <https://clinicaltrials.gov>."),
    ],
)
def test_valid_translations_are_not_refused(msgid: str, msgstr: str) -> None:
    assert check_entry(msgid, msgstr) == []


def test_building_every_language_includes_french(content: Path, tmp_path: Path) -> None:
    prepare(content)
    written = build(
        BuildOptions(out=tmp_path / "all", content=content, today=FIXTURE_TODAY), ("json",)
    )
    assert tmp_path / "all" / "json" / "fr" in written
    manifest = json.loads((tmp_path / "all" / "json" / "index.json").read_text("utf-8"))
    assert [language["code"] for language in manifest["languages"]] == ["en", "fr"]
    assert manifest["snippets"]["topic"]["languages"]["fr"]["translationStatus"] == "missing"


def test_status_reports_counts_and_what_is_publishable(
    content: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    prepare(content)
    translate(content, "topic")
    capsys.readouterr()
    assert main(["i18n", "status", "--content", str(content)]) == 0
    lines = capsys.readouterr().out.splitlines()
    topic = next(line for line in lines if line.startswith("fr    topic"))
    index = next(line for line in lines if line.startswith("fr    index"))
    assert topic.split()[2:6] == ["19", "0", "0", "100.0%"] and topic.endswith("complete")
    assert index.endswith("missing (held back)")
    assert main(["i18n", "status", "fr", "--json", "--content", str(content)]) == 0
    data = json.loads(capsys.readouterr().out)
    pages = {page["page"]: page for page in data["fr"]}
    assert pages["topic"]["publishable"] and not pages["index"]["publishable"]
    assert pages["index"]["words_outstanding"] > 0
    assert main(["i18n", "status", "de", "--content", str(content)]) == 1


def test_every_page_links_to_its_other_languages(content: Path, build_site: BuildSite) -> None:
    prepare(content)
    for lang in ("en", "fr"):
        html = (build_site(content, lang=lang) / "topic.html").read_text(encoding="utf-8")
        assert f'<link rel="alternate" hreflang="fr" href="{SITE}fr/topic.html" />' in html
        assert f'<link rel="alternate" hreflang="en" href="{SITE}en/topic.html" />' in html
        assert f'hreflang="x-default" href="{SITE}en/topic.html" />' in html
        assert f'hreflang="{lang}" lang="{lang}" aria-current="page"' in html


def test_languages_built_in_one_process_never_borrow_each_others_text(
    content: Path, tmp_path: Path
) -> None:
    prepare(content)
    translate(content, "topic")
    assert main(["i18n", "update", "es", "--content", str(content)]) == 0
    translate(content, "topic", lang="es")
    build(BuildOptions(out=tmp_path / "all", content=content, today=FIXTURE_TODAY), ("html",))
    html = {
        lang: (tmp_path / "all" / "html" / lang / "topic.html").read_text("utf-8")
        for lang in ("en", "fr", "es")
    }
    assert "[fr] Does it work?" in html["fr"] and "[es]" not in html["fr"]
    assert "[es] Does it work?" in html["es"] and "[fr]" not in html["es"]
    assert "[fr]" not in html["en"] and "[es]" not in html["en"]


def _break_open_string(text: str) -> str:
    """A translation whose closing quote is missing (a lenient reader drops a letter)."""
    return text.replace('msgstr "[fr] Is it in a trial?"', 'msgstr "[fr] Is it in a trial?', 1)


def _break_header(text: str) -> str:
    return text.replace("charset=utf-8", "charset=ISO-8859-1", 1).replace(
        "charset=UTF-8", "charset=ISO-8859-1", 1
    )


def _duplicate(text: str) -> str:
    return text + '\nmsgid "Is it in a trial?"\nmsgstr "[fr] Encore ?"\n'


def _stray_line(text: str) -> str:
    return text.replace('msgid "Is it in a trial?"', 'msgid "Is it in a trial?"\nBonjour', 1)


@pytest.mark.parametrize(
    ("breaking", "expected"),
    [
        (_break_open_string, "this string is not closed"),
        (_break_header, "Content-Type"),
        (_duplicate, "this message is already at line"),
        (_stray_line, "this line is not part of an entry"),
        (lambda text: text + 'msgid "broken\n', "not closed"),
        (lambda text: text.replace("charset=utf-8", "charset=foo-bar", 1), "not known"),
    ],
)
def test_a_catalog_that_cannot_be_read_exactly_stops_that_language(
    content: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    breaking: Callable[[str], str],
    expected: str,
) -> None:
    """Never published truncated or marked complete: the build of that language stops,
    names the file and line, and the last good outputs stay as they were."""
    translate_every_page(content)
    out = tmp_path / "o"
    command = ["build", "--lang", "fr", "--content", str(content), "--out", str(out)]
    command += ["--today", FIXTURE_TODAY]
    assert main(command) == 0
    before = {p: p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file() and "fr" in p.parts}
    assert before
    capsys.readouterr()
    po = content / "locales" / "fr" / "LC_MESSAGES" / "topic.po"
    po.write_text(breaking(po.read_text(encoding="utf-8")), encoding="utf-8")
    code = main(command)
    err = capsys.readouterr().err
    assert code == 1 and "Traceback" not in err
    assert re.search(rf"{re.escape(str(po))}:\d+: ", err) and expected in err, err
    after = {p: p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file() and "fr" in p.parts}
    assert after == before


def test_english_that_comes_back_gets_its_translation_back(content: Path) -> None:
    """A translation kept as obsolete (its English went away) is live again, and only
    once, when the English comes back: never a duplicate that msgfmt refuses."""
    translate_every_page(content)
    po = content / "locales" / "fr" / "LC_MESSAGES" / "topic.po"
    with po.open("rb") as handle:
        catalog = read_po(handle)
    catalog.obsolete["Who checks it?"] = catalog["Who checks it?"]
    catalog.delete("Who checks it?")
    with po.open("wb") as handle:
        write_po(handle, catalog, width=79)
    prepare(content)
    with po.open("rb") as handle:
        catalog = read_po(handle)
    message = catalog["Who checks it?"]
    assert message.string == "[fr] Who checks it?" and not message.fuzzy
    assert "Who checks it?" not in catalog.obsolete
    assert not [p for p in check_catalogs(content, "fr") if "duplicate" in p.message]
