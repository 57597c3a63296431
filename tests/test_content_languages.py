"""The shipped French, Spanish and Arabic editions: complete, checked, honest about who
translated them, and right to left where they should be."""

from __future__ import annotations

import io
import itertools
import re
from html.parser import HTMLParser
from pathlib import Path

import pdfplumber
import pytest
from babel.messages.pofile import read_po
from helpers import ROOT

from liberation_content import SnippetStore
from liberation_content.i18n.catalogs import check_catalogs, status
from liberation_content.model.leaflets import load_leaflet
from liberation_content.pdf import new_printer, print_leaflet
from liberation_content.pdf.fonts import embedded_fonts
from liberation_content.resources import content_dir

pytestmark = pytest.mark.content

SHIPPED = ("fr", "es", "ar")


@pytest.mark.parametrize("lang", SHIPPED)
def test_every_shipped_language_is_complete_and_passes_every_check(lang: str) -> None:
    content = content_dir()
    pages = status(content, lang)
    assert {page.state for page in pages.values()} == {"complete"}, {
        name: page.state for name, page in pages.items() if page.state != "complete"
    }
    assert "interface" in pages
    assert check_catalogs(content, lang) == []


@pytest.mark.parametrize("lang", SHIPPED)
def test_catalog_headers_say_honestly_who_translated(lang: str) -> None:
    for po in sorted((content_dir() / "locales" / lang / "LC_MESSAGES").glob("*.po")):
        with po.open("rb") as handle:
            catalog = read_po(handle)
        assert "machine-assisted" in str(catalog.last_translator), po
        assert "review by a native-speaking health professional pending" in str(
            catalog.last_translator
        ), po


@pytest.mark.parametrize("lang", SHIPPED)
def test_shipped_snippets_are_in_their_language(published: Path, lang: str) -> None:
    get = SnippetStore(published).get
    snippet = get("safety", lang=lang)
    assert snippet.lang == lang
    assert snippet.translation_status == "complete"
    assert snippet.title != get("safety", lang="en").title


def test_arabic_leaflet_reads_right_to_left_with_its_dates_in_arabic(published: Path) -> None:
    pdf = print_leaflet("leaflet", "ar", data=published)
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        page = doc.pages[0]
        words = page.extract_words()
        footer = " ".join(w["text"] for w in words if w["top"] > page.height * 0.9)
        # The dates are months and years ("نوفمبر 2026"), not days in either order.
        assert "2026" in footer and "2027" in footer, footer
        assert not re.search(r"\d\d-\d\d-20\d\d|20\d\d-\d\d-\d\d", footer), footer
        # "Page 1 of 4" ends the footer's first line: at the left margin.
        numbers = [w for w in words if w["top"] > page.height * 0.9 and w["text"] == "4"]
        assert numbers and numbers[0]["x0"] < page.width * 0.2, numbers
        # Arabic text sits against the right margin: list items start at the right.
        arabic = [w for w in words if re.search(r"[\u0600-\u06ff]", w["text"])]
        right_edges = [w["x1"] for w in arabic]
        assert max(right_edges) > page.width * 0.85
    assert any(font.startswith("Noto-Sans-Arabic") for font in embedded_fonts(pdf))


@pytest.mark.parametrize("lang", SHIPPED)
def test_apps_and_readers_are_told_the_translation_is_machine_assisted(
    published: Path, lang: str
) -> None:
    get = SnippetStore(published).get
    credit = get("safety", lang=lang).translation
    assert credit == {
        "by": "liberation-content maintainers",
        "machineAssisted": True,
        "reviewedBy": None,
    }
    assert get("safety", lang="en").translation is None


def test_arabic_editions_from_one_layout_print_without_harfbuzz(
    monkeypatch: pytest.MonkeyPatch, published: Path
) -> None:
    """Machines without HarfBuzz's subsetter use fontTools, which subsets in place: the
    second PDF written from the same pages must still get whole fonts."""
    monkeypatch.setattr("weasyprint.pdf.fonts.harfbuzz_subset", None)
    printer = new_printer()
    for edition in ("home", "print-shop", "booklet"):
        pdf = print_leaflet("leaflet", "ar", edition_name=edition, printer=printer, data=published)
        with pdfplumber.open(io.BytesIO(pdf)) as doc:
            assert re.search(r"[\u0600-\u06ff]", doc.pages[0].extract_text() or ""), edition


def _glyph_widths(pdf: bytes) -> dict[str, dict[int, float]]:
    """Each embedded font's glyph widths (the /W array the text was laid out with)."""
    import pikepdf  # noqa: PLC0415

    found: dict[str, dict[int, float]] = {}
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        for page in doc.pages:
            for font in page.Resources.Font.values():
                table = found.setdefault(str(font.BaseFont).split("+")[-1], {})
                widths = list(font.DescendantFonts[0].get("/W", []))
                while widths:
                    first, spec = int(widths[0]), widths[1]
                    if isinstance(spec, pikepdf.Array):
                        table.update({first + i: float(w) for i, w in enumerate(spec)})
                        widths = widths[2:]
                    else:
                        table.update({g: float(widths[2]) for g in range(first, int(spec) + 1)})
                        widths = widths[3:]
    return found


def test_arabic_bold_text_is_set_with_the_bold_letters_widths(published: Path) -> None:
    """The fonts are variable; a bold face must be laid out with its own (wider) letters,
    not drawn bold over the regular widths, where letters would overlap."""
    widths = _glyph_widths(print_leaflet("leaflet", "ar", data=published))
    regular, bold = widths["Noto-Sans-Arabic"], widths["Noto-Sans-Arabic-Bold"]
    common = set(regular) & set(bold)
    assert len(common) > 20
    assert sum(bold[g] for g in common) > 1.05 * sum(regular[g] for g in common)


@pytest.mark.parametrize("lang", ("en", *SHIPPED))
def test_urgent_help_is_a_box_in_every_product_and_language(published: Path, lang: str) -> None:
    import json  # noqa: PLC0415

    get = SnippetStore(published).get
    box = get("urgent-warning-signs", lang=lang)
    assert box.type == "urgent" and box.lang == lang
    assert len(box.items) == 4
    if lang != "en":
        assert box.title != get("urgent-warning-signs", lang="en").title
    html = (published.parent / "html" / lang / "safety.html").read_text(encoding="utf-8")
    assert '<aside class="urgent" id="urgent-warning-signs">' in html
    leaflet = json.loads((published / "leaflets" / lang / "leaflet.json").read_text("utf-8"))
    printed = "".join(b["html"] for b in leaflet["blocks"])
    assert '<aside class="urgent"><p class="admonition-title">' + box.title in printed
    with pdfplumber.open(io.BytesIO(print_leaflet("leaflet", lang, data=published))) as doc:
        text = " ".join(" ".join(page.extract_text() or "" for page in doc.pages).split())
    if lang != "ar":  # (Arabic text extraction is judged in the PDF tests)
        assert box.items[0].text.split()[0] in text


@pytest.mark.parametrize("lang", ("en", *SHIPPED))
def test_the_review_note_travels_with_the_text_in_its_language(published: Path, lang: str) -> None:
    import json  # noqa: PLC0415

    path = published / lang / "safety.json"
    review = json.loads(path.read_text(encoding="utf-8"))["review"]
    assert review["status"] == "editorial"
    english = "Checked against its sources. Not yet reviewed by a clinician."
    assert (review["note"] == english) == (lang == "en")
    assert "2026" in review["dates"] and "2027" in review["dates"]


@pytest.mark.parametrize("lang", ("en", *SHIPPED))
def test_article_chapters_flow_with_no_page_left_nearly_empty(published: Path, lang: str) -> None:
    """Every page but the last is at least 40 % full (a chapter no longer starts a page)."""
    pdf = print_leaflet("article", lang, data=published)
    mm = 72 / 25.4
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        fills = []
        for page in doc.pages:
            top, bottom = 12 * mm, page.height - 16 * mm
            lows = [w["bottom"] for w in page.extract_words() if w["bottom"] <= bottom + 2]
            fills.append((max(lows, default=top) - top) / (bottom - top))
    assert min(fills[:-1]) >= 0.4, [round(f, 2) for f in fills]


@pytest.mark.parametrize("lang", ("en", *SHIPPED))
def test_no_page_of_the_article_ends_with_a_heading(published: Path, lang: str) -> None:
    """A heading is kept with the text under it: the last line of a page is never one."""
    pdf = print_leaflet("article", lang, data=published)
    bottom_margin = 16 * 72 / 25.4
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        for number, page in enumerate(doc.pages[:-1], start=1):
            limit = page.height - bottom_margin + 2
            words = [w for w in page.extract_words(extra_attrs=["size"]) if w["bottom"] <= limit]
            low = max(w["bottom"] for w in words)
            last = [w for w in words if abs(w["bottom"] - low) < 3]
            # Headings are larger than the 12 pt body text.
            assert max(w["size"] for w in last) <= 12.6, (number, [w["text"] for w in last])


EXAMPLE_BRAND = ROOT / "docs" / "examples" / "brand.toml"


@pytest.mark.parametrize("lang", ("en", *SHIPPED))
def test_the_smallest_type_is_9_pt_at_home_and_16_pt_in_large_print(
    published: Path, lang: str
) -> None:
    """References, footer, licence and contact box included, with a charity's brand."""
    printer = new_printer()
    for name in ("leaflet", "questions", "article"):
        for edition, size, smallest in (("home", None, 9), ("large-print", "A4", 16)):
            pdf = print_leaflet(
                name,
                lang,
                edition_name=edition,
                size=size,
                brand=EXAMPLE_BRAND,
                data=published,
                printer=printer,
            )
            with pdfplumber.open(io.BytesIO(pdf)) as doc:
                sizes = [c["size"] for page in doc.pages for c in page.chars]
            assert min(sizes) >= smallest - 0.01, (name, edition, round(min(sizes), 1))


@pytest.mark.parametrize("lang", ("en", *SHIPPED))
def test_each_question_has_three_writing_lines_of_8_mm(published: Path, lang: str) -> None:
    """On one page, in A4 and Letter, with a charity's contact box."""
    questions = sum(len(b["items"]) for b in load_leaflet(published, "questions", lang).blocks)
    assert questions >= 8
    printer = new_printer()
    for size in ("A4", "Letter"):
        pdf = print_leaflet(
            "questions", lang, size=size, brand=EXAMPLE_BRAND, data=published, printer=printer
        )
        with pdfplumber.open(io.BytesIO(pdf)) as doc:
            assert len(doc.pages) == 1, size
            page = doc.pages[0]
            # Each writing line is drawn as a column-wide box of its height with a rule.
            lines = sorted(
                {
                    (round(r["x0"]), round(r["top"]))
                    for r in page.rects + page.lines
                    if 150 < r["width"] < page.width / 2 and r["height"] < 30
                }
            )
        assert len(lines) == 3 * questions, size
        tops = [top for _, top in lines]
        gaps = [b - a for a, b in itertools.pairwise(tops) if 0 < b - a < 40]
        assert gaps and min(gaps) >= 8 * 72 / 25.4 - 0.5, size


class _TextByLanguage(HTMLParser):
    """The text of a page, by the language the markup says it is in."""

    _VOID = frozenset({"br", "img", "meta", "link", "input", "hr", "source", "wbr"})
    _HIDDEN = frozenset({"script", "style", "title", "template"})

    def __init__(self, lang: str) -> None:
        super().__init__()
        self.stack: list[tuple[str, str]] = [("", lang)]
        self.hidden = 0
        self.text: dict[str, list[str]] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._VOID:
            return
        lang = dict(attrs).get("lang") or self.stack[-1][1]
        self.stack.append((tag, lang))
        self.hidden += tag in self._HIDDEN

    def handle_endtag(self, tag: str) -> None:
        while len(self.stack) > 1:
            closed, _ = self.stack.pop()
            self.hidden -= closed in self._HIDDEN
            if closed == tag:
                break

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.text.setdefault(self.stack[-1][1], []).append(data)


def _english_sentences() -> set[str]:
    """Every English message of the content and the interface of four words or more, as
    a reader sees it (markup, roles and link targets taken out)."""
    found = set()
    for pot in (content_dir() / "locales" / "templates").glob("*.pot"):
        with pot.open("rb") as handle:
            for message in read_po(handle):
                text = re.sub(r"\{[a-z-]+\}`[^`]*`", "", str(message.id))
                text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
                text = " ".join(re.sub(r"[*`_]", "", text).split())
                if len(text.split()) >= 4 and "{" not in text:
                    found.add(text[:60])
    return found


@pytest.fixture(scope="module")
def sites(published: Path) -> Path:
    """The sites built with the shipped content's JSON (one product: site and snippets)."""
    return published.parent / "html"


@pytest.mark.parametrize("lang", SHIPPED)
def test_no_english_is_left_unmarked_on_a_translated_page(sites: Path, lang: str) -> None:
    """Every sentence on a page is in the page's language, or marked with its own."""
    english = _english_sentences()
    assert len(english) > 100
    pages = sorted((sites / lang).glob("*.html"))
    assert len(pages) > 10
    for page in pages:
        reader = _TextByLanguage(lang)
        reader.feed(page.read_text(encoding="utf-8"))
        text = " ".join(" ".join(reader.text.get(lang, [])).split())
        leaked = [sentence for sentence in english if sentence in text]
        assert not leaked, (page.name, leaked[:3])


def _strings(
    value: object, skip: frozenset[str] = frozenset({"references", "attribution"})
) -> list[str]:
    """Every string of a JSON document, except the English citations it carries apart."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for key, item in value.items() if key not in skip for s in _strings(item)]
    if isinstance(value, list):
        return [s for item in value for s in _strings(item)]
    return []


@pytest.mark.parametrize("lang", SHIPPED)
def test_no_english_is_left_in_json_labelled_as_a_translation(published: Path, lang: str) -> None:
    """A snippet or composed leaflet that says it is in the language has no English
    sentence of the content or the interface in it (the citations are apart, in English)."""
    import json  # noqa: PLC0415

    english = _english_sentences()
    paths = [
        *sorted((published / lang).glob("*.json")),
        *(published / "leaflets" / lang).glob("*.json"),
    ]
    assert len(paths) > 10
    for path in paths:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("lang") != lang:
            continue
        text = " ".join(" ".join(_strings(data)).split())
        text = re.sub(r"<[^>]+>", "", text)
        leaked = [sentence for sentence in english if sentence in text]
        assert not leaked, (path.name, leaked[:3])
