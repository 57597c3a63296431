"""Preflight: PDFs checked as a print shop (PDF/X-4) and an accessibility auditor
(PDF/UA-1) would. A small PDF that claims both passes; each defect a press or a screen
reader would meet is put into it in turn, and the rule that names it must fire."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from pikepdf import Array, Dictionary, Name

from liberation_content.cli import main
from liberation_content.pdf import new_printer, print_leaflet
from liberation_content.pdf.preflight import (
    Finding,
    UnreadablePdfError,
    check_pdf,
    check_pdfua1,
    check_pdfx4,
    claimed_standards,
)
from liberation_content.pdf.preflight_ua import internal_id
from liberation_content.resources import templates_dir

PDFX4 = "PDF/X-4 (ISO 15930-7)"
PDFUA1 = "PDF/UA-1 (Matterhorn machine-checkable)"
MEDIA, BLEED, TRIM = [0, 0, 200, 200], [5, 5, 195, 195], [10, 10, 190, 190]
#: Every MCID is one structure element's content; the path in MCID 6 is the figure.
CONTENT = b"""q
/Artifact BMC 0 0 0 0.3 k 10 10 180 4 re f EMC
/H1 <</MCID 0>> BDC 0 0 0 1 k BT /F1 12 Tf 20 170 Td (Title) Tj ET EMC
/H2 <</MCID 1>> BDC BT /F1 10 Tf 20 150 Td (Part) Tj ET EMC
/Lbl <</MCID 2>> BDC BT /F1 10 Tf 20 130 Td (1.) Tj ET EMC
/LBody <</MCID 3>> BDC BT /F1 10 Tf 40 130 Td (An item) Tj ET EMC
/TH <</MCID 4>> BDC BT /F1 10 Tf 20 110 Td (Head) Tj ET EMC
/TD <</MCID 5>> BDC BT /F1 10 Tf 80 110 Td (Cell) Tj ET EMC
/Figure <</MCID 6>> BDC 0.5 0 0.5 0 k 20 60 40 30 re f EMC
/Link <</MCID 7>> BDC BT /F1 10 Tf 20 40 Td [(The study)] TJ ET EMC
Q
"""


def _element(pdf: pikepdf.Pdf, kind: str, parent: Any, kids: Any, **extra: Any) -> Any:
    element = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name("/" + kind), P=parent))
    element.Pg = pdf.pages[0].obj
    element.K = kids
    for key, value in extra.items():
        element[Name("/" + key)] = value
    return element


def _structure(pdf: pikepdf.Pdf, link: Any) -> None:
    """Document: H1, H2, a list, a table, a figure and a paragraph with a link."""
    root = pdf.make_indirect(Dictionary(Type=Name.StructTreeRoot))
    doc = _element(pdf, "Document", root, Array())
    item = _element(pdf, "LI", None, Array())
    label, body = _element(pdf, "Lbl", item, 2), _element(pdf, "LBody", item, 3)
    item.K = Array([label, body])
    row = _element(pdf, "TR", None, Array())
    head, cell = _element(pdf, "TH", row, 4), _element(pdf, "TD", row, 5)
    row.K = Array([head, cell])
    objr = Dictionary(Type=Name.OBJR, Obj=link, Pg=pdf.pages[0].obj)
    para = _element(pdf, "P", doc, Array())
    link_element = _element(pdf, "Link", para, Array([7, objr]))
    para.K = Array([link_element])
    h1, h2 = _element(pdf, "H1", doc, 0), _element(pdf, "H2", doc, 1)
    alt = pikepdf.String("A purple square")
    figure = _element(pdf, "Figure", doc, 6, Alt=alt)
    listing, table = (
        _element(pdf, "L", doc, Array([item])),
        _element(pdf, "Table", doc, Array([row])),
    )
    item.P, row.P = listing, table
    doc.K = Array([h1, h2, listing, table, figure, para])
    marked = [h1, h2, label, body, head, cell, figure, link_element]
    root.K = doc
    root.ParentTree = Dictionary(Nums=Array([0, Array(marked), 1, link_element]))
    root.ParentTreeNextKey = 2
    pdf.Root.StructTreeRoot = root


def _metadata(pdf: pikepdf.Pdf) -> None:
    pdf.docinfo = pdf.make_indirect(Dictionary())
    pdf.docinfo.Title = pikepdf.String("A test leaflet")
    pdf.docinfo.Trapped = Name("/False")
    pdf.docinfo.GTS_PDFXVersion = pikepdf.String("PDF/X-4")
    pdf.docinfo.CreationDate = pikepdf.String("D:20240131120000+01'00'")
    pdf.docinfo.ModDate = pikepdf.String("D:20240131120000+01'00'")
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
        meta["dc:title"] = "A test leaflet"
        meta["pdfuaid:part"] = "1"
        meta["pdfxid:GTS_PDFXVersion"] = "PDF/X-4"
        meta["pdf:Trapped"] = "False"
        meta["xmp:CreateDate"] = "2024-01-31T12:00:00+01:00"
        meta["xmp:ModifyDate"] = "2024-01-31T11:00:00Z"
        meta["xmpMM:DocumentID"] = "uuid:8c1f6d1e-2b4a-4c55-9d1e-0d5b5c0a7f10"
        meta["xmpMM:VersionID"] = "1"


def _output_intent(pdf: pikepdf.Pdf, profile: bytes) -> None:
    stream = pdf.make_stream(profile)
    stream.N = 4
    intent = Dictionary(
        Type=Name.OutputIntent,
        S=Name.GTS_PDFX,
        OutputConditionIdentifier=pikepdf.String("FOGRA39"),
        DestOutputProfile=stream,
    )
    pdf.Root.OutputIntents = Array([intent])


def _font(pdf: pikepdf.Pdf) -> Any:
    # The checks look for the embedded font program, not inside it.
    descriptor = Dictionary(
        Type=Name.FontDescriptor,
        FontName=Name("/ABCDEF+Test"),
        Flags=32,
        FontBBox=Array([0, -200, 1000, 800]),
        ItalicAngle=0,
        Ascent=800,
        Descent=-200,
        CapHeight=700,
        StemV=80,
        FontFile2=pdf.make_stream(b"a font program"),
    )
    return pdf.make_indirect(
        Dictionary(
            Type=Name.Font,
            Subtype=Name.TrueType,
            BaseFont=Name("/ABCDEF+Test"),
            FirstChar=32,
            LastChar=126,
            Widths=Array([500] * 95),
            Encoding=Name.WinAnsiEncoding,
            FontDescriptor=pdf.make_indirect(descriptor),
        )
    )


def clean_pdf() -> pikepdf.Pdf:
    """A one-page PDF that claims PDF/X-4 and PDF/UA-1 and meets every rule checked."""
    pdf = pikepdf.new()
    page = pdf.add_blank_page(page_size=(200, 200)).obj
    page.MediaBox, page.BleedBox, page.TrimBox = Array(MEDIA), Array(BLEED), Array(TRIM)
    page.Contents = pdf.make_stream(CONTENT)
    page.Resources = Dictionary(Font=Dictionary(F1=_font(pdf)))
    page.StructParents, page.Tabs = 0, Name.S
    # A link in the slug, outside the bleed: PDF/X keeps annotations off the printed sheet.
    link = Dictionary(Type=Name.Annot, Subtype=Name.Link, Rect=Array([0, 0, 4, 4]))
    link.Contents = pikepdf.String("The study by Zamboni and colleagues, 2009")
    link.A = Dictionary(S=Name.URI, URI=pikepdf.String("https://example.org/zamboni-2009"))
    link.StructParent, link.P = 1, page
    link = pdf.make_indirect(link)
    page.Annots = Array([link])
    _structure(pdf, link)
    pdf.Root.MarkInfo = Dictionary(Marked=True)
    pdf.Root.Lang = pikepdf.String("en")
    pdf.Root.ViewerPreferences = Dictionary(DisplayDocTitle=True)
    _metadata(pdf)
    _output_intent(pdf, (templates_dir() / "print" / "ISOcoated_v2_300_bas.icc").read_bytes())
    return pdf


def saved(pdf: pikepdf.Pdf, **options: Any) -> bytes:
    out = io.BytesIO()
    pdf.save(out, **({"force_version": "1.6"} | options))
    return out.getvalue()


def rules(findings: list[Finding]) -> set[str]:
    return {finding.rule for finding in findings}


def elements(pdf: pikepdf.Pdf, kind: str) -> list[Any]:
    """The structure elements of one type, in reading order."""
    found, stack = [], [pdf.Root.StructTreeRoot.K]
    while stack:
        node = stack.pop(0)
        if isinstance(node, pikepdf.Dictionary) and node.get("/Type") == "/StructElem":
            found += [node] if str(node.S) == f"/{kind}" else []
            kids = node.K
            stack[:0] = list(kids) if isinstance(kids, pikepdf.Array) else [kids]
    return found


def append(pdf: pikepdf.Pdf, content: bytes) -> None:
    page = pdf.pages[0].obj
    page.Contents = pdf.make_stream(page.Contents.read_bytes() + content)


def link_annotation(pdf: pikepdf.Pdf) -> Any:
    return pdf.pages[0].obj.Annots[0]


def edit_xmp(pdf: pikepdf.Pdf, **values: str | None) -> None:
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
        for name, value in values.items():
            key = name.replace("__", ":")
            if value is None:
                del meta[key]
            else:
                meta[key] = value


def test_a_clean_file_passes_both_standards_it_claims() -> None:
    data = saved(clean_pdf())
    assert claimed_standards(data) == (PDFX4, PDFUA1)
    assert check_pdfx4(data) == []
    assert check_pdfua1(data) == []
    assert check_pdf(data) == []


def _rgb_image(pdf: pikepdf.Pdf) -> None:
    image = pdf.make_stream(b"\xff\x00\x00" * 4, Type=Name.XObject, Subtype=Name.Image)
    image.Width, image.Height, image.BitsPerComponent = 2, 2, 8
    image.ColorSpace = Name.DeviceRGB
    pdf.pages[0].obj.Resources.XObject = Dictionary(Im1=image)
    append(pdf, b"/Artifact BMC q 20 0 0 20 120 60 cm /Im1 Do Q EMC\n")


def _transformed_then_marks(pdf: pikepdf.Pdf) -> None:
    page = pdf.pages[0].obj
    first = pdf.make_stream(b"1 0 0 -1 0 200 cm\n" + page.Contents.read_bytes())
    marks = pdf.make_stream(b"/Artifact BMC q 0 0 0 1 K 0 1 m 4 1 l S Q EMC\n")
    page.Contents = Array([first, marks])


def _no_pdfx_claim_in_info(pdf: pikepdf.Pdf) -> None:
    del pdf.docinfo["/GTS_PDFXVersion"]


def _rgb_profile(pdf: pikepdf.Pdf) -> None:
    header = bytearray(128)
    header[12:20] = b"mntrRGB "
    _output_intent(pdf, bytes(header))


def _lbl_p_div_in_an_item(pdf: pikepdf.Pdf) -> None:
    (item,) = elements(pdf, "LI")
    label, body = item.K
    body.S = Name.P  # its content is kept, now as a paragraph in the item
    item.K = Array([label, body, _element(pdf, "Div", item, Array())])


def _orphaned_heading(pdf: pikepdf.Pdf) -> None:
    document = pdf.Root.StructTreeRoot.K
    document.K = Array([kid for kid in document.K if kid.S != "/H2"])


def _link_element_without_annotation(pdf: pikepdf.Pdf) -> None:
    (link,) = elements(pdf, "Link")
    link.K = Array([7])


def _claims_nothing(pdf: pikepdf.Pdf) -> None:
    del pdf.docinfo["/GTS_PDFXVersion"]
    edit_xmp(pdf, pdfuaid__part=None, pdfxid__GTS_PDFXVersion=None)


Defect = Callable[[pikepdf.Pdf], Any]
DEFECTS: list[tuple[str, Defect, set[str]]] = [
    # PDF/X-4: the file, its metadata and its output intent.
    ("trapped-false_", lambda p: setattr(p.docinfo, "Trapped", Name("/False_")), {"pdfx.trapped"}),
    ("trapped-missing", lambda p: p.docinfo.__delitem__("/Trapped"), {"pdfx.trapped"}),
    ("trapped-unlike-xmp", lambda p: edit_xmp(p, pdf__Trapped="True"), {"pdfx.trapped"}),
    ("no-pdfx-in-info", _no_pdfx_claim_in_info, {"pdfx.metadata"}),
    ("title-unlike-xmp", lambda p: setattr(p.docinfo, "Title", "Other"), {"pdfx.metadata"}),
    ("no-document-id", lambda p: edit_xmp(p, xmpMM__DocumentID=None), {"pdfx.metadata"}),
    (
        "dates-unlike-xmp",
        lambda p: setattr(p.docinfo, "ModDate", "D:20240131130000+01'00'"),
        {"pdfx.dates"},
    ),
    ("no-output-intent", lambda p: p.Root.__delitem__("/OutputIntents"), {"pdfx.output-intent"}),
    ("rgb-output-profile", _rgb_profile, {"pdfx.output-intent"}),
    # PDF/X-4: pages, annotations, fonts, colour and content streams.
    ("no-trim-box", lambda p: p.pages[0].obj.__delitem__("/TrimBox"), {"pdfx.boxes"}),
    (
        "trim-box-outside-bleed",
        lambda p: setattr(p.pages[0].obj, "TrimBox", Array(MEDIA)),
        {"pdfx.boxes"},
    ),
    (
        "trim-and-art-box",
        lambda p: setattr(p.pages[0].obj, "ArtBox", Array(TRIM)),
        {"pdfx.boxes"},
    ),
    (
        "link-in-the-bleed",
        lambda p: setattr(link_annotation(p), "Rect", Array([20, 40, 80, 50])),
        {"pdfx.annotation"},
    ),
    (
        "printed-link-without-appearance",
        lambda p: setattr(link_annotation(p), "F", 4),
        {"pdfx.annotation"},
    ),
    (
        "font-not-embedded",
        lambda p: p.pages[0].obj.Resources.Font.F1.FontDescriptor.__delitem__("/FontFile2"),
        {"pdfx.fonts"},
    ),
    (
        "rg-operator",
        lambda p: append(p, b"/Artifact BMC q 1 0 0 rg 20 20 5 5 re f Q EMC\n"),
        {"pdfx.colour"},
    ),
    (
        "device-rgb-colour-space",
        lambda p: append(p, b"/Artifact BMC q /DeviceRGB cs 1 0 0 sc 0 0 5 5 re f Q EMC\n"),
        {"pdfx.colour"},
    ),
    ("rgb-image", _rgb_image, {"pdfx.colour"}),
    (
        "rgb-transparency-group",
        lambda p: setattr(
            p.pages[0].obj, "Group", Dictionary(S=Name.Transparency, CS=Name.DeviceRGB)
        ),
        {"pdfx.colour"},
    ),
    ("q-without-Q", lambda p: append(p, b"q 0 0 0 1 K 0 0 m 4 4 l S\n"), {"pdfx.content"}),
    ("Q-without-q", lambda p: append(p, b"Q\n"), {"pdfx.content"}),
    ("marks-in-transformed-coordinates", _transformed_then_marks, {"pdfx.content"}),
    # PDF/UA-1: the catalog and the metadata.
    ("not-marked", lambda p: p.Root.__delitem__("/MarkInfo"), {"ua.marked"}),
    ("no-language", lambda p: p.Root.__delitem__("/Lang"), {"ua.lang"}),
    (
        "no-display-doc-title",
        lambda p: p.Root.ViewerPreferences.__delitem__("/DisplayDocTitle"),
        {"ua.display-title"},
    ),
    ("no-dc-title", lambda p: edit_xmp(p, dc__title=None), {"ua.title", "pdfx.metadata"}),
    # PDF/UA-1: content and the structure tree.
    (
        "untagged-text",
        lambda p: append(p, b"BT /F1 8 Tf 20 20 Td (Page 1) Tj ET\n"),
        {"ua.untagged"},
    ),
    (
        "mcid-in-no-element",
        lambda p: append(p, b"/P <</MCID 9>> BDC BT /F1 8 Tf 20 20 Td (Page 1) Tj ET EMC\n"),
        {"ua.mcid-unreferenced"},
    ),
    (
        "element-names-missing-mcid",
        lambda p: p.Root.StructTreeRoot.K.K.append(_element(p, "P", p.Root.StructTreeRoot.K, 12)),
        {"ua.mcid-missing"},
    ),
    ("orphaned-element", _orphaned_heading, {"ua.reachable", "ua.mcid-unreferenced"}),
    (
        "figure-without-alt",
        lambda p: elements(p, "Figure")[0].__delitem__("/Alt"),
        {"ua.figure-alt"},
    ),
    ("lbl-p-div-in-an-item", _lbl_p_div_in_an_item, {"ua.list"}),
    ("paragraph-in-a-list", lambda p: setattr(elements(p, "LI")[0], "S", Name.P), {"ua.list"}),
    ("paragraph-in-a-row", lambda p: setattr(elements(p, "TD")[0], "S", Name.P), {"ua.table"}),
    ("paragraph-in-a-table", lambda p: setattr(elements(p, "TR")[0], "S", Name.P), {"ua.table"}),
    ("h3-after-h1", lambda p: setattr(elements(p, "H2")[0], "S", Name.H3), {"ua.headings"}),
    ("first-heading-h2", lambda p: setattr(elements(p, "H1")[0], "S", Name.H2), {"ua.headings"}),
    # PDF/UA-1: links and annotations.
    (
        "link-described-by-an-id",
        lambda p: setattr(link_annotation(p), "Contents", "ref-zamboni2009"),
        {"ua.link"},
    ),
    (
        "link-described-by-an-anchor",
        lambda p: setattr(link_annotation(p), "Contents", "what-it-is"),
        {"ua.link"},
    ),
    ("link-not-described", lambda p: link_annotation(p).__delitem__("/Contents"), {"ua.link"}),
    (
        "link-element-without-annotation",
        _link_element_without_annotation,
        {"ua.link", "ua.annotation"},
    ),
    (
        "annotation-without-struct-parent",
        lambda p: link_annotation(p).__delitem__("/StructParent"),
        {"ua.annotation"},
    ),
    ("no-tab-order", lambda p: p.pages[0].obj.__delitem__("/Tabs"), {"ua.tabs"}),
    ("claims-neither", _claims_nothing, {"pdf.claims"}),
]


@pytest.mark.parametrize(
    ("defect", "expected"), [(d, e) for _, d, e in DEFECTS], ids=[n for n, _, _ in DEFECTS]
)
def test_each_rule_fires_on_its_defect(defect: Defect, expected: set[str]) -> None:
    pdf = clean_pdf()
    defect(pdf)
    findings = check_pdf(saved(pdf))
    assert rules(findings) == expected, findings
    assert all(f.message and f.page in (None, 1) for f in findings)


def test_the_file_version_and_encryption_are_checked() -> None:
    old = check_pdfx4(saved(clean_pdf(), force_version="1.4"))
    assert rules(old) == {"pdfx.version"}
    assert "PDF 1.4" in old[0].message
    locked = saved(clean_pdf(), encryption=pikepdf.Encryption(owner="press", user="", R=4))
    assert rules(check_pdf(locked)) == {"pdfx.encrypted"}


def test_findings_name_the_page_and_what_an_auditor_calls_it() -> None:
    pdf = clean_pdf()
    page = pdf.add_blank_page(page_size=(200, 200)).obj
    page.Resources = pdf.pages[0].obj.Resources
    page.Contents = pdf.make_stream(b"BT /F1 8 Tf 20 20 Td (Page 2) Tj ET")
    for box in ("/BleedBox", "/TrimBox"):
        page[box] = pdf.pages[0].obj[box]
    pdf.docinfo.Trapped = Name("/False_")
    findings = check_pdf(saved(pdf))
    assert [(f.rule, f.page) for f in findings] == [("pdfx.trapped", None), ("ua.untagged", 2)]
    trapped, untagged = (f.message for f in findings)
    assert "/False_" in trapped and "Trapped key not True or False" in trapped
    assert "untagged content" in untagged and "1 piece" in untagged


def test_each_standard_is_checked_only_when_the_file_claims_it() -> None:
    pdf = clean_pdf()
    del pdf.docinfo["/GTS_PDFXVersion"]
    edit_xmp(pdf, pdfxid__GTS_PDFXVersion=None)
    append(pdf, b"/Artifact BMC q 1 0 0 rg 20 20 5 5 re f Q EMC\n")
    data = saved(pdf)
    assert claimed_standards(data) == (PDFUA1,)
    assert check_pdf(data) == []  # a screen-reader file may be RGB
    assert "pdfx.colour" in rules(check_pdfx4(data))


def test_an_rgb_output_intent_allows_rgb_colour() -> None:
    pdf = clean_pdf()
    _rgb_profile(pdf)
    append(pdf, b"/Artifact BMC q 1 0 0 rg 20 20 5 5 re f Q EMC\n")
    assert rules(check_pdfx4(saved(pdf))) == {"pdfx.output-intent"}


@pytest.mark.parametrize(
    ("text", "is_an_id"),
    [
        ("ref-zamboni2009", True),
        ("what-it-is", True),
        ("term_relapse-2", True),
        ("The study by Zamboni, 2009", False),
        ("https://example.org/en/glossary.html#term-relapse", False),
        ("glossary", False),
    ],
)
def test_a_link_described_by_an_internal_id_is_told_apart(text: str, is_an_id: bool) -> None:
    assert internal_id(text) is is_an_id


def test_what_is_not_a_pdf_is_refused_plainly() -> None:
    for data in (b"", b"Questions to ask\n", b"%PDF-1.6\nnot really"):
        with pytest.raises(UnreadablePdfError):
            check_pdf(data)


def test_the_command_prints_findings_or_passes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    clean, broken = tmp_path / "clean.pdf", tmp_path / "broken.pdf"
    clean.write_bytes(saved(clean_pdf()))
    pdf = clean_pdf()
    link_annotation(pdf).Rect = Array([20, 40, 80, 50])
    broken.write_bytes(saved(pdf))
    assert main(["check-pdf", str(clean)]) == 0
    assert capsys.readouterr().out.splitlines() == [
        f"{clean}: passes {PDFX4} checks",
        f"{clean}: passes {PDFUA1} checks",
    ]
    assert main(["check-pdf", str(clean), str(broken)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[2].startswith(f"{broken}: page 1: a Link annotation lies inside the BleedBox")
    assert out[2].endswith("[pdfx.annotation]") and len(out) == 3


def test_the_command_refuses_a_missing_file_or_not_a_pdf_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = tmp_path / "leaflet.pdf"
    text.write_text("not a PDF", encoding="utf-8")
    assert main(["check-pdf", str(tmp_path / "missing.pdf"), str(text)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.splitlines() == [
        f"{tmp_path / 'missing.pdf'}: there is no such file",
        f"{text}: it does not start with %PDF-, so it is not a PDF",
        "error: 2 of 2 file(s) could not be checked: give PDF files",
    ]


@pytest.fixture
def snippets(test_data: Path) -> Path:
    """The small test content's snippets and composed leaflets (built once, in conftest)."""
    return test_data


def test_real_leaflets_are_checked_against_what_they_claim(snippets: Path) -> None:
    printer = new_printer()
    claims = {}
    for edition in ("home", "print-shop", "booklet", "large-print"):
        pdf = print_leaflet("leaflet", "en", edition_name=edition, data=snippets, printer=printer)
        claims[edition] = claimed_standards(pdf)
        findings = check_pdf(pdf)  # what they find is being fixed elsewhere; they are read
        assert all(isinstance(f, Finding) and f.message for f in findings)
    # A screen reader's file claims PDF/UA; the press's file PDF/X, and only that.
    assert (claims["home"], claims["print-shop"]) == ((PDFUA1,), (PDFX4,))


@pytest.mark.content
def test_every_shipped_pdf_passes(published: Path) -> None:
    """All 48 files: every print-shop file passes PDF/X-4, every home and large-print
    file PDF/UA-1. A booklet (pages imposed two to a sheet for a home printer, which
    drops the tags: the home edition is the accessible one) claims neither standard."""
    printer, failures = new_printer(), []
    for name in ("leaflet", "article", "questions"):
        for lang in ("en", "fr", "es", "ar"):
            for edition in ("home", "booklet", "large-print", "print-shop"):
                pdf = print_leaflet(
                    name, lang, edition_name=edition, data=published, printer=printer
                )
                found = check_pdf(pdf)
                if edition == "booklet":
                    found = [f for f in found if f.rule != "pdf.claims"]
                failures += [f"{name} {lang} {edition}: {f}" for f in found]
    assert not failures, "\n".join(failures[:40])
