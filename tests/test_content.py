"""The real content: it builds clean under every check, and covers every topic."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers import page_count

from liberation_content.build import BuildOptions, build
from liberation_content.model.ledger import check_ledger
from liberation_content.model.references import load_references
from liberation_content.model.versions import check_release
from liberation_content.pdf import new_printer, print_leaflet
from liberation_content.pdf.render import LeafletPrinter
from liberation_content.resources import content_dir

pytestmark = pytest.mark.content

EXAMPLE_BRAND = Path(__file__).parents[1] / "docs" / "examples" / "brand.toml"
ARTICLE = Path(__file__).parents[2] / "shared" / "source" / "liberation-procedure-article.txt"

#: Every topic the content must cover, by the stable ID of its block, and its page.
REQUIRED_BLOCKS = {
    "index": ["key-facts", "not-medical-advice", "about-this-information"],
    "what-it-is": [
        "what-it-is-in-brief",
        "ccsvi-idea",
        "how-it-is-done",
        "stents",
        "why-liberation",
    ],
    "how-it-spread": ["how-it-spread-in-brief", "hope-and-stories", "ms-changes-over-time"],
    "evidence": [
        "evidence-in-brief",
        "ccsvi-not-confirmed",
        "randomized-trials",
        "review-of-the-trials",
        "personal-stories",
        "placebo-and-nocebo",
    ],
    "safety": [
        "safety-in-brief",
        "urgent-warning-signs",
        "fda-warning",
        "harms-in-the-trials",
        "devices-not-approved",
        "coverage",
        "trials-versus-clinics",
    ],
    "questions": [
        "checklist-evidence-and-oversight",
        "checklist-procedure-and-safety",
        "checklist-my-care-plan",
    ],
    "alternatives": [
        "alternatives-in-brief",
        "disease-modifying-therapies",
        "relapses-and-symptoms",
        "rehabilitation-and-lifestyle",
    ],
    "decision-guide": [
        "weighing-it-up",
        "decision-step-1",
        "decision-step-2",
        "decision-step-3",
        "decision-step-4",
    ],
    "faq": [
        "faq-is-ccsvi-real",
        "faq-can-it-cure-ms",
        "faq-is-it-ever-reasonable",
        "faq-are-studies-ongoing",
    ],
    "aftercare": [
        "aftercare-in-brief",
        "urgent-after-the-procedure",
        "aftercare-tell-your-team",
        "aftercare-blood-thinners",
        "aftercare-stent-card",
        "aftercare-narrowing-again",
        "aftercare-cost-and-travel",
        "aftercare-report-a-problem",
    ],
    "experiences": ["experiences-in-brief"],
    "support": ["find-support", "find-a-trial"],
    "glossary": [
        "term-relapse",
        "term-dmt",
        "term-anti-cd20",
        "term-pta",
        "term-sham",
        "term-ethics-committee",
        "term-trial-register",
    ],
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("real")
    build(BuildOptions(out=out, languages=("en",), content=content_dir()), ("html",))
    return out / "html" / "en"


def test_the_real_content_builds_clean_under_every_check(site: Path) -> None:
    # The build treats every warning as an error: metadata, citations, block shapes,
    # raw HTML and the readability limits (page <= 8; key facts, checklists, FAQ answers,
    # glossary entries and urgent-help boxes <= 7).
    assert (site / "index.html").is_file()


def test_every_citation_is_in_the_evidence_ledger() -> None:
    assert check_ledger(content_dir()) == []


def test_every_changed_page_has_a_new_version_and_the_release_records_it() -> None:
    assert check_release(content_dir()) == []


@pytest.mark.parametrize(("page", "ids"), REQUIRED_BLOCKS.items())
def test_every_topic_is_covered_by_a_labelled_block(site: Path, page: str, ids: list[str]) -> None:
    html = (site / f"{page}.html").read_text(encoding="utf-8")
    for block in ids:
        box = block.startswith("urgent-")
        marker = f'<aside class="urgent" id="{block}">' if box else f'<section id="{block}">'
        assert marker in html, f"{page}: no block '{block}'"


def test_every_page_shows_its_review_record_and_references(site: Path) -> None:
    for page in REQUIRED_BLOCKS:
        html = (site / f"{page}.html").read_text(encoding="utf-8")
        assert re.search(r"Published <time datetime=\"\d{4}-\d\d-\d\d\">\w+ \d{4}</time>", html)
        assert "Checked against its sources. Not yet reviewed by a clinician." in html, page
        assert "Checked by liberation-content maintainers." in html, page
        if page not in {"support", "questions", "decision-guide"}:
            assert 'id="references"' in html, f"{page} cites nothing"


def test_every_source_is_cited_and_says_how_it_was_checked() -> None:
    refs = load_references(content_dir() / "references.toml")
    text = "\n".join(p.read_text(encoding="utf-8") for p in content_dir().glob("*.md"))
    cited = set()
    for group in re.findall(r"\{cite\}`([^`]+)`", text):
        cited.update(k.strip() for k in group.split(","))
    assert cited <= set(refs)
    assert set(refs) <= cited, f"never cited: {set(refs) - cited}"
    for ref in refs.values():
        assert re.match(r"\d{4}-\d{2}-\d{2}: ", ref.checked), ref.key
        assert ref.link.startswith(("https://", "http://")), ref.key


@pytest.mark.skipif(not ARTICLE.is_file(), reason="the source article is not beside the repo")
def test_no_sentence_is_copied_from_the_source_article() -> None:
    def words(text: str) -> list[str]:
        return re.findall(r"[a-z0-9']+", text.lower().replace("\u2019", "'"))

    source = words(ARTICLE.read_text(encoding="utf-8"))
    size = 8  # no run of eight words from the article
    runs = {tuple(source[i : i + size]) for i in range(len(source) - size + 1)}
    for page in sorted(content_dir().glob("*.md")):
        found = words(page.read_text(encoding="utf-8"))
        copied = [
            " ".join(found[i : i + size])
            for i in range(len(found) - size + 1)
            if tuple(found[i : i + size]) in runs
        ]
        assert not copied, f"{page.name} repeats the article: {copied[0]}"


@pytest.fixture(scope="module")
def printer() -> LeafletPrinter:
    return new_printer()


def _print_home(
    printer: LeafletPrinter,
    data: Path,
    name: str,
    lang: str,
    size: str,
    *,
    brand: Path | None = None,
) -> bytes:
    """A real leaflet, printed from the real content's JSON in the home edition."""
    return print_leaflet(name, lang, size=size, brand=brand, printer=printer, data=data)


@pytest.fixture(scope="module")
def printed(printer: LeafletPrinter, published: Path) -> dict[str, bytes]:
    """The real leaflets in English, with a brand that fills every field (the longest
    contact block a charity is likely to have)."""
    return {
        f"{name}-{size}": _print_home(printer, published, name, "en", size, brand=EXAMPLE_BRAND)
        for name, size in (
            ("leaflet", "A5"),
            ("questions", "A4"),
            ("questions", "Letter"),
            ("article", "A4"),
        )
    }


def test_the_short_leaflet_fits_four_a5_pages_at_12_pt(printed: dict[str, bytes]) -> None:
    import io  # noqa: PLC0415

    import pdfplumber  # noqa: PLC0415

    pdf = printed["leaflet-A5"]
    assert page_count(pdf) <= 4
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        words = [w for page in doc.pages for w in page.extract_words(extra_attrs=["size"])]
    text = " ".join(w["text"] for w in words)
    for heading in (
        "Key facts",
        "What the liberation procedure is",
        "What the research found",
        "Safety and risks",
        "Where to find support",
    ):
        assert heading in text
    body = [w for w in words if w["text"] in {"balloon", "trials", "clots", "neurologist"}]
    assert body and min(round(w["size"], 1) for w in body) >= 12


def test_the_questions_sheet_is_one_page_on_a4_and_letter(printed: dict[str, bytes]) -> None:
    assert page_count(printed["questions-A4"]) == 1
    assert page_count(printed["questions-Letter"]) == 1


def test_the_article_covers_every_page(printed: dict[str, bytes]) -> None:
    assert page_count(printed["article-A4"]) >= len(REQUIRED_BLOCKS)


@pytest.mark.parametrize("lang", ["fr", "es", "ar"])
def test_every_language_keeps_the_leaflet_on_four_a5_pages_and_the_sheet_on_one(
    printer: LeafletPrinter, published: Path, lang: str
) -> None:
    assert page_count(_print_home(printer, published, "leaflet", lang, "A5")) <= 4
    assert page_count(_print_home(printer, published, "questions", lang, "A4")) == 1
