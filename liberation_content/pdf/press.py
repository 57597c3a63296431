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
import uuid
import zlib
from typing import Any

from .colour import (
    PROFILE_NAME,
    Overrides,
    cmyk,
    convert_colours,
    convert_colours_quickly,
    convert_image,
    profile_bytes,
    separation,
    spot_resource,
)
from .pdffile import saved, structure_kids

__all__ = ["MARK_LENGTH_MM", "MARK_OFFSET_MM", "prepare_for_press"]

MM = 72 / 25.4
#: Crop marks start this far from the trim (just outside the bleed) and are this long.
MARK_OFFSET_MM = 3.0
MARK_LENGTH_MM = 5.0


def _convert_stream(
    doc: Any,
    owner: Any,
    seen: set[tuple[int, int]],
    overrides: Overrides | None = None,
    spaces: dict[str, Any] | None = None,
) -> None:
    """Convert a page's or a form's content, then every form it draws; ``spaces`` are the
    spot inks' colour spaces, by resource name."""
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
        holder = owner.obj
    else:
        owner.write(data)
        holder = owner
    resources = _with_spaces(holder, data, spaces or {})
    if resources is None:
        return
    for xobject in resources.get("/XObject", {}).values():
        key = xobject.objgen
        if key in seen:
            continue
        seen.add(key)
        if xobject.get("/Subtype") == "/Form":
            _convert_stream(doc, xobject, seen, overrides, spaces)
        elif xobject.get("/Subtype") == "/Image" and xobject.get("/ColorSpace") == "/DeviceRGB":
            convert_image(xobject)


def _with_spaces(holder: Any, data: bytes, spaces: dict[str, Any]) -> Any:
    """The resources of a page or form, with the spot colour spaces its ``data`` uses."""
    import pikepdf  # noqa: PLC0415

    used = [name for name in spaces if name.encode() in data]
    if used and "/Resources" not in holder:
        holder.Resources = pikepdf.Dictionary()
    resources = holder.get("/Resources")
    for name in used:
        if "/ColorSpace" not in resources:
            resources.ColorSpace = pikepdf.Dictionary()
        resources.ColorSpace[name] = spaces[name]
    return resources


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
@functools.cache
def _profile() -> bytes:
    """The profile, deflated once per process rather than once per PDF."""
    return zlib.compress(profile_bytes())


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
        spaces = {
            spot_resource(ink.spot): doc.make_indirect(separation(ink))
            for ink in (overrides or {}).values()
            if ink.spot
        }
        _remove_annotations(doc)
        for page in doc.pages:
            trim = [float(v) for v in page.trimbox]
            _convert_stream(doc, page, seen, overrides, spaces)
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
