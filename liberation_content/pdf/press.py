"""The print-shop edition made from the home edition's PDF.

A press needs what a screen does not: CMYK colour, 3 mm of bleed, crop marks, the
TrimBox and BleedBox that say where the sheet is cut, and a PDF/X-4 output intent that
names the press's colour profile. None of that changes where text falls on the page, so
the print-shop PDF is made from the home edition's tagged PDF of the same pages: this
module sets the boxes, draws the marks, turns every RGB colour, pictures included, into
CMYK, adds the output intent and declares the file PDF/X-4. The structure tree (reading
order, alt text, language) is kept.
"""

from __future__ import annotations

import functools
import hashlib
import io
import re
import uuid
import zlib
from typing import Any

from liberation_content.resources import templates_dir

from .pdffile import saved, structure_kids

__all__ = [
    "MARK_LENGTH_MM",
    "MARK_OFFSET_MM",
    "PROFILE_NAME",
    "Overrides",
    "cmyk",
    "convert_colours",
    "convert_colours_quickly",
    "prepare_for_press",
]

MM = 72 / 25.4
#: Crop marks start this far from the trim (just outside the bleed) and are this long.
MARK_OFFSET_MM = 3.0
MARK_LENGTH_MM = 5.0
#: The output intent: a freely licensed profile for offset printing on coated paper
#: (its licence ships beside it in templates/print/).
PROFILE_FILE = "ISOcoated_v2_300_bas.icc"
PROFILE_NAME = "ISO Coated v2 300% (basICColor)"


#: Colours this close to grey are printed on the black plate alone, and this dark a grey
#: as solid black, so that text and rules print sharp, without a dot screen.
_NEUTRAL = 0.02
_SOLID_BLACK = 0.2
#: The most ink a press sheet takes: the profile's own limit, 300 %.
TOTAL_INK = 3.0


@functools.cache
def _transform() -> Any:
    """sRGB to the press profile, through littleCMS (relative colorimetric, with black
    point compensation), made once per process."""
    from PIL import ImageCms  # noqa: PLC0415

    press = ImageCms.ImageCmsProfile(io.BytesIO(_profile_bytes()))
    return ImageCms.buildTransform(
        ImageCms.createProfile("sRGB"),
        press,
        "RGB",
        "CMYK",
        renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC,
        flags=ImageCms.Flags.BLACKPOINTCOMPENSATION,
    )


@functools.cache
def cmyk(red: float, green: float, blue: float) -> tuple[float, float, float, float]:
    """An sRGB colour (0-1) as the press prints it: through the output-intent profile,
    except greys, which go to the black plate only (and dark greys to solid black)."""
    if max(red, green, blue) - min(red, green, blue) <= _NEUTRAL:
        grey = (red + green + blue) / 3
        return 0.0, 0.0, 0.0, 1.0 if grey <= _SOLID_BLACK else round(1 - grey, 4)
    from PIL import Image, ImageCms  # noqa: PLC0415

    pixel = Image.new("RGB", (1, 1), tuple(round(c * 255) for c in (red, green, blue)))
    converted: Any = ImageCms.applyTransform(pixel, _transform())
    values = [v / 255 for v in converted.getpixel((0, 0))]
    if sum(values) > TOTAL_INK:  # (the profile keeps to it; this is a guard)
        scale = (TOTAL_INK - values[3]) / sum(values[:3])
        values = [*(v * scale for v in values[:3]), values[3]]
    cyan, magenta, yellow, black = (round(v, 4) for v in values)
    return cyan, magenta, yellow, black


#: A brand's own CMYK for some of its colours: sRGB as 0-255 integers -> CMYK (0-1).
Overrides = dict[tuple[int, int, int], tuple[float, float, float, float]]


def _to_cmyk(values: list[float], overrides: Overrides | None) -> tuple[float, ...]:
    """A colour as the press prints it: the brand's own CMYK for it, if given."""
    chosen = (overrides or {}).get(tuple(round(v * 255) for v in values))  # type: ignore[arg-type]
    return chosen if chosen is not None else cmyk(*values)


def convert_colours(instructions: list[Any], overrides: Overrides | None = None) -> list[Any]:
    """Each RGB colour operator as its CMYK equivalent; everything else unchanged."""
    import pikepdf  # noqa: PLC0415

    converted = []
    spaces = {"fill": "", "stroke": ""}
    for original, operator in instructions:
        operands = original
        name = str(operator)
        if name in ("rg", "RG"):
            values = _to_cmyk([float(v) for v in operands], overrides)
            converted.append((list(values), pikepdf.Operator("k" if name == "rg" else "K")))
            continue
        if name in ("cs", "CS"):
            spaces["fill" if name == "cs" else "stroke"] = str(operands[0])
            if str(operands[0]) == "/DeviceRGB":
                operands = [pikepdf.Name("/DeviceCMYK")]
        elif name in ("sc", "scn", "SC", "SCN"):
            side = "fill" if name in ("sc", "scn") else "stroke"
            if spaces[side] == "/DeviceRGB" and len(operands) == 3:
                operands = list(_to_cmyk([float(v) for v in operands], overrides))
        converted.append((operands, operator))
    return converted


_NUMBER = rb"([-+]?(?:\d+\.?\d*|\.\d+))"
#: ``r g b rg`` (fill) or ``r g b RG`` (stroke), as whole tokens.
_RGB_OPERATOR = re.compile(rb"(?<![^\s])" + rb"\s+".join([_NUMBER] * 3) + rb"\s+(rg|RG)(?![^\s])")
#: What only the full parser handles: strings, inline images, colour spaces and comments.
_NEEDS_PARSER = re.compile(rb"[(%]|(?<![^\s])(?:BI|cs|CS|sc|scn|SC|SCN)(?![^\s])")


def convert_colours_quickly(data: bytes, overrides: Overrides | None = None) -> bytes | None:
    """The content with each ``rg``/``RG`` turned into ``k``/``K``, or None when the
    content holds anything that needs the full parser (WeasyPrint's pages do not)."""
    if _NEEDS_PARSER.search(data):
        return None

    def swap(match: re.Match[bytes]) -> bytes:
        values = _to_cmyk([float(match.group(i)) for i in (1, 2, 3)], overrides)
        operator = b"k" if match.group(4) == b"rg" else b"K"
        return " ".join(f"{v:g}" for v in values).encode() + b" " + operator

    return _RGB_OPERATOR.sub(swap, data)


def _convert_stream(
    doc: Any, owner: Any, seen: set[tuple[int, int]], overrides: Overrides | None = None
) -> None:
    """Convert a page's or a form's content, then every form it draws."""
    import pikepdf  # noqa: PLC0415

    if isinstance(owner, pikepdf.Page):
        owner.contents_coalesce()
        raw = owner.obj.Contents.read_bytes()
    else:
        raw = owner.read_bytes()
    data = convert_colours_quickly(raw, overrides)
    if data is None:
        instructions = pikepdf.parse_content_stream(owner)
        data = pikepdf.unparse_content_stream(convert_colours(list(instructions), overrides))
    if isinstance(owner, pikepdf.Page):
        owner.obj.Contents = doc.make_stream(data)
        resources = owner.obj.get("/Resources")
    else:
        owner.write(data)
        resources = owner.get("/Resources")
    if resources is None:
        return
    for xobject in resources.get("/XObject", {}).values():
        key = xobject.objgen
        if key in seen:
            continue
        seen.add(key)
        if xobject.get("/Subtype") == "/Form":
            _convert_stream(doc, xobject, seen, overrides)
        elif xobject.get("/Subtype") == "/Image" and xobject.get("/ColorSpace") == "/DeviceRGB":
            _convert_image(xobject)


def _convert_image(image: Any) -> None:
    """An RGB picture (a PNG logo) as CMYK pixels; its transparency mask is kept."""
    import pikepdf  # noqa: PLC0415
    from PIL import ImageCms  # noqa: PLC0415

    picture = pikepdf.PdfImage(image).as_pil_image().convert("RGB")
    pixels: Any = ImageCms.applyTransform(picture, _transform())
    image.write(zlib.compress(pixels.tobytes()), filter=pikepdf.Name.FlateDecode)
    image.ColorSpace = pikepdf.Name.DeviceCMYK
    image.BitsPerComponent = 8
    if "/DecodeParms" in image:
        del image.DecodeParms


def _remove_annotations(doc: Any) -> None:
    """No annotations in a file for press (PDF/X allows only printer's marks and trap
    networks): the links go, with their places in the structure tree."""
    import pikepdf  # noqa: PLC0415

    gone: set[int] = set()
    for page in doc.pages:
        for annotation in page.obj.get("/Annots", []):
            if "/StructParent" in annotation:
                gone.add(int(annotation.StructParent))
        if "/Annots" in page.obj:
            del page.obj["/Annots"]
    root = doc.Root.get("/StructTreeRoot")
    if root is None:
        return
    stack = [root]
    while stack:
        element = stack.pop()
        kids = structure_kids(element)
        keep = [
            k for k in kids if not (isinstance(k, pikepdf.Dictionary) and k.get("/Type") == "/OBJR")
        ]
        if len(keep) < len(kids):
            element.K = pikepdf.Array(keep)
        stack.extend(k for k in keep if isinstance(k, pikepdf.Dictionary))
    numbers = root.get("/ParentTree", {}).get("/Nums")
    if numbers is not None and gone:
        pairs = [(numbers[i], numbers[i + 1]) for i in range(0, len(numbers), 2)]
        root.ParentTree.Nums = pikepdf.Array(
            [v for key, value in pairs if int(key) not in gone for v in (key, value)]
        )


def _marks(trim: list[float]) -> bytes:
    """Crop marks at the four corners, in registration-safe CMYK black, outside the bleed."""
    left, bottom, right, top = trim
    offset, length = MARK_OFFSET_MM * MM, MARK_LENGTH_MM * MM
    lines = []
    for x, outward_x in ((left, -1), (right, 1)):
        for y, outward_y in ((bottom, -1), (top, 1)):
            start_x, end_x = x + outward_x * offset, x + outward_x * (offset + length)
            start_y, end_y = y + outward_y * offset, y + outward_y * (offset + length)
            lines.append(f"{start_x:.3f} {y:.3f} m {end_x:.3f} {y:.3f} l S")
            lines.append(f"{x:.3f} {start_y:.3f} m {x:.3f} {end_y:.3f} l S")
    # An artifact: not part of the text, so the structure tree stays whole.
    return ("\n/Artifact BMC q 0 0 0 1 K 0.25 w [] 0 d " + " ".join(lines) + " Q EMC\n").encode()


@functools.cache
def _profile_bytes() -> bytes:
    return (templates_dir() / "print" / PROFILE_FILE).read_bytes()


@functools.cache
def _profile() -> bytes:
    """The profile, deflated once per process rather than once per PDF."""
    return zlib.compress(_profile_bytes())


def _declare_pdfx(doc: Any, identity: str) -> None:
    """The CMYK output intent and the PDF/X-4 declaration in the document's metadata."""
    import pikepdf  # noqa: PLC0415

    profile = doc.make_stream(b"")
    profile.write(_profile(), filter=pikepdf.Name.FlateDecode)
    profile.N = 4
    doc.Root.OutputIntents = pikepdf.Array(
        [
            pikepdf.Dictionary(
                Type=pikepdf.Name.OutputIntent,
                S=pikepdf.Name.GTS_PDFX,
                OutputConditionIdentifier=pikepdf.String(PROFILE_NAME),
                Info=pikepdf.String(PROFILE_NAME),
                DestOutputProfile=profile,
            )
        ]
    )
    # (pikepdf spells Name.False_ with an underscore, which would be written as "/False_")
    doc.docinfo.Trapped = pikepdf.Name("/False")
    doc.docinfo.GTS_PDFXVersion = pikepdf.String("PDF/X-4")
    with doc.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
        # The home edition's PDF/UA claim is not repeated: this file is for presses.
        if "pdfuaid:part" in meta:
            del meta["pdfuaid:part"]
        meta["pdfxid:GTS_PDFXVersion"] = "PDF/X-4"
        meta["pdf:Trapped"] = "False"
        meta["xmp:MetadataDate"] = meta.get("xmp:ModifyDate", "")
        meta["xmpMM:DocumentID"] = f"xmp.did:{uuid.uuid5(uuid.NAMESPACE_URL, identity)}"
        meta["xmpMM:VersionID"] = "1"
        meta["xmpMM:RenditionClass"] = "proof:pdf"


def _bleed_background(trim: list[float], bleed: float, background: str) -> bytes:
    """A page colour other than white, carried into the bleed: a sheet trimmed a little
    off its mark shows no white edge. (Drawn first, under the page.)"""
    rgb = tuple(int(background[i : i + 2], 16) / 255 for i in (1, 3, 5))
    if min(rgb) >= 1.0:
        return b""
    c, m, y, k = cmyk(*rgb)
    left, bottom, right, top = trim
    box = f"{left - bleed:.3f} {bottom - bleed:.3f} {right - left + 2 * bleed:.3f} "
    box += f"{top - bottom + 2 * bleed:.3f} re f"
    return f"/Artifact BMC q {c:g} {m:g} {y:g} {k:g} k {box} Q EMC\n".encode()


def prepare_for_press(
    pdf: bytes, bleed_mm: float, background: str = "#ffffff", overrides: Overrides | None = None
) -> bytes:
    """The print-shop PDF/X-4 file made from a home edition ``pdf``: boxes, bleed, crop
    marks, CMYK colour (a brand's own CMYK where it gives one, in ``overrides``) and the
    output intent; a page ``background`` other than white is carried into the bleed. The
    same home PDF gives the same bytes."""
    import pikepdf  # noqa: PLC0415

    bleed = bleed_mm * MM
    margin = max(bleed, (MARK_OFFSET_MM + MARK_LENGTH_MM) * MM)
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        seen: set[tuple[int, int]] = set()
        _remove_annotations(doc)
        for page in doc.pages:
            trim = [float(v) for v in page.trimbox]
            _convert_stream(doc, page, seen, overrides)
            # The page's own drawing in q ... Q, so the marks start from a clean state.
            content = page.obj.Contents.read_bytes()
            under = _bleed_background(trim, bleed, background)
            page.obj.Contents = doc.make_stream(under + b"q\n" + content + b"\nQ" + _marks(trim))
            left, bottom, right, top = trim
            page.obj.TrimBox = pikepdf.Array(trim)
            page.obj.BleedBox = pikepdf.Array(
                [left - bleed, bottom - bleed, right + bleed, top + bleed]
            )
            page.obj.MediaBox = pikepdf.Array(
                [left - margin, bottom - margin, right + margin, top + margin]
            )
        _declare_pdfx(doc, hashlib.sha256(pdf).hexdigest())
        return saved(doc, version="1.6")  # PDF/X-4 is based on PDF 1.6
