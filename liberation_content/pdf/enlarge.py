"""The large-print edition on A4: the home edition's A5 pages enlarged to fill A4.

A4 is A5 made 1.41 times larger in each direction, so 12 pt text becomes 17 pt and every
page keeps its lines, pictures and page number: page 3 of the large-print leaflet is page 3
of the standard one. Each page's drawing is scaled in place (not moved into a form), so
the tags that give the reading order, the links, the bookmarks and the descriptions of
pictures still point at the right places; their coordinates are scaled with it.
"""

from __future__ import annotations

import io
from typing import Any

from .pdffile import saved

__all__ = ["enlarge"]

Scale = tuple[float, float, float]  # factor, x offset, y offset


def _point(scale: Scale, x: Any, y: Any) -> tuple[float, float]:
    factor, dx, dy = scale
    return float(x) * factor + dx, float(y) * factor + dy


def _rectangle(scale: Scale, values: Any) -> list[float]:
    left, bottom = _point(scale, values[0], values[1])
    right, top = _point(scale, values[2], values[3])
    return [round(v, 4) for v in (left, bottom, right, top)]


def _destination(scales: dict[tuple[int, int], Scale], dest: Any) -> None:
    """Scale an explicit destination ``[page /XYZ left top zoom]`` (or /FitH, /FitR...)."""
    import pikepdf  # noqa: PLC0415

    if not isinstance(dest, pikepdf.Array) or len(dest) < 2:
        return
    page = dest[0]
    scale = scales.get(page.objgen) if isinstance(page, pikepdf.Dictionary) else None
    if scale is None:
        return
    kind = str(dest[1])
    factor, dx, dy = scale

    def scaled(index: int, offset: float) -> None:
        if len(dest) > index and dest[index] is not None:  # null keeps the viewer's value
            dest[index] = round(float(dest[index]) * factor + offset, 4)

    if kind == "/XYZ":
        scaled(2, dx)
        scaled(3, dy)
    elif kind in ("/FitH", "/FitBH"):
        scaled(2, dy)
    elif kind in ("/FitV", "/FitBV"):
        scaled(2, dx)
    elif kind == "/FitR":
        for index, offset in ((2, dx), (3, dy), (4, dx), (5, dy)):
            scaled(index, offset)


def _outlines(scales: dict[tuple[int, int], Scale], item: Any) -> None:
    while item is not None:
        if "/Dest" in item:
            _destination(scales, item.Dest)
        if "/A" in item and "/D" in item.A:
            _destination(scales, item.A.D)
        if "/First" in item:
            _outlines(scales, item.First)
        item = item.get("/Next")


def _name_tree(scales: dict[tuple[int, int], Scale], node: Any) -> None:
    import pikepdf  # noqa: PLC0415

    names = node.get("/Names")
    if names is not None:
        for value in list(names)[1::2]:
            target = value.get("/D") if isinstance(value, pikepdf.Dictionary) else value
            _destination(scales, target)
    for kid in node.get("/Kids", []):
        _name_tree(scales, kid)


def _structure(scales: dict[tuple[int, int], Scale], element: Any, page: Scale | None) -> None:
    """Scale the layout boxes (/BBox) that describe where figures sit on their page."""
    import pikepdf  # noqa: PLC0415

    if not isinstance(element, pikepdf.Dictionary):
        return
    where = element.get("/Pg")
    if isinstance(where, pikepdf.Dictionary):
        page = scales.get(where.objgen, page)
    attributes = element.get("/A")
    for attribute in attributes if isinstance(attributes, pikepdf.Array) else [attributes]:
        if isinstance(attribute, pikepdf.Dictionary) and "/BBox" in attribute and page:
            attribute.BBox = pikepdf.Array(_rectangle(page, attribute.BBox))
    kids = element.get("/K")
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
        _structure(scales, kid, page)


def enlarge(pdf: bytes, width: float, height: float) -> bytes:
    """Every page of ``pdf`` scaled up to ``width`` x ``height`` points and centred."""
    import pikepdf  # noqa: PLC0415

    with pikepdf.open(io.BytesIO(pdf)) as doc:
        scales: dict[tuple[int, int], Scale] = {}
        for page in doc.pages:
            left, bottom, right, top = (float(v) for v in page.mediabox)
            factor = min(width / (right - left), height / (top - bottom))
            dx = (width - (right - left) * factor) / 2 - left * factor
            dy = (height - (top - bottom) * factor) / 2 - bottom * factor
            scale = (factor, dx, dy)
            scales[page.obj.objgen] = scale
            matrix = f"q {factor:.6f} 0 0 {factor:.6f} {dx:.4f} {dy:.4f} cm\n"
            page.contents_add(doc.make_stream(matrix.encode()), prepend=True)
            page.contents_add(doc.make_stream(b"\nQ\n"), prepend=False)
            for box in ("/MediaBox", "/CropBox", "/TrimBox", "/BleedBox", "/ArtBox"):
                if box in page.obj:
                    page.obj[box] = pikepdf.Array([0, 0, round(width, 4), round(height, 4)])
            for annotation in page.obj.get("/Annots", []):
                annotation.Rect = pikepdf.Array(_rectangle(scale, annotation.Rect))
                if "/QuadPoints" in annotation:
                    points = [float(v) for v in annotation.QuadPoints]
                    annotation.QuadPoints = pikepdf.Array(
                        [
                            round(c, 4)
                            for x, y in zip(points[::2], points[1::2], strict=True)
                            for c in _point(scale, x, y)
                        ]
                    )
        for page in doc.pages:  # links may point at later pages: scaled once all are known
            for annotation in page.obj.get("/Annots", []):
                if "/Dest" in annotation:
                    _destination(scales, annotation.Dest)
                if "/A" in annotation and "/D" in annotation.A:
                    _destination(scales, annotation.A.D)
        if "/Outlines" in doc.Root and "/First" in doc.Root.Outlines:
            _outlines(scales, doc.Root.Outlines.First)
        if "/Names" in doc.Root and "/Dests" in doc.Root.Names:
            _name_tree(scales, doc.Root.Names.Dests)
        if "/StructTreeRoot" in doc.Root:
            _structure(scales, doc.Root.StructTreeRoot, None)
        return saved(doc)
