"""The editions a leaflet is printed in, and the sizes and layouts they share.

Editions printed from the same pages share one layout: the booklet is imposed from the A5
home edition and the print-shop file is made from the home file of its size. Large print
is laid out afresh, so that every character on its pages, references and footer included,
is at least 16 pt. :func:`plan` groups a leaflet's editions by layout.
"""

from __future__ import annotations

from dataclasses import dataclass

from liberation_content.errors import LiberationError

__all__ = [
    "EDITIONS",
    "HOME_BODY_PT",
    "HOME_FINE_PT",
    "LARGE_PRINT_PT",
    "Edition",
    "edition",
    "file_name",
    "plan",
]

#: Body text of the home edition, in points.
HOME_BODY_PT = 12
#: The smallest type in the home edition (references, footer, licence), in points.
HOME_FINE_PT = 9
#: Large print: every character at least this size (RNIB's clear print guidance).
LARGE_PRINT_PT = 16


@dataclass(frozen=True)
class Edition:
    """A way of printing: for screens and office printers, booklets, large print, or presses."""

    name: str
    sizes: tuple[str, ...]
    body_pt: float
    bleed_mm: float = 0.0
    imposed: bool = False
    help: str = ""

    def size_for(self, wanted: str) -> str:
        """``wanted`` (a leaflet's default size) if this edition is made in it, else the
        edition's first size."""
        return wanted if wanted in self.sizes else self.sizes[0]

    def layout(self, size: str) -> tuple[str, float]:
        """The page size and body size this edition's ``size`` is laid out in. Editions
        with the same layout are printed from the same pages."""
        if self.imposed:
            return "A5", self.body_pt
        return size, self.body_pt


EDITIONS: dict[str, Edition] = {
    "home": Edition(
        "home",
        ("A5", "A4", "Letter"),
        HOME_BODY_PT,
        help="For screens and office printers; a tagged, accessible PDF/UA-1.",
    ),
    "booklet": Edition(
        "booklet",
        ("A4",),
        12,
        imposed=True,  # imposition drops the structure tree: home is the accessible one
        help="A5 pages two to an A4 sheet, in booklet order, for double-sided "
        "printing at home; fold the stack in half.",
    ),
    "large-print": Edition(
        "large-print",
        ("A4", "Letter"),
        LARGE_PRINT_PT,
        help="For readers who need larger print: every character at least 16 pt, "
        "references and footer included; tagged and accessible like home.",
    ),
    "print-shop": Edition(
        "print-shop",
        ("A5", "A4", "Letter"),
        12,
        bleed_mm=3,
        help="For professional printing: PDF/X-4, CMYK output intent, 3 mm bleed and crop marks.",
    ),
}


def edition(name: str) -> Edition:
    """The edition called ``name``; the error lists the editions there are."""
    if name not in EDITIONS:
        msg = f"there is no '{name}' edition. Editions: {', '.join(EDITIONS)}"
        raise LiberationError(msg)
    return EDITIONS[name]


def file_name(leaflet: str, edition: str, size: str) -> str:
    """A name that says what the file is: ``leaflet-home-a5.pdf``."""
    return f"{leaflet}-{edition}-{size.lower()}.pdf"


def plan(default_size: str) -> list[list[tuple[str, str]]]:
    """The (edition, size) pairs a build prints for a leaflet of ``default_size``, grouped
    by layout: each group's PDFs are printed from the same laid-out pages."""
    groups: dict[tuple[str, float], list[tuple[str, str]]] = {}
    for chosen in EDITIONS.values():
        size = chosen.size_for(default_size)
        groups.setdefault(chosen.layout(size), []).append((chosen.name, size))
    return list(groups.values())
