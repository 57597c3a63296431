"""What lets a reader and a reviewer trust the text: the evidence ledger, content versions,
the review note and dates in every product, the termbase, and the reference list."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from babel.messages.pofile import read_po, write_po
from helpers import FIXTURE_TODAY, BuildSite, edit, json_of, pdf_text, prepare, translate

from liberation_content.build import BuildOptions, build
from liberation_content.cli import main
from liberation_content.i18n.catalogs import check_catalogs
from liberation_content.model.ledger import LEDGER_FILE, check_ledger
from liberation_content.model.references import load_references
from liberation_content.model.versions import RELEASE_FILE, check_release, record_release
from liberation_content.pdf import print_leaflet

LEDGER = """
[[entry]]
page = "index"
key = "trial2018"
sentence = "The trial found no gain"
supports = "The trial found no benefit."
where = "Abstract, Results."

[[entry]]
page = "topic"
key = "trial2018"
sentence = "The trial did not help"
supports = "The trial found no benefit."
where = "Abstract, Results."

[[entry]]
page = "topic"
key = "agency2012"
sentence = "The agency warned of harm"
supports = "The agency's warning."
where = "The notice, first paragraph."

[[entry]]
page = "topic"
key = "trial2018"
sentence = "The agency warned of harm"
supports = "The trial's harms."
where = "Abstract, adverse events."

[[entry]]
page = "topic"
key = "trial2018"
sentence = "Trials found no gain"
supports = "No benefit."
where = "Abstract."
"""


@pytest.fixture
def ledgered(content: Path) -> Path:
    (content / LEDGER_FILE).write_text(LEDGER, encoding="utf-8")
    return content


def test_every_citation_has_a_ledger_entry(ledgered: Path) -> None:
    assert check_ledger(ledgered) == []


def test_a_citation_without_an_entry_is_named_with_its_line(ledgered: Path) -> None:
    page = ledgered / "topic.md"
    page.write_text(
        page.read_text(encoding="utf-8") + "\nA new claim {cite}`agency2012`.\n", encoding="utf-8"
    )
    problems = check_ledger(ledgered)
    assert len(problems) == 1
    line = len(page.read_text(encoding="utf-8").splitlines())
    assert (problems[0].path, problems[0].line) == (page, line)
    assert "'agency2012' in \u201cA new claim\u201d has no entry" in problems[0].message


def test_an_entry_whose_sentence_changed_is_named_with_its_line(ledgered: Path) -> None:
    edit(ledgered / "topic.md", "The trial did not help", "The trial showed no help")
    problems = check_ledger(ledgered)
    messages = [(str(p.path.name), p.line, p.message) for p in problems]
    assert (LEDGER_FILE, 9, messages[-1][2]) == messages[-1]
    assert "contains \u201cThe trial did not help\u201d any more" in messages[-1][2]
    assert any("has no entry" in m for _, _, m in messages)  # and the new sentence has none


def test_an_entry_missing_a_field_is_named(ledgered: Path) -> None:
    path = ledgered / LEDGER_FILE
    path.write_text(LEDGER.replace('where = "Abstract."\n', ""), encoding="utf-8")
    problems = check_ledger(ledgered)
    assert any(p.line == 30 and "needs where" in p.message for p in problems), problems


def test_content_check_command_reports_the_ledger_and_versions(
    ledgered: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["content", "release", "1.0", "--content", str(ledgered)]) == 0
    assert main(["content", "check", "--content", str(ledgered)]) == 0
    edit(ledgered / "topic.md", "Rest for a day.", "Rest for two days.")
    assert main(["content", "check", "--content", str(ledgered)]) == 1
    err = capsys.readouterr().err
    assert "topic.md:1: the text changed since version 1.2 was released" in err


def test_a_changed_page_needs_a_new_version_and_a_new_release(content: Path) -> None:
    record_release(content, "1.0")
    assert check_release(content) == []
    # A review date is not a change of text.
    edit(content / "topic.md", "last_reviewed: 2026-01-10", "last_reviewed: 2026-02-10")
    assert check_release(content) == []
    edit(content / "topic.md", "Rest for a day.", "Rest for two days.")
    assert ["the text changed" in p.message for p in check_release(content)] == [True]
    edit(content / "topic.md", 'version: "1.2"', 'version: "1.3"')
    assert ["is not released yet" in p.message for p in check_release(content)] == [True]
    with pytest.raises(Exception, match="already recorded"):
        record_release(content, "1.0")
    record_release(content, "1.1")
    assert check_release(content) == []
    assert 'version = "1.1"' in (content / RELEASE_FILE).read_text(encoding="utf-8")


def test_leaflets_print_the_content_version_not_the_software_version(
    content: Path, tmp_path: Path
) -> None:
    record_release(content, "3.1")
    out = tmp_path / "out"
    build(BuildOptions(out=out, content=content, today=FIXTURE_TODAY), ("json",))
    composed = json.loads((out / "json" / "leaflets" / "en" / "leaflet.json").read_text("utf-8"))
    assert composed["version"] == "3.1"
    words = " ".join(pdf_text(print_leaflet("leaflet", "en", data=out / "json")).split())
    assert "Version 3.1" in words


def test_the_review_is_told_in_words_and_dates_a_reader_uses(
    content: Path, build_site: BuildSite, tmp_path: Path
) -> None:
    site = build_site(content)
    review = json_of(site, "topic-in-brief")["review"]
    assert review == {
        "status": "draft",
        "note": "Not yet checked against its sources.",
        "by": "nobody yet",
        "checkedBy": "Checked by nobody yet.",
        "published": "2026-01-10",
        "nextReview": "2027-01-10",
        "dates": "Published January 2026 \u00b7 Next review January 2027",
    }
    html = (site / "topic.html").read_text(encoding="utf-8")
    assert 'Published <time datetime="2026-01-10">January 2026</time>' in html
    assert "Not yet checked against its sources. Checked by nobody yet." in html
    out = tmp_path / "pdf"
    build(BuildOptions(out=out, content=content, today=FIXTURE_TODAY), ("json",))
    words = " ".join(pdf_text(print_leaflet("leaflet", "en", data=out / "json")).split())
    assert "Published January 2026 \u00b7 Next review January 2027" in words
    assert "Not yet checked against its sources." in words


def test_the_review_note_and_dates_are_in_the_readers_language(
    content: Path, build_site: BuildSite
) -> None:
    edit(content / "topic.md", "review_status: draft", "review_status: editorial")
    edit(
        content / "topic.md",
        "reviewed_by: nobody yet",
        "reviewed_by: liberation-content maintainers",
    )
    prepare(content)
    for page in ("index", "topic", "interface"):
        translate(content, page)
    review = json_of(build_site(content, "fr"), "topic-in-brief")["review"]
    assert review["note"] == "[fr] Checked against its sources. Not yet reviewed by a clinician."  # type: ignore[index]
    assert review["by"] == "[fr] liberation-content maintainers"  # type: ignore[index]
    # The months are CLDR's: French names, placed by the translated sentence.
    assert "janvier 2026" in review["dates"] and review["dates"].startswith("[fr] ")  # type: ignore[index,union-attr]


TERMBASE = """
[[term]]
en = "trial"
use = ["essai"]
avoid = ["procès"]
note = "A clinical trial."
"""


def test_the_termbase_is_enforced_by_the_catalog_check(content: Path) -> None:
    prepare(content)
    translate(content, "topic")
    (content / "locales" / "fr" / "termbase.toml").write_text(TERMBASE, encoding="utf-8")
    po = content / "locales" / "fr" / "LC_MESSAGES" / "topic.po"
    with po.open("rb") as handle:
        catalog = read_po(handle)
    catalog["Is it in a trial?"].string = "Est-ce un procès ?"
    brief = next(m for m in catalog if str(m.id).startswith("The trial did not help"))
    brief.string = "Cela n'a pas aidé {cite}`trial2018`. Alerte {cite}`agency2012,trial2018`."
    catalog["Ask these."].string = "Posez un essai."
    with po.open("wb") as handle:
        write_po(handle, catalog, width=79)
    found = [p for p in check_catalogs(content, "fr") if p.code == "termbase"]
    messages = sorted(p.message for p in found)
    assert len(found) >= 2
    assert any("not to write \u201cprocès\u201d" in m for m in messages)
    assert any("the termbase asks for \u201cessai\u201d" in m for m in messages)
    assert all(p.path == po and p.line for p in found)


def test_references_have_one_full_stop_after_et_al_and_a_short_form_for_print() -> None:
    from liberation_content.resources import content_dir  # noqa: PLC0415

    refs = load_references(content_dir() / "references.toml")
    for ref in refs.values():
        assert ".." not in ref.citation(), ref.key
    comi = refs["comi2013"]
    assert comi.citation(authors_shown=3).startswith(
        "Comi G, Battaglia MA, Bertolotto A, et al.; CoSMo Collaborative Study Group. "
    )
    assert refs["fda2012"].link.startswith("https://web.archive.org/web/2012/http://www.fda.gov/")


def test_the_ledger_quotes_a_linked_word_as_its_reader_reads_it(ledgered: Path) -> None:
    edit(ledgered / "topic.md", "The trial did not help", "The [trial](index.md) did not help")
    assert check_ledger(ledgered) == []
