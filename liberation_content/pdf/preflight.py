"""Preflight: a PDF checked as a print shop (PDF/X-4, ISO 15930-7) and an accessibility
auditor (PDF/UA-1, Matterhorn's machine-checkable checkpoints, in :mod:`.preflight_ua`)
would. :func:`check_pdf` checks what a file claims to be; each rule is a small function
returning :class:`Finding` s. No finding means the file passes what a machine can check.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pikepdf

from . import preflight_ua as ua
from .preflight_ua import Finding, UnreadablePdfError, check_pdfua1

__all__ = ["Finding", "UnreadablePdfError", "check_pdf", "check_pdfua1", "check_pdfx4"]
__all__ += ["claimed_standards"]

PDFX4 = "PDF/X-4 (ISO 15930-7)"
PDFUA1 = "PDF/UA-1 (Matterhorn machine-checkable)"
TOLERANCE = 0.01  # points: boxes computed from millimetres round differently
#: Colour spaces refused beside a CMYK output intent (with the inline-image abbreviation).
SCREEN_SPACES = {"/DeviceRGB", "/CalRGB", "/Lab", "/RGB"}
#: A transparency group may blend in CMYK or grey, never in RGB (an RGB profile included).
RGB_BLENDING = SCREEN_SPACES | {"/ICCBased3"}
FONT_FILES = {"/FontFile", "/FontFile2", "/FontFile3"}
PAINTING = {"S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "sh"} | ua.DRAWS
SAYS = {
    "out-of-sync": "the Info {} {!r} is not the XMP {} {!r}: Info and XMP metadata out of sync",
    "trapped": "the Info /Trapped is {}, where PDF/X needs the name /True or /False: "
    "Trapped key not True or False",
    "profile": "the output profile is a {!r} {!r} profile, not a CMYK printer ('prtr') "
    "one: output intent not suitable for the press",
    "bleed-annotation": "a {} annotation lies inside the BleedBox, where PDF/X allows only "
    "printer's marks and trap networks: annotation in the printed area",
    "colour": "{}, {} time(s), beside a CMYK output intent: RGB or Lab colour where "
    "PDF/X needs CMYK (device colour space not allowed)",
    "unbalanced": "a content stream of {} has unbalanced q/Q (depth {} at its end, {} at "
    "the lowest): graphics state not saved and restored",
    "transformed": "marks drawn after the page's content are drawn in the coordinates the "
    "content left transformed (a cm outside q/Q): content not wrapped in q/Q",
}


def _metadata(doc: Any) -> list[Finding]:
    """The PDF/X-4 identification, the document title and the XMP entries PDF/X needs."""
    found, info, xmp = [], doc.docinfo, ua.xmp_values(doc)
    if str(info.get("/GTS_PDFXVersion", "")) != "PDF/X-4":
        found.append("the Info /GTS_PDFXVersion is not PDF/X-4: PDF/X version key missing")
    if xmp.get("pdfxid:GTS_PDFXVersion") != "PDF/X-4":
        found.append("the XMP pdfxid:GTS_PDFXVersion is not PDF/X-4: PDF/X identification missing")
    title, xmp_title = str(info.get("/Title", "")), xmp.get("dc:title", "")
    if not title:
        found.append("the Info dictionary has no /Title: document title missing")
    elif title != xmp_title:
        found.append(SAYS["out-of-sync"].format("/Title", title, "dc:title", xmp_title))
    needed = ["xmp:CreateDate", "xmp:ModifyDate", "xmpMM:DocumentID"]
    if not xmp.get("xmpMM:RenditionClass"):
        needed.append("xmpMM:VersionID")  # one of the two is enough
    for key in needed:
        if not xmp.get(key):
            found.append(f"the XMP metadata has no {key}: required XMP entry missing")
    return [Finding("pdfx.metadata", None, message) for message in found]


def _trapped(doc: Any) -> list[Finding]:
    trapped, xmp = doc.docinfo.get("/Trapped"), ua.xmp_values(doc)
    shown = "missing" if trapped is None else str(trapped)
    if not isinstance(trapped, pikepdf.Name) or shown not in {"/True", "/False"}:
        return [Finding("pdfx.trapped", None, SAYS["trapped"].format(shown))]
    if xmp.get("pdf:Trapped") != shown[1:]:
        xmp_trapped = xmp.get("pdf:Trapped", "missing")
        message = SAYS["out-of-sync"].format("/Trapped", shown, "pdf:Trapped", xmp_trapped)
        return [Finding("pdfx.trapped", None, message)]
    return []


_PDF_DATE = re.compile(
    r"(?:D:)?(\d{4})(\d\d)?(\d\d)?(\d\d)?(\d\d)?(\d\d)?(?:([Zz])|([+-])(\d\d)'?(\d\d)?'?)?"
)


def _pdf_date(text: str) -> datetime.datetime:
    """A PDF date (``D:20240131120000+01'00'``); ValueError if it is not one."""
    match = _PDF_DATE.fullmatch(text.strip())
    if match is None:
        raise ValueError(text)
    year, *_, zulu, sign, hours, minutes = match.groups()
    zone = datetime.UTC if zulu else None
    if sign:
        offset = datetime.timedelta(hours=int(hours), minutes=int(minutes or 0))
        zone = datetime.timezone(-offset if sign == "-" else offset)
    fields = zip(match.groups()[1:6], (1, 1, 0, 0, 0), strict=True)
    month, day, hour, minute, second = (int(part or default) for part, default in fields)
    return datetime.datetime(int(year), month, day, hour, minute, second, tzinfo=zone)


def _same_instant(info: str, xmp: str) -> bool:
    try:
        one, other = _pdf_date(info), datetime.datetime.fromisoformat(xmp.strip())
    except ValueError:
        return False
    if (one.tzinfo is None) != (other.tzinfo is None):  # one has no zone: compare wall time
        return one.replace(tzinfo=None) == other.replace(tzinfo=None)
    return one == other


def _dates(doc: Any) -> list[Finding]:
    found, xmp = [], ua.xmp_values(doc)
    for info_key, xmp_key in (("/CreationDate", "xmp:CreateDate"), ("/ModDate", "xmp:ModifyDate")):
        info = str(doc.docinfo.get(info_key, ""))
        if info and xmp_key in xmp and not _same_instant(info, xmp[xmp_key]):
            message = SAYS["out-of-sync"].format(info_key, info, xmp_key, xmp[xmp_key])
            found.append(Finding("pdfx.dates", None, message))
    return found


def _intent_profile(doc: Any) -> tuple[list[Any], bytes]:
    """The GTS_PDFX output intents, and the header of the first one's embedded profile."""
    intents = [i for i in doc.Root.get("/OutputIntents", []) if i.get("/S") == "/GTS_PDFX"]
    profile = intents[0].get("/DestOutputProfile") if intents else None
    return intents, profile.read_bytes()[:128] if isinstance(profile, pikepdf.Stream) else b""


def _output_intent(doc: Any) -> list[Finding]:
    intents, header = _intent_profile(doc)
    found = []
    if len(intents) != 1:
        found.append(f"there are {len(intents)} PDF/X output intents (/S /GTS_PDFX), not one")
    elif not str(intents[0].get("/OutputConditionIdentifier", "")):
        found.append("the output intent has no /OutputConditionIdentifier")
    if intents and not header:
        found.append("the output intent has no embedded /DestOutputProfile")
    elif intents and (header[16:20] != b"CMYK" or header[12:16] != b"prtr"):
        found.append(SAYS["profile"].format(header[16:20].decode(), header[12:16].decode()))
    return [Finding("pdfx.output-intent", None, f"{m}: output intent wrong") for m in found]


def _rect(value: Any) -> tuple[float, float, float, float]:
    x1, y1, x2, y2 = (float(v) for v in value)
    return min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2)


def _within(inner: tuple[float, ...], outer: tuple[float, ...]) -> bool:
    left, bottom, right, top = (a - b for a, b in zip(inner, outer, strict=True))
    return min(left, bottom) >= -TOLERANCE and max(right, top) <= TOLERANCE


def _bleed(page: Any) -> tuple[float, float, float, float]:
    """The BleedBox, or what it defaults to: the CropBox, or else the MediaBox."""
    box = page.get("/BleedBox")
    for key in ("/CropBox", "/MediaBox"):
        box = ua.inherited(page, key) if box is None else box
    return _rect(box)


def _boxes(doc: Any) -> list[Finding]:
    found = []
    for number, page in enumerate(doc.pages, 1):
        obj, bleed, problems = page.obj, _bleed(page.obj), []
        finished = [key for key in ("/TrimBox", "/ArtBox") if key in obj]
        if not finished:
            problems.append("the page has no TrimBox (nor ArtBox): finished size not set")
        elif len(finished) > 1:
            problems.append("the page has a TrimBox and an ArtBox, where PDF/X allows one")
        elif not _within(_rect(obj[finished[0]]), bleed):
            problems.append(f"the {finished[0][1:]} is not inside the BleedBox: boxes wrong")
        if not _within(bleed, _rect(ua.inherited(obj, "/MediaBox"))):
            problems.append("the BleedBox is not inside the MediaBox: boxes wrong")
        found += [Finding("pdfx.boxes", number, problem) for problem in problems]
    return found


def _overlap(one: tuple[float, ...], other: tuple[float, ...]) -> bool:
    width = min(one[2], other[2]) - max(one[0], other[0])
    return width > TOLERANCE and min(one[3], other[3]) - max(one[1], other[1]) > TOLERANCE


def _annotations(doc: Any) -> list[Finding]:
    found = []
    for number, page in enumerate(doc.pages, 1):
        bleed = _bleed(page.obj)
        for annot in page.obj.get("/Annots", []):
            kind = str(annot.get("/Subtype", "/unnamed"))[1:]
            if kind in {"TrapNet", "PrinterMark"}:
                continue
            if "/Rect" in annot and _overlap(_rect(annot.Rect), bleed):
                message = SAYS["bleed-annotation"].format(kind)
                found.append(Finding("pdfx.annotation", number, message))
            if int(annot.get("/F", 0)) & 4 and "/N" not in annot.get("/AP", {}) and kind != "Popup":
                message = f"a printed {kind} annotation has no appearance stream (/AP /N)"
                found.append(Finding("pdfx.annotation", number, message))
    return found


@dataclass(frozen=True)
class Drawing:
    """A content stream: part of a page's content, or a form, pattern, mask or appearance."""

    page: int
    stream: Any
    resources: Any
    what: str
    page_object: Any = None


def _inner(resources: Any) -> list[Any]:
    """The forms, tiling patterns and soft masks a resource dictionary can draw."""
    streams = [x for x in resources.get("/XObject", {}).values() if x.get("/Subtype") == "/Form"]
    streams += [p for p in resources.get("/Pattern", {}).values() if p.get("/PatternType") == 1]
    masks = [state.get("/SMask") for state in resources.get("/ExtGState", {}).values()]
    return streams + [m.get("/G") for m in masks if isinstance(m, pikepdf.Dictionary)]


def _drawn(items: Any, resources: Any, page: int, seen: set[Any], what: str) -> Iterator[Drawing]:
    for stream in items:
        if isinstance(stream, pikepdf.Stream) and stream.objgen not in seen:
            seen.add(stream.objgen)
            inner = stream.get("/Resources", resources)
            yield Drawing(page, stream, inner, what)
            yield from _drawn(_inner(inner), inner, page, seen, "a form")


def drawings(doc: Any) -> Iterator[Drawing]:
    """Every content stream of the document, once, with the page it is first drawn on."""
    seen: set[tuple[int, int]] = set()
    for number, page in enumerate(doc.pages, 1):
        resources = ua.inherited(page.obj, "/Resources") or pikepdf.Dictionary()
        contents = page.obj.get("/Contents", pikepdf.Array())
        for stream in contents if isinstance(contents, pikepdf.Array) else [contents]:
            yield Drawing(number, stream, resources, "the page", page.obj)
        yield from _drawn(_inner(resources), resources, number, seen, "a form")
        for annot in page.obj.get("/Annots", []):
            normal = annot.get("/AP", {}).get("/N")
            states = [normal] if isinstance(normal, pikepdf.Stream) else (normal or {}).values()
            yield from _drawn(states, resources, number, seen, "an annotation")


def _fonts(doc: Any) -> list[Finding]:
    found, seen = [], set()
    for drawing in drawings(doc):
        for font in drawing.resources.get("/Font", {}).values():
            if font.objgen in seen and font.objgen != (0, 0):
                continue
            seen.add(font.objgen)
            kind = font.get("/Subtype")
            descendant = font.DescendantFonts[0] if kind == "/Type0" else font
            files = set(descendant.get("/FontDescriptor", {}).keys()) & FONT_FILES
            if kind != "/Type3" and not files:
                name = str(font.get("/BaseFont", "/unnamed"))[1:]
                message = f"the font {name} is not embedded: font not embedded"
                found.append(Finding("pdfx.fonts", drawing.page, message))
    return found


def _space(space: Any, resources: Any, depth: int = 0) -> str:
    """The colour space family that matters to a press: an Indexed space's base, a spot
    colour's alternate, an ICC profile with its number of components (``/ICCBased3``)."""
    if isinstance(space, pikepdf.Name):
        named = resources.get("/ColorSpace", {}).get(str(space))
        return str(space) if named is None or depth > 8 else _space(named, resources, depth + 1)
    if not isinstance(space, pikepdf.Array) or not len(space) or depth > 8:
        return ""
    head = str(space[0])
    if head in {"/Indexed", "/I", "/Pattern"} and len(space) > 1:
        return _space(space[1], resources, depth + 1)
    if head in {"/Separation", "/DeviceN"} and len(space) > 2:
        return _space(space[2], resources, depth + 1)
    return f"/ICCBased{int(space[1].get('/N', 0))}" if head == "/ICCBased" else head


def _colours_used(drawing: Drawing, images: set[tuple[int, int]]) -> Iterator[str]:
    """Where a content stream uses RGB or Lab colour (its images, each once, included):
    one description per use."""
    resources = drawing.resources
    for name, image in resources.get("/XObject", {}).items():
        if image.get("/Subtype") == "/Image" and image.objgen not in images:
            images.add(image.objgen)
            if _space(image.get("/ColorSpace"), resources) in SCREEN_SPACES:
                yield f"the image {name} in {_space(image.get('/ColorSpace'), resources)[1:]}"
    parsed: Any = pikepdf.parse_content_stream(drawing.stream)
    for operands, operator in parsed:
        op = str(operator)
        if op in {"rg", "RG"}:
            yield f"{op} operators (DeviceRGB colour)"
        elif op in {"cs", "CS"} and _space(operands[0], resources) in SCREEN_SPACES:
            yield f"the colour space {operands[0]} ({_space(operands[0], resources)[1:]})"
        elif op == "INLINE IMAGE":
            space = operands[0].obj.get("/CS", operands[0].obj.get("/ColorSpace"))
            if _space(space, resources) in SCREEN_SPACES:
                yield f"an inline image in {_space(space, resources)[1:]}"
        elif op == "sh":
            shading = resources.get("/Shading", {}).get(str(operands[0]), {})
            if _space(shading.get("/ColorSpace"), resources) in SCREEN_SPACES:
                yield "a shading in RGB or Lab"
    owner = drawing.stream if drawing.what != "the page" else drawing.page_object
    if _space(owner.get("/Group", {}).get("/CS"), resources) in RGB_BLENDING:
        yield "a transparency group blended in RGB (/Group /CS)"


def _colour(doc: Any) -> list[Finding]:
    if _intent_profile(doc)[1][16:20] == b"RGB ":
        return []  # an RGB output intent allows RGB colour
    counts: dict[tuple[int, str], int] = {}
    images: set[tuple[int, int]] = set()
    for drawing in drawings(doc):
        for use in _colours_used(drawing, images):
            counts[drawing.page, use] = counts.get((drawing.page, use), 0) + 1
    return [
        Finding("pdfx.colour", page, SAYS["colour"].format(use, count))
        for (page, use), count in sorted(counts.items())
    ]


def _depths(drawing: Drawing) -> tuple[int, int, bool, bool]:
    """The lowest and final q/Q depth of a stream, whether it leaves the coordinates
    changed (a ``cm`` outside any q/Q), and whether it paints anything."""
    depth = lowest = 0
    transformed = paints = False
    parsed: Any = pikepdf.parse_content_stream(drawing.stream)
    for _operands, operator in parsed:
        op = str(operator)
        depth += 1 if op == "q" else -1 if op == "Q" else 0
        lowest = min(lowest, depth)
        transformed |= op == "cm" and depth <= 0
        paints |= op in PAINTING
    return lowest, depth, transformed, paints


def _content_streams(doc: Any) -> list[Finding]:
    """Every content stream saves and restores the graphics state it changes, and marks
    added after a page's content are not drawn in the state that content left behind."""
    found, left_transformed = [], set()
    for drawing in drawings(doc):
        lowest, final, transformed, paints = _depths(drawing)
        if lowest < 0 or final != 0:
            message = SAYS["unbalanced"].format(drawing.what, final, lowest)
            found.append(Finding("pdfx.content", drawing.page, message))
        if drawing.what == "the page":
            if drawing.page in left_transformed and paints:
                found.append(Finding("pdfx.content", drawing.page, SAYS["transformed"]))
                left_transformed.discard(drawing.page)
            if transformed or final > 0:
                left_transformed.add(drawing.page)
    return found


def _file(doc: Any) -> list[Finding]:
    found, version = [], str(doc.pdf_version)
    if tuple(int(part) for part in version.split(".")[:2]) < (1, 6):
        message = f"the file is PDF {version}, where PDF/X-4 needs 1.6 or later: version too old"
        found.append(Finding("pdfx.version", None, message))
    if doc.is_encrypted:
        message = "the file is encrypted, which PDF/X does not allow: encryption used"
        found.append(Finding("pdfx.encrypted", None, message))
    return found


RULES: tuple[Callable[[Any], list[Finding]], ...] = (
    *(_file, _metadata, _trapped, _dates, _output_intent, _boxes),
    *(_annotations, _fonts, _colour, _content_streams),
)


def _pdfx4(doc: Any) -> list[Finding]:
    return [finding for rule in RULES for finding in rule(doc)]


def check_pdfx4(data: bytes) -> list[Finding]:
    """Every machine-checkable PDF/X-4 failure of a PDF, whatever it claims to be."""
    with ua.open_pdf(data) as doc:
        return _pdfx4(doc)


def _claims(doc: Any) -> tuple[str, ...]:
    xmp = ua.xmp_values(doc)
    pdfx = "/GTS_PDFXVersion" in doc.docinfo or "pdfxid:GTS_PDFXVersion" in xmp
    return (PDFX4,) * pdfx + (PDFUA1,) * ("pdfuaid:part" in xmp)


def claimed_standards(data: bytes) -> tuple[str, ...]:
    """The standards a PDF claims, of those checked here: PDFX4, PDFUA1, both or neither."""
    with ua.open_pdf(data) as doc:
        return _claims(doc)


def check_pdf(data: bytes) -> list[Finding]:
    """Every failure of a PDF against the standards it claims (PDF/X in its Info or XMP,
    PDF/UA in its XMP); a file that claims neither is one finding."""
    with ua.open_pdf(data) as doc:
        claims = _claims(doc)
        if not claims:
            message = "the file claims neither PDF/X (GTS_PDFXVersion) nor PDF/UA (pdfuaid:part)"
            return [Finding("pdf.claims", None, message + ": nothing to check it against")]
        findings = _pdfx4(doc) if PDFX4 in claims else []
        return findings + (ua.check_document(doc) if PDFUA1 in claims else [])
