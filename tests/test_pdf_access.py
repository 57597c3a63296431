"""What an accessibility auditor checks in the printed files: the running footer is an
artifact, list items are a label and a body, links say where they go, and text in
another language says which."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pikepdf
import pytest
import weasyprint

from liberation_content.pdf import print_leaflet
from liberation_content.pdf.weasy import SUPPORTED_MAJOR


def _elements(doc: pikepdf.Pdf) -> list[pikepdf.Dictionary]:
    found, stack = [], [doc.Root.StructTreeRoot]
    while stack:
        kids = stack.pop().get("/K")
        for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
            if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/StructElem":
                found.append(kid)
                stack.append(kid)
    return found


def _marked(doc: pikepdf.Pdf) -> dict[tuple[tuple[int, int], int], tuple[int, int]]:
    """(page, MCID) -> the structure element that owns that marked content."""
    owners = {}
    for element in _elements(doc):
        for kid in element.K if isinstance(element.K, pikepdf.Array) else [element.K]:
            if isinstance(kid, int):
                owners[(element.Pg.objgen, kid)] = element.objgen
            elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
                owners[(kid.Pg.objgen, int(kid.MCID))] = element.objgen
    return owners


def test_the_printer_knows_the_weasyprint_it_reaches_into() -> None:
    """A new major version of WeasyPrint must be checked before it prints leaflets."""
    assert int(weasyprint.__version__.split(".")[0]) == SUPPORTED_MAJOR


@pytest.mark.content
@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_running_footer_is_an_artifact(published: Path, lang: str) -> None:
    pdf = print_leaflet("leaflet", lang, data=published)
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        tagged = _marked(doc)
        for page in doc.pages:
            for operands, operator in pikepdf.parse_content_stream(page):
                if str(operator) == "BDC" and isinstance(operands[1], pikepdf.Dictionary):
                    mcid = operands[1].get("/MCID")
                    if mcid is not None:
                        assert (page.obj.objgen, int(mcid)) in tagged


@pytest.mark.content
def test_question_items_are_a_label_and_a_body(published: Path) -> None:
    pdf = print_leaflet("questions", "en", data=published)
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        items = [e for e in _elements(doc) if str(e.S) == "/LI"]
        assert items
        for item in items:
            kinds = {str(k.S) for k in item.K if isinstance(k, pikepdf.Dictionary)}
            assert kinds <= {"/Lbl", "/LBody"} and "/LBody" in kinds, kinds


@pytest.mark.content
@pytest.mark.parametrize(("lang", "word"), [("en", "Source"), ("fr", "Source"), ("ar", "المصدر")])
def test_citation_links_say_where_they_go(published: Path, lang: str, word: str) -> None:
    pdf = print_leaflet("leaflet", lang, data=published)
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        described = [
            str(annotation.get("/Contents", ""))
            for page in doc.pages
            for annotation in page.obj.get("/Annots", [])
        ]
    assert described
    assert not [d for d in described if d.startswith("ref-")]
    assert any(re.fullmatch(rf"{word} \d+", d) for d in described)


@pytest.mark.content
def test_english_in_a_translated_leaflet_says_it_is_english(published: Path) -> None:
    pdf = print_leaflet("leaflet", "ar", data=published)
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        english = [e for e in _elements(doc) if str(e.get("/Lang", "")) == "en"]
        kinds = {str(e.S) for e in english}
    assert "/L" in kinds  # the list of references
    assert "/Span" in kinds  # a Latin name inside Arabic text, such as CCSVI


@pytest.mark.content
def test_latin_names_in_arabic_are_isolated_on_the_site_and_in_the_json(published: Path) -> None:
    html = (published.parent / "html" / "ar" / "what-it-is.html").read_text(encoding="utf-8")
    assert '<span lang="en">CCSVI</span>' in html
    assert '<ol class="arabic simple" lang="en">' in html  # the references
    brief = (published / "ar" / "what-it-is-in-brief.json").read_text(encoding="utf-8")
    assert '<span lang=\\"en\\" dir=\\"ltr\\">CCSVI</span>' in brief


@pytest.mark.content
@pytest.mark.parametrize("lang", ["en", "ar"])
def test_a_paragraph_that_crosses_a_page_is_one_element(published: Path, lang: str) -> None:
    """A screen reader reads one paragraph, not two, where a page breaks it; the parent
    tree points each piece of marked content at the element that owns it."""
    pdf = print_leaflet("article", lang, data=published)
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        owners = _marked(doc)
        pages_of: dict[tuple[int, int], set[tuple[int, int]]] = {}
        for (page, _), element in owners.items():
            pages_of.setdefault(element, set()).add(page)

        def pages(element: pikepdf.Dictionary) -> set[tuple[int, int]]:
            """The pages of an element's content, its descendants' included."""
            found = set(pages_of.get(element.objgen, set()))
            kids = element.K if isinstance(element.K, pikepdf.Array) else [element.K]
            for kid in kids:
                if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/StructElem":
                    found |= pages(kid)
            return found

        assert [e for e in _elements(doc) if str(e.S) == "/P" and len(pages(e)) > 1]
        assert not [e for e in _elements(doc) if "/LCSource" in e]
        numbers = list(doc.Root.StructTreeRoot.ParentTree.Nums)
        tree = {int(numbers[i]): numbers[i + 1] for i in range(0, len(numbers), 2)}
        for index, page in enumerate(doc.pages):
            entries = tree.get(index)
            for mcid, element in enumerate(entries if isinstance(entries, pikepdf.Array) else []):
                if isinstance(element, pikepdf.Dictionary):
                    assert owners[(page.obj.objgen, mcid)] == element.objgen, (index, mcid)


def test_the_footer_is_made_an_artifact_without_parsing_the_page() -> None:
    from liberation_content.pdf.tagging import artifacts_quickly  # noqa: PLC0415

    raw = b"/P <</MCID 0>> BDC\nBT <0001> Tj ET\nEMC\n/Span <</MCID 1>>BDC\nBT <0002> Tj ET EMC"
    assert artifacts_quickly(raw, {1}) == (
        b"/P <</MCID 0>> BDC\nBT <0001> Tj ET\nEMC\n/Artifact BMC\nBT <0002> Tj ET EMC"
    )
    # What only the parser reads, or an orphan not found: the parser is used.
    assert artifacts_quickly(raw.replace(b"<0002> Tj", b"(a) Tj"), {1}) is None
    assert artifacts_quickly(raw, {1, 7}) is None
