"""Booklet imposition: A5 pages two to a landscape A4 sheet, in the order a fold needs."""

from __future__ import annotations

import io
from typing import Any

__all__ = ["booklet_order", "impose_booklet"]

_A4_LANDSCAPE = (841.89, 595.28)
_MARK = 14.0  # length of the fold marks, in points


def booklet_order(pages: int, *, right_to_left: bool = False) -> list[tuple[int, int]]:
    """Pairs of page indexes (left, right) for each printed side; ``pages`` is a multiple of 4.

    Printed double-sided (flip on the short edge), folded and stacked, the sheets read in
    page order; right-to-left booklets open from the other side.
    """
    sides = []
    for sheet in range(pages // 4):
        outer, inner = pages - 1 - 2 * sheet, 2 * sheet
        front = (outer, inner)
        back = (inner + 1, outer - 1)
        if right_to_left:
            front, back = (front[1], front[0]), (back[1], back[0])
        sides.extend([front, back])
    return sides


def impose_booklet(pdf: bytes) -> bytes:
    """Impose an A5 PDF onto A4 sheets: padded to a multiple of 4, with fold marks."""
    from pypdf import PageObject, PdfReader, PdfWriter, Transformation  # noqa: PLC0415
    from pypdf.generic import DecodedStreamObject, NameObject  # noqa: PLC0415

    reader = PdfReader(io.BytesIO(pdf))
    pages = list(reader.pages)
    width, height = _A4_LANDSCAPE
    half = width / 2
    source_width = float(pages[0].mediabox.width)
    while len(pages) % 4:
        pages.append(
            PageObject.create_blank_page(width=source_width, height=float(pages[0].mediabox.height))
        )
    catalog: Any = reader.trailer["/Root"]
    lang = str(catalog.get("/Lang", ""))
    writer = PdfWriter()
    marks = DecodedStreamObject()
    marks.set_data(
        f"q 0.6 w 0 0 0 RG {half:.2f} 0 m {half:.2f} {_MARK} l S "
        f"{half:.2f} {height - _MARK:.2f} m {half:.2f} {height:.2f} l S Q".encode()
    )
    for left, right in booklet_order(len(pages), right_to_left=lang.startswith("ar")):
        sheet = writer.add_blank_page(width=width, height=height)
        for index, offset in ((left, 0.0), (right, half)):
            page = pages[index]
            shift = offset + (half - float(page.mediabox.width)) / 2
            sheet.merge_transformed_page(page, Transformation().translate(shift, 0))
        mark_page = PageObject.create_blank_page(width=width, height=height)
        mark_page[NameObject("/Contents")] = writer._add_object(marks)
        sheet.merge_page(mark_page)
    if reader.metadata:
        writer.add_metadata(
            {k: v for k, v in reader.metadata.items() if k != "/ModDate"}
            | ({"/ModDate": reader.metadata["/ModDate"]} if "/ModDate" in reader.metadata else {})
        )
    if lang:
        writer._root_object[NameObject("/Lang")] = catalog["/Lang"]
    writer._ID = reader.trailer.get("/ID")  # keep the source's identifier: same input, same bytes
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
