"""PDF leaflets, opened as a charity, a print shop and a screen reader would meet them."""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path
from typing import Any

import pdfplumber
import pikepdf
import pytest
from helpers import FIXTURE_TODAY, SITE, edit, page_count
from pypdf import PdfReader

from liberation_content.build import BuildOptions, build
from liberation_content.errors import LiberationError
from liberation_content.pdf import load_brand, new_printer, print_leaflet
from liberation_content.pdf.colour import cmyk, convert_colours, convert_colours_quickly
from liberation_content.pdf.fonts import embedded_fonts
from liberation_content.pdf.impose import booklet_order
from liberation_content.pdf.render import LeafletPrinter

DATA = Path(__file__).parent / "data" / "minimal"
A5 = (419.53, 595.28)
A4 = (595.28, 841.89)
LETTER = (612.0, 792.0)
MM = 72 / 25.4


@pytest.fixture
def snippets(test_data: Path) -> Path:
    """The small test content's snippets and composed leaflets (built once, in conftest)."""
    return test_data


@pytest.fixture(scope="module")
def printer() -> LeafletPrinter:
    return new_printer()


def render(
    printer: LeafletPrinter,
    snippets: Path,
    *,
    name: str = "leaflet",
    edition: str = "home",
    size: str | None = None,
    brand: Path | None = None,
) -> bytes:
    return print_leaflet(
        name, "en", edition_name=edition, size=size, brand=brand, data=snippets, printer=printer
    )


def boxes(pdf: bytes, box: str = "/MediaBox") -> list[tuple[float, ...]]:
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        return [tuple(round(float(v), 2) for v in page.obj[box]) for page in doc.pages]


def text(pdf: bytes) -> str:
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        return "\n".join(page.extract_text() or "" for page in doc.pages)


@pytest.mark.parametrize(("size", "expected"), [("A5", A5), ("A4", A4), ("Letter", LETTER)])
def test_home_edition_page_sizes(
    printer: LeafletPrinter, snippets: Path, size: str, expected: tuple[float, float]
) -> None:
    for box in boxes(render(printer, snippets, size=size)):
        assert box[2:] == pytest.approx(expected, abs=0.1)


def test_home_edition_is_a_tagged_accessible_pdf(printer: LeafletPrinter, snippets: Path) -> None:
    pdf = render(printer, snippets)
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        root = doc.Root
        assert str(root.Lang) == "en"
        assert "/StructTreeRoot" in root and bool(root.MarkInfo.Marked)
        assert str(doc.docinfo["/Title"]) == "Test content"
        assert "/Outlines" in root and int(root.Outlines.Count) != 0
        meta = doc.open_metadata()
        assert meta.get("pdfuaid:part") == "1"
        figures = [e for e in _structure(root.StructTreeRoot) if e.get("/S") == "/Figure"]
        assert figures and all(str(f.get("/Alt", "")).strip() for f in figures)


def _structure(node: pikepdf.Object) -> list[pikepdf.Object]:
    found = []
    kids = node.get("/K")
    items = kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []
    for kid in items:
        if isinstance(kid, pikepdf.Dictionary):
            found.append(kid)
            found.extend(_structure(kid))
    return found


def test_text_reads_in_order_with_a_footer_on_each_page(
    printer: LeafletPrinter, snippets: Path
) -> None:
    pdf = render(printer, snippets)
    words = text(pdf)
    order = [
        words.index(s)
        for s in (
            "Key facts",
            "A topic",
            "Questions to ask",
            "Does it work?",
            "References",
            "Support and contact",  # last: the back cover of a folded leaflet
        )
    ]
    assert order == sorted(order)
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    for number in range(1, pages + 1):
        assert f"Page {number} of {pages}" in words
    assert "Published January 2026 · Next review January 2027" in words
    assert "Test content · Version" in words
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        page = doc.pages[0]
        footer = [w for w in page.extract_words() if w["top"] > page.height * 0.9]
        lines = sorted({round(w["top"]) for w in footer})
        first = [w for w in footer if round(w["top"]) == lines[0]]
        # "Page x of y" ends the first footer line, at the right margin, after the title.
        assert [w["text"] for w in first][-4:] == ["Page", "1", "of", str(pages)]
        assert first[-1]["x1"] > page.width * 0.85
        assert first[0]["text"] == "Test" and first[0]["x0"] < page.width * 0.15


def _body_sizes(pdf: bytes, phrase: str) -> set[float]:
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        sizes = set()
        for page in doc.pages:
            for word in page.extract_words(extra_attrs=["size"]):
                if word["text"] in phrase.split():
                    sizes.add(round(word["size"], 1))
        return sizes


def test_body_text_is_12_pt_and_16_pt_in_large_print(
    printer: LeafletPrinter, snippets: Path
) -> None:
    assert min(_body_sizes(render(printer, snippets), "warned gain checks")) >= 12
    for size in ("A4", "Letter"):
        large = render(printer, snippets, edition="large-print", size=size)
        assert min(_body_sizes(large, "warned gain checks")) >= 16, size


def test_large_print_is_laid_out_afresh_with_nothing_under_16_pt(
    printer: LeafletPrinter, snippets: Path
) -> None:
    for size in ("A4", "Letter"):
        large = render(printer, snippets, edition="large-print", size=size)
        for box in boxes(large):
            assert box[2:] == pytest.approx(A4 if size == "A4" else (612.0, 792.0), abs=0.1)
        with pdfplumber.open(io.BytesIO(large)) as doc:
            # References, footer and contact box included.
            smallest = min(c["size"] for page in doc.pages for c in page.chars)
            assert smallest >= 16 - 0.01, size
            assert "References" in "".join(page.extract_text() for page in doc.pages)
        with pikepdf.open(io.BytesIO(large)) as doc:
            assert "/StructTreeRoot" in doc.Root and str(doc.Root.Lang) == "en"
            figures = [e for e in _structure(doc.Root.StructTreeRoot) if e.get("/S") == "/Figure"]
            assert figures and all("/Alt" in figure for figure in figures)


def test_fonts_are_the_packages_own_and_embedded(printer: LeafletPrinter, snippets: Path) -> None:
    pdf = render(printer, snippets)
    assert {f.split("-")[0] for f in embedded_fonts(pdf)} <= {
        "Atkinson",
        "NotoSans",
        "NotoSansArabic",
    }
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        for page in doc.pages:
            for font in page.Resources.Font.values():
                descendant = font.DescendantFonts[0] if "/DescendantFonts" in font else font
                descriptor = descendant.FontDescriptor
                assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))


def test_booklet_imposes_a5_pages_two_up_in_fold_order(
    printer: LeafletPrinter, snippets: Path
) -> None:
    home = render(printer, snippets)
    pages = len(PdfReader(io.BytesIO(home)).pages)
    booklet = render(printer, snippets, edition="booklet")
    sides = boxes(booklet)
    padded = -(-pages // 4) * 4
    assert len(sides) == padded // 2
    assert all(side[2:] == pytest.approx((A4[1], A4[0]), abs=0.1) for side in sides)
    with pdfplumber.open(io.BytesIO(booklet)) as doc:
        first = doc.pages[0]
        left = first.crop((0, 0, first.width / 2, first.height)).extract_text() or ""
        right = first.crop((first.width / 2, 0, first.width, first.height)).extract_text() or ""
        assert "Test content" in right and "Key facts" in right
        # The back cover is the leaflet's last page (any blank pages come before it).
        assert padded > pages and f"Page {pages} of {pages}" in left
        fold = [line for line in first.lines if abs(line["x0"] - first.width / 2) < 1]
        assert len(fold) == 2, "a fold mark at the top and the bottom of each sheet"
        # How to print it, at the top of the sheet, inside what a home printer prints.
        note = [w for w in first.extract_words() if w["text"] == "booklet:"]
        assert note and 3.5 * MM <= note[0]["top"] <= 12 * MM
        assert "print on both sides, flipping on the short edge" in " ".join(
            (first.extract_text() or "").split()
        )
        # Within what a home printer prints: at least 8 mm from the sheet's edge.
        inset = 8 * MM - 0.5
        assert all(inset <= line["top"] <= first.height - inset for line in fold)
        assert all(inset <= line["bottom"] <= first.height - inset for line in fold)


def test_booklet_order_for_eight_pages() -> None:
    assert booklet_order(8) == [(7, 0), (1, 6), (5, 2), (3, 4)]
    assert booklet_order(4, right_to_left=True) == [(0, 3), (2, 1)]


def test_print_shop_edition_has_bleed_trim_and_a_cmyk_output_intent(
    printer: LeafletPrinter, snippets: Path
) -> None:
    pdf = render(printer, snippets, edition="print-shop")
    trims, bleeds = boxes(pdf, "/TrimBox"), boxes(pdf, "/BleedBox")
    assert len(trims) == len(bleeds) == len(PdfReader(io.BytesIO(pdf)).pages)
    for trim, bleed in zip(trims, bleeds, strict=True):
        assert trim[2] - trim[0] == pytest.approx(A5[0], abs=0.1)
        assert trim[0] - bleed[0] == pytest.approx(3 * MM, abs=0.05)
        assert bleed[3] - trim[3] == pytest.approx(3 * MM, abs=0.05)
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        intent = doc.Root.OutputIntents[0]
        assert intent.S == "/GTS_PDFX"
        assert int(intent.DestOutputProfile.N) == 4  # a CMYK profile
        assert "ISO Coated v2" in str(intent.OutputConditionIdentifier)
        assert doc.pdf_version == "1.6"  # PDF/X-4 is based on PDF 1.6
        # The name /False, as PDF/X requires (pikepdf spells its constant Name.False_).
        assert str(doc.docinfo.Trapped) == "/False"
        meta = doc.open_metadata()
        assert meta.get("pdf:Trapped") == "False"
        assert meta.get("pdfxid:GTS_PDFXVersion") == "PDF/X-4"
        assert meta.get("xmpMM:DocumentID", "").startswith("xmp.did:")
        assert "pdfuaid:part" not in meta  # a file for presses claims PDF/X only
        # Made from the home edition's tagged PDF: the structure tree is still there.
        assert "/StructTreeRoot" in doc.Root and bool(doc.Root.MarkInfo.Marked)
        for page in doc.pages:
            media, bleed, trim = (
                [float(v) for v in page.obj[box]] for box in ("/MediaBox", "/BleedBox", "/TrimBox")
            )
            # Crop marks sit outside the bleed, so the sheet is bigger than the bleed box.
            assert media[0] < bleed[0] < trim[0] and media[3] > bleed[3] > trim[3]
            instructions = [
                (operands, str(op)) for operands, op in pikepdf.parse_content_stream(page)
            ]
            operators = {op for _, op in instructions}
            assert not operators & {"rg", "RG"}, "a press gets CMYK colour, not RGB"
            assert {"k", "K"} <= operators
            # The crop marks are the page's last drawing, marked as an artifact (not text).
            marks = max(i for i, (_, op) in enumerate(instructions) if op == "BMC")
            assert str(instructions[marks][0][0]) == "/Artifact"
            assert [op for _, op in instructions[marks:]].count("S") == 8
            assert instructions[-1][1] == "EMC"
    assert {f.split("-")[0] for f in embedded_fonts(pdf)} <= {"Atkinson", "NotoSans"}


def test_questions_sheet_is_one_page_with_room_for_answers(
    printer: LeafletPrinter, snippets: Path
) -> None:
    pdf = render(printer, snippets, name="questions")
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 1
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        rules = [r for r in doc.pages[0].rects + doc.pages[0].lines if r["width"] > 200]
        assert len(rules) >= 2, "each question needs lines to write on"


def test_article_has_contents_with_page_numbers(printer: LeafletPrinter, snippets: Path) -> None:
    pdf = render(printer, snippets, name="article")
    words = text(pdf)
    assert re.search(r"Contents\s+1\.\s*Test content\s*\.*\s*1", words)
    found = re.search(r"A topic\s*\.*\s*(\d+)", words)
    assert found
    # The number is the page the chapter starts on (chapters flow on from one another).
    number = int(found.group(1))
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        page = doc.pages[number - 1].extract_text() or ""
    # The heading is on that page (on page 1, after the contents' own line for it).
    assert page.count("A topic") == (2 if number == 1 else 1)


def _brand(tmp_path: Path, body: str, logo: tuple[str, bytes] | None = None) -> Path:
    if logo:
        (tmp_path / logo[0]).write_bytes(logo[1])
    path = tmp_path / "brand.toml"
    path.write_text(body, encoding="utf-8")
    return path


def _png() -> bytes:
    """A real 2x2 PNG, made here so the test needs no image file."""
    import struct  # noqa: PLC0415
    import zlib  # noqa: PLC0415

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    raw = b"".join(b"\x00" + b"\x0a\x4d\x94" * 2 for _ in range(2))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


PNG = _png()


def test_brand_values_are_printed_as_text(
    printer: LeafletPrinter, snippets: Path, tmp_path: Path
) -> None:
    brand = _brand(
        tmp_path,
        'name = "Cure <script>alert(1)</script> & Co"\n'
        'logo = "logo.png"\nhelpline = "0800 123 4567"\n'
        'website = "https://example.org"\ncharity_number = "Charity 123"\n',
        ("logo.png", PNG),
    )
    words = text(render(printer, snippets, brand=brand))
    assert "Cure <script>alert(1)</script> & Co" in words
    assert "Helpline: 0800 123 4567" in words and "Charity 123" in words


def test_a_png_logo_goes_to_press_in_cmyk(
    printer: LeafletPrinter, snippets: Path, tmp_path: Path
) -> None:
    brand = _brand(tmp_path, 'name = "A"\nlogo = "logo.png"\n', ("logo.png", PNG))
    pdf = render(printer, snippets, edition="print-shop", brand=brand)
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        images = [
            obj
            for obj in doc.objects
            if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == "/Image"
        ]
        assert images, "the logo is in the file"
        assert all(image.get("/ColorSpace") != "/DeviceRGB" for image in images)
        logo = next(image for image in images if image.get("/ColorSpace") == "/DeviceCMYK")
        cyan, magenta, yellow, _ = pikepdf.PdfImage(logo).as_pil_image().getpixel((0, 0))
        assert cyan > magenta > yellow  # the logo's blue (#0a4d94), still blue


@pytest.mark.parametrize(
    ("body", "logo", "expected"),
    [
        ('name = "A"\ncolour = "red"\n', None, "'colour': unknown key"),
        ('name = "A"\nlogo = "missing.svg"\n', None, "'logo': the logo file"),
        (
            'name = "A"\nlogo = "logo.gif"\n',
            ("logo.gif", b"GIF89a"),
            "the logo must be an .svg or .png file",
        ),
        ('name = "A"\nlogo = "logo.png"\n', ("logo.png", b"not a png"), "is not a PNG image"),
        ('name = "A"\nlogo = "logo.png"\n', ("logo.png", PNG[:40]), "cannot be read as an image"),
        (
            'name = "A"\n[colours]\ntext = "#999999"\n',
            None,
            "'colours.text': #999999 on background #ffffff has a contrast of 2.85:1",
        ),
        ('name = "A"\n[colours]\naccent = "blue"\n', None, "must be a colour written #rrggbb"),
        ('helpline = "1"\n', None, "'name': the organisation's name is required"),
    ],
)
def test_brand_mistakes_are_named_by_key(
    tmp_path: Path, body: str, logo: tuple[str, bytes] | None, expected: str
) -> None:
    with pytest.raises(LiberationError) as failure:
        load_brand(_brand(tmp_path, body, logo))
    message = str(failure.value)
    assert expected in message
    assert re.search(r"brand\.toml:\d+: '", message) or "'name'" in expected


def test_brand_mistakes_in_a_table_name_their_own_line(tmp_path: Path) -> None:
    """A key that recurs in another table is reported at the line in its own table."""
    body = (
        'name = "A"\ncontact = "Call us."\n[translations.fr]\ncontact = "Appelez-nous."\n'
        'hours = "9 h"\n[translations.q1]\ncontact = "?"\n[translations.es]\ncontact = 3\n'
    )
    with pytest.raises(LiberationError) as failure:
        load_brand(_brand(tmp_path, body))
    message = "\n".join(str(p) for p in failure.value.problems)
    assert "brand.toml:5: 'translations.fr.hours': only" in message
    assert "brand.toml:6: 'translations.q1': must be a language code" in message
    assert "brand.toml:9: 'translations.es.contact': must be text in quotes" in message


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "https://tracker.example/pixel.png",
        "http://169.254.169.254/latest/meta-data",
    ],
)
def test_the_renderer_refuses_any_other_address(
    printer: LeafletPrinter, snippets: Path, tmp_path: Path, url: str
) -> None:
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
        f' width="10" height="10"><image href="{url}" width="10" height="10"/></svg>'
    )
    brand = _brand(tmp_path, 'name = "A"\nlogo = "logo.svg"\n', ("logo.svg", svg.encode()))
    with pytest.raises(LiberationError) as failure:
        render(printer, snippets, brand=brand)
    message = str(failure.value)
    assert f"the leaflet tried to read '{url}'" in message
    assert "logo.svg" in message and "brand.toml" in message


def test_a_character_missing_from_the_fonts_fails_the_build(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(DATA, content)
    edit(content / "index.md", "- It is a test.", "- It is a test \u2603 \U0001f984.")
    build(BuildOptions(out=tmp_path / "out", content=content, today=FIXTURE_TODAY), ("json",))
    with pytest.raises(LiberationError, match=r"not part of the package|no glyph"):
        print_leaflet("leaflet", "en", data=tmp_path / "out" / "json")


@pytest.mark.parametrize("edition", ["home", "booklet", "print-shop"])
def test_same_inputs_give_byte_identical_pdfs(
    printer: LeafletPrinter, snippets: Path, monkeypatch: pytest.MonkeyPatch, edition: str
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    first = render(printer, snippets, edition=edition)
    second = render(new_printer(), snippets, edition=edition)
    assert first == second
    with pikepdf.open(io.BytesIO(first)) as doc:
        assert str(doc.docinfo["/CreationDate"]).startswith("D:20260101")


def test_cli_prints_a_branded_leaflet_in_one_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from liberation_content.cli import main  # noqa: PLC0415

    brand = _brand(tmp_path, 'name = "Our MS Group"\nhelpline = "0800 111 2222"\n')
    out = tmp_path / "ours.pdf"
    code = main(["leaflet", "--brand", str(brand), "--edition", "booklet", "-o", str(out)])
    assert code == 0 and capsys.readouterr().out.strip() == f"wrote {out}"
    words = text(out.read_bytes())
    assert "Our MS Group" in words and "0800 111 2222" in words
    assert boxes(out.read_bytes())[0][2:] == pytest.approx((A4[1], A4[0]), abs=0.1)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (
            ["leaflet", "flyer"],
            "there is no leaflet 'flyer'. Leaflets: article, leaflet, questions",
        ),
        (
            ["leaflet", "--edition", "large-print", "--size", "A5"],
            "the large-print edition is made in A4, Letter, not A5",
        ),
        (["leaflet", "--lang", "xx"], "the content is not built in 'xx'"),
        (["leaflet", "--data", "nowhere"], "no snippet data in nowhere"),
        (["leaflet", "--brand", "missing.toml"], "no brand file here"),
    ],
)
def test_cli_leaflet_mistakes_get_one_clear_message(
    args: list[str],
    expected: str,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from liberation_content.cli import main  # noqa: PLC0415

    monkeypatch.chdir(tmp_path)
    assert main(args) == 1
    err = capsys.readouterr().err
    assert expected in err and "Traceback" not in err
    assert not list(tmp_path.glob("*.pdf"))


def test_quick_colour_conversion_matches_the_content_parser(
    printer: LeafletPrinter, snippets: Path
) -> None:
    def normal(instructions: list[tuple[Any, Any]]) -> list[tuple[list[str], str]]:
        return [
            (
                [f"{float(v):.4f}" if not isinstance(v, pikepdf.Object) else str(v) for v in ops],
                str(op),
            )
            for ops, op in instructions
        ]

    with pikepdf.open(io.BytesIO(render(printer, snippets))) as doc:
        for page in doc.pages:
            page.contents_coalesce()
            raw = page.obj.Contents.read_bytes()
            quick = convert_colours_quickly(raw)
            assert quick is not None, "WeasyPrint's pages take the quick path"
            slow = convert_colours(list(pikepdf.parse_content_stream(page)))
            page.obj.Contents.write(quick)
            assert normal(list(pikepdf.parse_content_stream(page))) == normal(slow)
    # Content the quick path cannot be sure of goes to the parser.
    assert convert_colours_quickly(b"BT (1 0 0 rg) Tj ET") is None
    assert convert_colours_quickly(b"/DeviceRGB cs 1 0 0 sc") is None
    expected = " ".join(f"{v:g}" for v in cmyk(0.5, 0.25, 1.0)) + " k 0 0 0 1 K"
    assert convert_colours_quickly(b"0.5 .25 1 rg 0 0 0 RG") == expected.encode()


def test_colour_goes_to_press_through_the_output_intent_profile() -> None:
    def rgb(code: str) -> tuple[float, float, float]:
        return tuple(int(code[i : i + 2], 16) / 255 for i in (1, 3, 5))  # type: ignore[return-value]

    # Body text and rules: the black plate only, and dark text solid black (no dot screen).
    assert cmyk(*rgb("#1a1a1a")) == (0.0, 0.0, 0.0, 1.0)
    grey = cmyk(*rgb("#6b6b6b"))
    assert grey[:3] == (0.0, 0.0, 0.0) and 0.5 < grey[3] < 0.65
    # A charity's teal stays teal (cyan and yellow), not the formula's dark blue.
    cyan, magenta, yellow, _ = cmyk(*rgb("#006e6e"))
    assert cyan > 0.7 and yellow > magenta + 0.15, (cyan, magenta, yellow)
    # The brand blue is the profile's, not the naive formula's (which ignores the press).
    blue = cmyk(*rgb("#0a4d94"))
    assert blue != (0.9324, 0.4797, 0.0, 0.4196)
    assert blue[0] > 0.8 and blue[3] < 0.4, blue
    # No colour asks for more ink than the press takes.
    for code in ("#1b0033", "#300000", "#002010", "#101820"):
        assert sum(cmyk(*rgb(code))) <= 3.0 + 1e-6, code


def test_press_files_have_no_links_and_draw_marks_from_a_clean_state(
    printer: LeafletPrinter, snippets: Path
) -> None:
    home = render(printer, snippets)
    with pikepdf.open(io.BytesIO(home)) as doc:
        assert any("/Annots" in page.obj for page in doc.pages), "the home file has links"
    pdf = render(printer, snippets, edition="print-shop")
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        assert not any("/Annots" in page.obj for page in doc.pages)
        stack = [doc.Root.StructTreeRoot]
        while stack:  # no structure element still points at a link annotation
            kids = stack.pop().get("/K")
            for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
                if isinstance(kid, pikepdf.Dictionary):
                    assert kid.get("/Type") != "/OBJR"
                    stack.append(kid)
        for page in doc.pages:
            ops = [str(op) for _, op in pikepdf.parse_content_stream(page)]
            depth, closed_at = 0, None
            for index, op in enumerate(ops):
                depth += 1 if op == "q" else -1 if op == "Q" else 0
                assert depth >= 0
                if depth == 0 and closed_at is None and index > 0:
                    closed_at = index
            assert ops[0] == "q" and depth == 0
            # The marks come after the page's own drawing has closed its state.
            assert closed_at is not None and ops[closed_at + 1 :].count("S") == 8


def test_without_the_sites_address_nothing_prints_a_placeholder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from liberation_content.pdf.render import NO_ADDRESS  # noqa: PLC0415

    out = tmp_path / "out"
    options = BuildOptions(out=out, content=DATA, today=FIXTURE_TODAY, site_url="")
    build(options, ("pdf",))
    files = sorted(p.name for p in (out / "pdf" / "en").glob("*.pdf"))
    assert files and not [f for f in files if "print-shop" in f]
    assert "no print-shop files" in capsys.readouterr().err
    home = (out / "pdf" / "en" / "leaflet-home-a5.pdf").read_bytes()
    words = text(home)
    assert "example.org" not in words and "Read this online" not in words
    with pytest.raises(LiberationError, match="site's address was not set"):
        print_leaflet("leaflet", "en", edition_name="print-shop", data=out / "json")
    assert "--site-url" in NO_ADDRESS


def test_with_the_sites_address_the_leaflet_prints_it_and_its_qr_code(
    printer: LeafletPrinter, snippets: Path
) -> None:
    words = "".join(text(render(printer, snippets)).split())  # (the address may wrap)
    assert f"Readthisonline,witheverysource:{SITE}en/index.html" in words
    with pikepdf.open(io.BytesIO(render(printer, snippets))) as doc:
        figures = [
            o for o in doc.objects if isinstance(o, pikepdf.Dictionary) and o.get("/S") == "/Figure"
        ]
    assert any("QR code" in str(f.get("/Alt", "")) for f in figures)


def test_a_brands_text_is_printed_only_in_its_own_language(
    printer: LeafletPrinter, snippets: Path, tmp_path: Path
) -> None:
    brand = _brand(
        tmp_path,
        'name = "Groupe SEP"\nlanguage = "fr"\nhelpline_hours = "Du lundi au vendredi"\n'
        'contact = "Appelez-nous."\n[translations.es]\ncontact = "Llámenos."\n',
    )
    loaded = load_brand(brand)
    assert loaded.covers("fr") and loaded.covers("es") and not loaded.covers("en")
    assert loaded.in_language("es").contact == "Llámenos."
    assert loaded.in_language("es").helpline_hours == ""  # never the French hours
    words = " ".join(text(render(printer, snippets, brand=brand)).split())
    # An English leaflet: the neutral contact text, and nothing of the French.
    assert "Appelez-nous" not in words and "Du lundi" not in words
    assert "For advice about your own care" in words
    assert "Groupe SEP" in words  # a name is a name in every language


def test_a_brand_that_overflows_the_page_limit_is_named(content: Path, tmp_path: Path) -> None:
    edit(
        content / "leaflets" / "leaflet.toml",
        'default_size = "A5"',
        'max_pages = 2\ndefault_size = "A5"',
    )
    out = tmp_path / "out"
    build(BuildOptions(out=out, content=content, today=FIXTURE_TODAY), ("json",))
    assert page_count(print_leaflet("leaflet", "en", data=out / "json")) <= 2
    long = " ".join(["Our helpline can talk through anything in this leaflet."] * 40)
    brand = _brand(tmp_path, f'name = "Group"\ncontact = "{long}"\n')
    with pytest.raises(LiberationError) as failure:
        print_leaflet("leaflet", "en", brand=brand, data=out / "json")
    message = str(failure.value)
    assert "runs to" in message and "more than its limit of 2" in message
    assert "'contact' (360 words)" in message


def _for_press(printer: LeafletPrinter, snippets: Path, tmp_path: Path, brand: str) -> bytes:
    """The print-shop file of the test leaflet with the brand file ``brand``."""
    return render(printer, snippets, edition="print-shop", brand=_brand(tmp_path, brand))


def test_a_coloured_page_background_reaches_into_the_bleed(
    printer: LeafletPrinter, snippets: Path, tmp_path: Path
) -> None:
    body = (
        'name = "Group"\n[colours]\ntext = "#1a1a1a"\nbackground = "#fff4d6"\n'
        'accent = "#0a4d94"\naccent_text = "#ffffff"\n'
    )
    pdf = _for_press(printer, snippets, tmp_path, body)
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        page = doc.pages[0]
        bleed = [float(v) for v in page.obj.BleedBox]
        fills = [
            [float(v) for v in operands]
            for operands, op in pikepdf.parse_content_stream(page)
            if str(op) == "re"
        ]
    # The first thing drawn covers the whole bleed box.
    x, y, width, height = fills[0]
    assert (x, y) == pytest.approx(bleed[:2], abs=0.01)
    assert (x + width, y + height) == pytest.approx(bleed[2:], abs=0.01)
    # A white page needs no such fill.
    white = render(printer, snippets, edition="print-shop")
    with pikepdf.open(io.BytesIO(white)) as doc:
        first = next(iter(pikepdf.parse_content_stream(doc.pages[0])))
    assert str(first.operator) == "q"


def test_a_brand_can_give_its_own_cmyk_for_the_press(
    printer: LeafletPrinter, snippets: Path, tmp_path: Path
) -> None:
    body = (
        'name = "Group"\n[colours]\ntext = "#1a1a1a"\nbackground = "#ffffff"\n'
        'accent = "#006e6e"\naccent_text = "#ffffff"\n[press]\naccent = [100, 0, 45, 20]\n'
    )
    pdf = _for_press(printer, snippets, tmp_path, body)
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        fills = {
            tuple(round(float(v), 4) for v in operands)
            for page in doc.pages
            for operands, op in pikepdf.parse_content_stream(page)
            if str(op) in ("k", "K")
        }
    assert (1.0, 0.0, 0.45, 0.2) in fills
    assert cmyk(0, 0x6E / 255, 0x6E / 255) not in fills  # not the profile's conversion
    with pytest.raises(LiberationError, match=r"press\.accent"):
        load_brand(_brand(tmp_path, body.replace("[100, 0, 45, 20]", "[100, 100, 100, 100]")))


def test_a_brand_colour_can_print_as_a_named_spot_ink(
    printer: LeafletPrinter, snippets: Path, tmp_path: Path
) -> None:
    from liberation_content.pdf.preflight import check_pdfx4  # noqa: PLC0415

    body = (
        'name = "Group"\n[colours]\naccent = "#006e6e"\n[press]\naccent = [100, 0, 45, 20]\n'
        '[spot]\naccent = "PANTONE 3292 C"\n'
    )
    pdf = _for_press(printer, snippets, tmp_path, body)
    assert check_pdfx4(pdf) == []
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        spaces = [
            space
            for page in doc.pages
            for space in page.Resources.get("/ColorSpace", {}).values()
            if space[0] == "/Separation"
        ]
        assert spaces and {str(s[1]) for s in spaces} == {"/PANTONE 3292 C"}
        assert all(s[2] == "/DeviceCMYK" for s in spaces)
        assert [float(v) for v in spaces[0][3].C1] == [1.0, 0.0, 0.45, 0.2]
        operators = [str(op) for _, op in pikepdf.parse_content_stream(doc.pages[0])]
        assert "scn" in operators  # headings and the key facts panel in the ink
    # The home edition is for screens: RGB, no spot ink.
    home = render(printer, snippets, brand=_brand(tmp_path, body))
    assert b"PANTONE" not in home
    for mistake, expected in (
        (body.replace("[press]\naccent = [100, 0, 45, 20]\n", ""), "give its CMYK too"),
        (body.replace("PANTONE 3292 C", "All"), "reserved in PDF"),
        (body.replace("PANTONE 3292 C", "<ink>"), "the ink's name in quotes"),
    ):
        with pytest.raises(LiberationError) as failure:
            load_brand(_brand(tmp_path, mistake))
        assert "'spot.accent'" in str(failure.value.problems[0])
        assert expected in str(failure.value.problems[0])
