"""Booklet imposition: A5 pages two to a landscape A4 sheet, in the order a fold needs."""

from __future__ import annotations

import io
from typing import Any

from .pdffile import PAGE_SIZES, saved

__all__ = ["booklet_order", "impose_booklet"]

_A4_LANDSCAPE = PAGE_SIZES["A4"][::-1]
_MARK = 14.0  # length of the fold marks, in points
#: Fold marks start this far from the sheet's edge: inside what a home printer prints
#: (most leave 3 to 6 mm at the edges blank).
_MARK_INSET = 8 * 72 / 25.4
#: The printing instruction's distance from the sheet's top edge.
_NOTE_INSET = 4 * 72 / 25.4


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


def _note_form(out: Any, note: bytes) -> tuple[Any, float, float] | None:
    """The note's page as a form in ``out``, with its width and height."""
    import pikepdf  # noqa: PLC0415

    if not note:
        return None
    with pikepdf.open(io.BytesIO(note)) as source:
        page = source.pages[0]
        box = [float(v) for v in page.mediabox]
        form = out.copy_foreign(page.as_form_xobject())
    return form, box[2] - box[0], box[3] - box[1]


def impose_booklet(pdf: bytes, *, right_to_left: bool = False, note: bytes = b"") -> bytes:
    """Impose an A5 PDF onto A4 sheets: padded to a multiple of 4 (the blank pages before
    the last, which is the back cover), with fold marks; a right-to-left booklet opens
    from the other side.

    Each source page is placed whole (as a form XObject), so its text stays text. ``note``
    (a one-line PDF: how to print the booklet) is placed at the top of each sheet's front,
    in the cover half's top margin, where a home printer still prints.
    """
    import pikepdf  # noqa: PLC0415

    with pikepdf.open(io.BytesIO(pdf)) as source:
        printed = list(source.pages)
        count = -(-len(printed) // 4) * 4  # blank pages pad the booklet to a multiple of 4
        # The blanks go before the last page, which becomes the back cover: the back of a
        # folded booklet is never left blank while the leaflet's end is inside it.
        blanks: list[Any] = [None] * (count - len(printed))
        pages = [*printed[:-1], *blanks, printed[-1]] if blanks else printed
        lang = str(source.Root.get("/Lang", ""))
        out = pikepdf.new()
        width, height = _A4_LANDSCAPE
        half = width / 2
        low, high = _MARK_INSET, height - _MARK_INSET
        marks = (
            f"q 0.6 w 0 0 0 RG {half:.2f} {low:.2f} m {half:.2f} {low + _MARK:.2f} l S "
            f"{half:.2f} {high - _MARK:.2f} m {half:.2f} {high:.2f} l S Q"
        ).encode()
        instruction = _note_form(out, note)
        for side, (left, right) in enumerate(booklet_order(count, right_to_left=right_to_left)):
            sheet = out.add_blank_page(page_size=(width, height))
            forms = pikepdf.Dictionary()
            drawing = []
            if instruction is not None and side % 2 == 0:
                form, note_width, note_height = instruction
                forms["/Note"] = form
                # Over the half that holds the cover, clear of the fold marks, 4 mm in.
                start = 0.0 if right_to_left else half
                x, y = start + (half - note_width) / 2, height - _NOTE_INSET - note_height
                drawing.append(f"q 1 0 0 1 {x:.2f} {y:.2f} cm /Note Do Q")
            for index, offset in ((left, 0.0), (right, half)):
                page = pages[index]
                if page is None:
                    continue
                box = [float(v) for v in page.mediabox]
                x = offset + (half - (box[2] - box[0])) / 2 - box[0]
                # Named by page, so the same input gives the same bytes.
                name = f"/Page{printed.index(page) + 1}"
                forms[name] = out.copy_foreign(page.as_form_xobject())
                drawing.append(f"q 1 0 0 1 {x:.2f} {-box[1]:.2f} cm {name} Do Q")
            sheet.Resources = pikepdf.Dictionary(XObject=forms)
            content = " ".join(drawing).encode() + b" " + marks
            sheet.Contents = out.make_stream(content)
        for key, value in source.docinfo.items():
            out.docinfo[key] = value
        if lang:
            out.Root.Lang = pikepdf.String(lang)
        return saved(out)
