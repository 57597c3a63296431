"""The text layer and the tags of a printed PDF, mended after WeasyPrint has written it.

- **Text that survives.** Every line :mod:`.weasy` marked (a line in a script whose
  glyphs are shared between letters) is split into one ``/Span`` per glyph cluster, each
  with the cluster's own text as ``/ActualText``. The page looks the same; a screen
  reader, a search, ``pdftotext`` or a copy gets the letters that were printed, and each
  reader puts them in reading order as it does for any other glyphs.
- **One element per paragraph.** WeasyPrint makes the elements of each page apart, so a
  paragraph (or list, or section) that crosses a page became two; the parts are joined
  into one element, as a screen reader expects.
- **Artifacts.** Marked content whose structure element is not in the document's tree
  (WeasyPrint's running footer) becomes an ``/Artifact``, as PDF/UA requires of running
  heads and page numbers, and leaves the parent tree.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from typing import Any

from .pdffile import saved, structure_kids
from .weasy import SOURCE_KEY, Glyph

__all__ = ["artifacts_quickly", "mend"]

_Op = tuple[list[Any], Any]


def _glyph_count(data: bytes) -> int:
    return len(data) // 2  # two-byte codes: every font is Type0, Identity-H


def _widths(font: Any) -> dict[int, float]:
    """Glyph widths of a Type0 font, from its descendant's /W array."""
    import pikepdf  # noqa: PLC0415

    found: dict[int, float] = {}
    descendants = font.get("/DescendantFonts")
    spec = list(descendants[0].get("/W", [])) if descendants else []
    while spec:
        first, second = int(spec[0]), spec[1]
        if isinstance(second, pikepdf.Array):
            found.update({first + i: float(w) for i, w in enumerate(second)})
            spec = spec[2:]
        else:
            found.update({g: float(spec[2]) for g in range(first, int(second) + 1)})
            spec = spec[3:]
    return found


def _shown(inner: list[_Op], font: str) -> Iterator[tuple[int, float, str]]:
    """Each glyph a line shows, in order: its code, the text rise and the font in use."""
    import pikepdf  # noqa: PLC0415

    rise = 0.0
    for operands, operator in inner:
        name = str(operator)
        if name == "Ts":
            rise = float(operands[0])
        elif name == "Tf":
            font = str(operands[0])
        elif name in ("TJ", "Tj"):
            for part in list(operands[0]) if name == "TJ" else [operands[0]]:
                if isinstance(part, pikepdf.String):
                    data = bytes(part)
                    for i in range(0, _glyph_count(data) * 2, 2):
                        yield int.from_bytes(data[i : i + 2], "big"), rise, font


def _owners(
    inner: list[_Op], glyphs: list[Glyph], fonts: dict[str, dict[int, float]], font: str
) -> list[str]:
    """The ActualText of each glyph of a line: its cluster's text on the cluster's first
    base glyph (one with a width, on the baseline: a reader places the text where that
    glyph is), and nothing on the cluster's marks."""
    base = [
        rise == 0 and fonts.get(name, {}).get(gid, 1.0) > 0
        for gid, rise, name in _shown(inner, font)
    ]
    owner: dict[tuple[int, int], int] = {}
    for index, ((key, _), is_base) in enumerate(zip(glyphs, base, strict=True)):
        if key not in owner or (not base[owner[key]] and is_base):
            owner[key] = index
    texts = [text if owner[key] == i else "" for i, (key, text) in enumerate(glyphs)]
    # A cluster that is only a mark (a shadda Pango keeps apart) is read with the letter
    # drawn just before it, its base.
    for index in owner.values():
        if not base[index] and index > 0:
            before = owner[glyphs[index - 1][0]]
            if base[before]:
                texts[before] += texts[index]
                texts[index] = ""
    return texts


def _spans(
    inner: list[_Op], glyphs: list[Glyph], fonts: dict[str, dict[int, float]], font: str
) -> Iterator[_Op]:
    """The operators of one marked line, each glyph in a span with its ActualText."""
    import pikepdf  # noqa: PLC0415

    texts = iter(_owners(inner, glyphs, fonts, font))
    opened = False
    pending: list[Any] = []  # the TJ array of the open span
    numbers: list[Any] = []  # adjustments since the last glyph: they go with the next

    def show() -> Iterator[_Op]:
        if pending:
            yield [pikepdf.Array(pending)], pikepdf.Operator("TJ")
            pending.clear()

    for operands, operator in inner:
        if str(operator) not in ("TJ", "Tj"):
            pending.extend(numbers)
            numbers.clear()
            yield from show()
            yield operands, operator
            continue
        parts = list(operands[0]) if str(operator) == "TJ" else [operands[0]]
        for part in parts:
            if not isinstance(part, pikepdf.String):
                numbers.append(part)
                continue
            data = bytes(part)
            for index in range(_glyph_count(data)):
                yield from show()
                if opened:
                    yield [], pikepdf.Operator("EMC")
                props = pikepdf.Dictionary(ActualText=pikepdf.String(next(texts)))
                yield [pikepdf.Name.Span, props], pikepdf.Operator("BDC")
                opened = True
                pending.extend([*numbers, pikepdf.String(data[2 * index : 2 * index + 2])])
                numbers.clear()
        pending.extend(numbers)
        numbers.clear()
        yield from show()
    if opened:
        yield [], pikepdf.Operator("EMC")


def _run_number(operands: list[Any]) -> int | None:
    import pikepdf  # noqa: PLC0415

    if len(operands) == 2 and isinstance(operands[1], pikepdf.Dictionary):
        number = operands[1].get("/LCRun")
        return int(number) if number is not None else None
    return None


def _mend_content(
    ops: list[_Op],
    runs: dict[int, list[Glyph]],
    orphans: set[int],
    fonts: dict[str, dict[int, float]],
) -> list[_Op]:
    """A page's operators with its marked lines split into clusters and its orphaned
    marked content turned into artifacts."""
    import pikepdf  # noqa: PLC0415

    mended: list[_Op] = []
    index = 0
    font = ""  # the font in use where a marked line starts
    while index < len(ops):
        operands, operator = ops[index]
        if str(operator) == "Tf":
            font = str(operands[0])
        number = _run_number(operands) if str(operator) == "BDC" else None
        if number is not None:
            depth, end = 1, index + 1
            while depth:
                name = str(ops[end][1])
                depth += 1 if name in ("BDC", "BMC") else -1 if name == "EMC" else 0
                end += 1
            inner = ops[index + 1 : end - 1]
            glyphs = runs.get(number, [])
            if glyphs and sum(1 for _ in _shown(inner, font)) == len(glyphs):
                mended.extend(_spans(inner, glyphs, fonts, font))
            else:  # (not what was recorded: the line keeps its glyphs as they are)
                mended.extend(inner)
            index = end
            continue
        if str(operator) == "BDC" and len(operands) == 2:
            mcid = operands[1].get("/MCID") if isinstance(operands[1], pikepdf.Dictionary) else None
            if mcid is not None and int(mcid) in orphans:
                mended.append(([pikepdf.Name.Artifact], pikepdf.Operator("BMC")))
                index += 1
                continue
        mended.append((operands, operator))
        index += 1
    return mended


#: A marked-content sequence with a structure element: ``/P <</MCID 3>> BDC``.
_TAGGED = re.compile(rb"/[A-Za-z0-9_]+\s*<<\s*/MCID\s+(\d+)\s*>>\s*BDC")


def artifacts_quickly(raw: bytes, orphans: set[int]) -> bytes | None:
    """The page's content with its orphaned marked content made artifacts, without
    parsing it; None when the content needs the parser (strings or inline images, which
    WeasyPrint's pages do not have) or not every orphan was found."""
    if b"(" in raw or re.search(rb"(?<![^\s])BI(?![^\s])", raw):
        return None
    found: set[int] = set()

    def swap(match: re.Match[bytes]) -> bytes:
        mcid = int(match.group(1))
        if mcid not in orphans:
            return match.group(0)
        found.add(mcid)
        return b"/Artifact BMC"

    mended = _TAGGED.sub(swap, raw)
    return mended if found == orphans else None


def _reachable(root: Any) -> set[tuple[int, int]]:
    import pikepdf  # noqa: PLC0415

    seen: set[tuple[int, int]] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        for kid in structure_kids(node):
            element = isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") != "/MCR"
            if element and kid.is_indirect and kid.objgen not in seen:
                seen.add(kid.objgen)
                stack.append(kid)
    return seen


def _orphans(doc: Any) -> dict[int, set[int]]:
    """For each page index, the MCIDs whose structure element is not in the tree; their
    entries in the parent tree are emptied."""
    import pikepdf  # noqa: PLC0415

    root = doc.Root.get("/StructTreeRoot")
    numbers = root.get("/ParentTree", {}).get("/Nums") if root is not None else None
    if numbers is None:
        return {}
    reachable = _reachable(root)
    found: dict[int, set[int]] = {}
    for position in range(0, len(numbers), 2):
        key, value = int(numbers[position]), numbers[position + 1]
        if not isinstance(value, pikepdf.Array):
            continue
        for mcid, element in enumerate(value):
            if isinstance(element, pikepdf.Dictionary) and element.objgen not in reachable:
                found.setdefault(key, set()).add(mcid)
                value[mcid] = None
    return found


def _same_source(one: Any, other: Any) -> bool:
    """Whether two sibling elements are parts of one HTML element on different pages."""
    import pikepdf  # noqa: PLC0415

    key = "/" + SOURCE_KEY
    if not all(isinstance(e, pikepdf.Dictionary) and key in e and "/Pg" in e for e in (one, other)):
        return False
    return (
        int(one[key]) == int(other[key])
        and one.get("/S") == other.get("/S")
        and one.Pg.objgen != other.Pg.objgen
    )


def _join(first: Any, part: Any) -> None:
    """Move the kids of ``part`` to the end of ``first``'s (an MCID of ``part`` becomes a
    reference to its page's marked content)."""
    import pikepdf  # noqa: PLC0415

    moved = [
        pikepdf.Dictionary(Type=pikepdf.Name.MCR, Pg=part.Pg, MCID=kid)
        if isinstance(kid, int)
        else kid
        for kid in structure_kids(part)
    ]
    for kid in moved:
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            kid.P = first
    first.K = pikepdf.Array([*structure_kids(first), *moved])


def _repoint(numbers: Any, joined: dict[tuple[int, int], Any]) -> None:
    """Point the parent tree's entries for joined parts at the element they joined."""
    import pikepdf  # noqa: PLC0415

    for position in range(1, len(numbers), 2):
        value = numbers[position]
        if isinstance(value, pikepdf.Array):
            for index, element in enumerate(value):
                if isinstance(element, pikepdf.Dictionary) and element.objgen in joined:
                    value[index] = joined[element.objgen]
        elif isinstance(value, pikepdf.Dictionary) and value.objgen in joined:
            numbers[position] = joined[value.objgen]


def _join_parts(doc: Any) -> None:
    """Join the parts of each element that crosses a page into the first part, and point
    the parent tree at it; then drop the source key."""
    import pikepdf  # noqa: PLC0415

    root = doc.Root.get("/StructTreeRoot")
    if root is None:
        return
    joined: dict[tuple[int, int], Any] = {}
    stack = [root]
    while stack:
        node = stack.pop()
        kids: list[Any] = []
        for kid in structure_kids(node):
            if kids and _same_source(kids[-1], kid):
                _join(kids[-1], kid)
                joined[kid.objgen] = kids[-1]
            else:
                kids.append(kid)
        if node is not root and len(kids) != len(structure_kids(node)):
            node.K = pikepdf.Array(kids)
        for kid in kids:
            if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                if "/" + SOURCE_KEY in kid:
                    del kid["/" + SOURCE_KEY]
                stack.append(kid)
    _repoint(root.get("/ParentTree", {}).get("/Nums", []), joined)


def _describe_links(doc: Any, links: dict[str, str]) -> None:
    """A link to a place in the document says where it goes in words (WeasyPrint gives
    the place's ID, "ref-zamboni2009", which a screen reader would read out)."""
    import pikepdf  # noqa: PLC0415

    for page in doc.pages:
        for annotation in page.obj.get("/Annots", []):
            target = annotation.get("/Dest")
            if target is None and "/A" in annotation:
                target = annotation.A.get("/D")
            words = links.get(str(target).lstrip("/")) if target is not None else None
            if words:
                annotation.Contents = pikepdf.String(words)


def mend(pdf: bytes, runs: dict[int, list[Glyph]], links: dict[str, str] | None = None) -> bytes:
    """The PDF with each marked line's clusters given their text, untethered marked
    content (the running footer) made artifacts, and the links to places in the document
    described by ``links`` (place -> words). ``runs`` is emptied of what was used."""
    import pikepdf  # noqa: PLC0415

    with pikepdf.open(io.BytesIO(pdf)) as doc:
        _describe_links(doc, links or {})
        _join_parts(doc)
        orphans = _orphans(doc)
        for index, page in enumerate(doc.pages):
            page.contents_coalesce()
            raw = page.obj.Contents.read_bytes()
            if b"/LCRun" not in raw and index not in orphans:
                continue
            quick = None if b"/LCRun" in raw else artifacts_quickly(raw, orphans[index])
            if quick is not None:
                page.obj.Contents = doc.make_stream(quick)
                continue
            ops: list[_Op] = [
                (list(item.operands), item.operator) for item in pikepdf.parse_content_stream(page)
            ]
            fonts = {
                str(name): _widths(font)
                for name, font in page.obj.Resources.get("/Font", {}).items()
            }
            mended = _mend_content(ops, runs, orphans.get(index, set()), fonts)
            page.obj.Contents = doc.make_stream(pikepdf.unparse_content_stream(mended))
        runs.clear()
        return saved(doc)
