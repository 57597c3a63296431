"""Print-ready PDF leaflets, from composed leaflets, branded per charity.

The whole recipe of one leaflet is :func:`print_leaflet`::

    pdf = print_leaflet("leaflet", "fr", edition="booklet", brand=Path("my-brand.toml"))

It loads the composed leaflet (``json/leaflets/<lang>/<name>.json``, made by the build),
loads and checks the brand, and renders (:class:`~.render.LeafletPrinter`), which lays
the pages out once per layout and makes the booklet, large-print and print-shop files from
them. The command line, the build, the preview, the docs and the benchmarks all print
through it. WeasyPrint is imported only when a leaflet is printed.
"""

from __future__ import annotations

from pathlib import Path

from liberation_content.model.leaflets import Leaflet, load_leaflet

from .brand import BRAND_FIELDS, Brand, load_brand
from .editions import EDITIONS, Edition, edition, file_name, plan

TYPE_CHECKING = False
if TYPE_CHECKING:
    from .render import LeafletPrinter

__all__ = [
    "BRAND_FIELDS",
    "EDITIONS",
    "Brand",
    "Edition",
    "Leaflet",
    "edition",
    "file_name",
    "load_brand",
    "new_printer",
    "plan",
    "print_leaflet",
]


def new_printer(today: str = "") -> LeafletPrinter:
    """A printer that keeps fonts and layouts for many leaflets (imports WeasyPrint)."""
    from .render import LeafletPrinter  # noqa: PLC0415

    return LeafletPrinter(today=today)


def print_leaflet(
    name: str,
    lang: str = "en",
    *,
    edition_name: str = "home",
    size: str | None = None,
    brand: Path | Brand | None = None,
    data: Path | None = None,
    printer: LeafletPrinter | None = None,
) -> bytes:
    """The leaflet ``name`` in ``lang`` and one edition, as PDF bytes.

    ``size`` defaults to the leaflet's own; ``brand`` is a brand file (default: the
    neutral brand) or a brand already loaded; ``data`` is a folder of snippet JSON
    (default: the package's, :func:`liberation_content.where`); pass a ``printer`` to
    share fonts and layouts between calls. Raises
    :class:`~liberation_content.LiberationError`, saying why, for anything that cannot be
    printed.
    """
    if data is None:
        from liberation_content.api import where  # noqa: PLC0415

        data = where()
    leaflet = load_leaflet(data, name, lang)
    chosen = edition(edition_name)
    loaded = brand if isinstance(brand, Brand) else load_brand(brand)
    return (printer or new_printer()).render(
        leaflet, chosen, size or chosen.size_for(leaflet.default_size), loaded
    )
