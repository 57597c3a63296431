"""The one place the printer reaches inside WeasyPrint, behind a check of its version.

WeasyPrint maps each glyph of a font to one piece of text, first come first served. An
Arabic font draws many letters from shared pieces (a dotless skeleton, a shared dot), so
the glyph of one letter maps to another letter, and a screen reader, a search or a copy
reads other words than the ones printed. Each line of text in a script shaped this way
is therefore drawn inside a marked-content sequence with a private ``/LCRun`` number, and
the text of every glyph cluster of that line (from Pango's own cluster map) is recorded
under that number. :mod:`.tagging` then gives each cluster its ``/ActualText``
(ISO 32000-1, 14.9.4), so that every reader gets the letters that were printed, in the
order they are read.
"""

from __future__ import annotations

import functools
import itertools
import re
from typing import Any

__all__ = ["RUNS", "SUPPORTED_MAJOR", "Glyph", "install", "needs_actual_text"]

#: The WeasyPrint major version this module was written against; another version fails
#: the test suite rather than printing files that may be wrong.
SUPPORTED_MAJOR = 70

#: Scripts whose fonts share glyphs between letters: Arabic and its supplements.
_SHAPED = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")

#: One drawn glyph: its cluster (a key unique within its line) and the cluster's text.
Glyph = tuple[tuple[int, int], str]

#: The clusters of every marked line drawn in this process, by ``/LCRun`` number.
RUNS: dict[int, list[Glyph]] = {}
_numbers = itertools.count(1)


def needs_actual_text(text: str) -> bool:
    """Whether a line of ``text`` is in a script whose glyphs do not map back to it."""
    return _SHAPED.search(text) is not None


def _clusters(textbox: Any) -> list[Glyph]:
    """Each glyph WeasyPrint draws for the textbox's line, in drawing order, with the
    text of the cluster it belongs to (Pango's log clusters, as WeasyPrint reads them)."""
    from weasyprint.text.ffi import ffi, pango  # noqa: PLC0415

    first_line, _ = textbox.pango_layout.get_first_line()
    utf8 = textbox.pango_layout.text.encode()
    found: list[Glyph] = []
    run = first_line.runs[0] if first_line != ffi.NULL else ffi.NULL
    for item_number in itertools.count():
        if run == ffi.NULL:
            break
        glyph_item, run = run.data, run.next
        glyphs, item = glyph_item.glyphs, glyph_item.item
        count = glyphs.num_glyphs
        clusters = [glyphs.log_clusters[i] for i in range(count)]
        starts = sorted(set(clusters))
        ends = dict(zip(starts, [*starts[1:], item.length], strict=True))
        for i in range(count):
            if glyphs.glyphs[i].glyph == pango.PANGO_GLYPH_EMPTY:
                continue  # (drawn as a space in the TJ array, not as a glyph)
            start = item.offset + clusters[i]
            text = utf8[start : item.offset + ends[clusters[i]]].decode("utf-8", "replace")
            found.append(((item_number, clusters[i]), text))
    return found


@functools.cache
def install() -> None:
    """Mark every line of shaped-script text and record its clusters (once per process)."""
    import pydyf  # noqa: PLC0415
    import weasyprint  # noqa: PLC0415
    from weasyprint.draw import text as drawing  # noqa: PLC0415

    major = int(str(weasyprint.__version__).split(".")[0])
    if major != SUPPORTED_MAJOR:
        message = (
            f"WeasyPrint {weasyprint.__version__} is not the version the printer was "
            f"written for ({SUPPORTED_MAJOR}); see liberation_content/pdf/weasy.py"
        )
        raise RuntimeError(message)
    original = drawing.draw_first_line

    def draw_first_line(stream: Any, textbox: Any, *args: Any, **kwargs: Any) -> Any:
        if not needs_actual_text(str(getattr(textbox, "text", ""))):
            return original(stream, textbox, *args, **kwargs)
        number = next(_numbers)
        # (pydyf's own method: WeasyPrint's stream counts only its tagged sequences)
        pydyf.Stream.begin_marked_content(stream, "Span", pydyf.Dictionary({"LCRun": number}))
        try:
            result = original(stream, textbox, *args, **kwargs)
        finally:
            pydyf.Stream.end_marked_content(stream)
        RUNS[number] = _clusters(textbox)
        return result

    drawing.draw_first_line = draw_first_line
    _tag_languages()
    _subset_with_harfbuzz()


#: Tables a PDF's embedded font does not need (WeasyPrint's own list).
_DROPPED_TABLES = (
    b"BASE", b"DSIG", b"EBDT", b"EBLC", b"EBSC", b"GPOS", b"GSUB", b"JSTF", b"LTSH", b"PCLT",
    b"SVG ",
)  # fmt: skip


def subset_font(
    content: bytes, index: int, glyphs: set[int], *, hinting: bool, notdef: bool
) -> bytes | None:
    """A font with only ``glyphs`` (their IDs kept), made with HarfBuzz's subsetter as
    WeasyPrint does with the system's: unused glyphs emptied, then the empty glyphs after
    the last one used dropped. None if HarfBuzz cannot subset it."""
    import uharfbuzz as hb  # noqa: PLC0415

    face = hb.Face(hb.Blob(content), index)
    first = hb.SubsetInput()
    first.glyph_set.update(sorted(glyphs))
    flags = hb.SubsetFlags.RETAIN_GIDS | hb.SubsetFlags.PASSTHROUGH_UNRECOGNIZED
    flags |= hb.SubsetFlags.DESUBROUTINIZE
    if notdef:
        flags |= hb.SubsetFlags.NOTDEF_OUTLINE
    first.flags = flags
    first.sets(hb.SubsetInputSets.DROP_TABLE_TAG).update(
        int.from_bytes(tag, "big") for tag in _DROPPED_TABLES
    )
    kept = hb.subset(face, first)
    if kept is None:
        return None
    second = hb.SubsetInput()
    second.glyph_set.update(range(max(glyphs) + 1))
    flags = hb.SubsetFlags.PASSTHROUGH_UNRECOGNIZED | hb.SubsetFlags.DESUBROUTINIZE
    if not hinting:
        flags |= hb.SubsetFlags.NO_HINTING
    if notdef:
        flags |= hb.SubsetFlags.NOTDEF_OUTLINE
    second.flags = flags
    final = hb.subset(kept, second)
    return bytes(final.blob.data) if final is not None else None


def _subset_with_harfbuzz() -> None:
    """Where the system has no HarfBuzz subsetter library, subset the embedded fonts with
    the HarfBuzz that uharfbuzz brings, rather than with WeasyPrint's slower fontTools
    fallback (a seventh of the time of every PDF)."""
    from weasyprint.pdf import fonts  # noqa: PLC0415

    if fonts.harfbuzz_subset:
        return
    fallback = fonts.Font._fonttools_subset

    def subset(font: Any, to_unicode: dict[int, str], hinting: bool) -> None:
        if not to_unicode:
            return
        made = subset_font(
            font.file_content,
            font.index,
            set(to_unicode),
            hinting=hinting,
            notdef=bool(font.missing),
        )
        if made:
            font.file_content = made
        else:
            fallback(font, to_unicode, hinting)

    fonts.Font.subset = subset


#: The key (in WeasyPrint's structure elements, before mending) naming the HTML element
#: each was made for.
SOURCE_KEY = "LCSource"


def _tag_languages() -> None:
    """A structure element made for an element with a ``lang`` of its own (the English
    references of a translated leaflet) says so with ``/Lang``, as PDF/UA asks of text in
    another language than the document's; each says which HTML element it was made for."""
    import pydyf  # noqa: PLC0415
    from weasyprint.pdf import tags  # noqa: PLC0415

    original = tags._build_box_tree

    def build_box_tree(box: Any, *args: Any) -> Any:
        element = getattr(box, "element", None)
        lang = element.get("lang") if element is not None and element.tag != "html" else None
        for made in original(box, *args):
            if lang and "Lang" not in made:
                made["Lang"] = pydyf.String(lang)
            if element is not None and SOURCE_KEY not in made:
                # Which HTML element it was made for: a paragraph that crosses a page is
                # made twice, and tagging.mend joins the two (the key is removed there).
                made[SOURCE_KEY] = id(element)
            yield made

    tags._build_box_tree = build_box_tree
