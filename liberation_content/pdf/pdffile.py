"""What the editions made from the home edition's PDF share: page sizes, and saving."""

from __future__ import annotations

import io
from typing import Any

__all__ = ["PAGE_SIZES", "saved", "structure_kids"]

#: Page sizes in points, portrait.
PAGE_SIZES = {"A5": (419.528, 595.276), "A4": (595.276, 841.89), "Letter": (612.0, 792.0)}


def structure_kids(node: Any) -> list[Any]:
    """The /K entries of a structure tree node (an element, or the tree's root), as a
    list: structure elements, marked-content references and object references."""
    import pikepdf  # noqa: PLC0415

    value = node.get("/K")
    return [] if value is None else list(value) if isinstance(value, pikepdf.Array) else [value]


def saved(doc: Any, *, version: str | None = None) -> bytes:
    """``doc`` (an open pikepdf document) as bytes. The same document gives the same bytes
    (the file ID comes from the content); streams already compressed are copied as they
    are, not decoded and deflated again; ``version`` forces the header's PDF version."""
    import pikepdf  # noqa: PLC0415

    buffer = io.BytesIO()
    doc.save(
        buffer,
        deterministic_id=True,
        compress_streams=True,
        stream_decode_level=pikepdf.StreamDecodeLevel.none,
        force_version=version or "",
    )
    return buffer.getvalue()
