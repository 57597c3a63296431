"""Print-ready PDF leaflets, composed from the JSON snippets by ID and branded per charity.

The whole pipeline of one leaflet::

    definition = load_definitions(content / "leaflets")["leaflet"]
    leaflet = compose(definition, "en", data_root)          # snippets by ID, one language
    pdf = LeafletPrinter().render(leaflet, EDITIONS["home"], "A5", load_brand(path))
"""

from __future__ import annotations

import sys
from pathlib import Path

from liberation_content.errors import LiberationError

from ..options import BuildOptions
from ..staging import staged_output
from .brand import Brand, load_brand
from .compose import Leaflet, LeafletDefinition, compose, load_definitions
from .render import EDITIONS, Edition, LeafletPrinter

__all__ = [
    "EDITIONS",
    "Brand",
    "Edition",
    "Leaflet",
    "LeafletDefinition",
    "LeafletPrinter",
    "build_pdfs",
    "compose",
    "file_name",
    "load_brand",
    "load_definitions",
]


def file_name(leaflet: str, edition: str, size: str) -> str:
    """A name that says what the file is: ``leaflet-home-a5.pdf``."""
    return f"{leaflet}-{edition}-{size.lower()}.pdf"


def build_pdfs(
    options: BuildOptions,
    lang: str,
    printer: LeafletPrinter | None = None,
) -> list[Path]:
    """Every leaflet in every edition for ``lang`` into ``build/pdf/<lang>/``.

    A leaflet whose snippets are not all published in ``lang`` is not made; the reason is
    printed. The folder is replaced only when every PDF was made.
    """
    data_root = options.out / "json"
    if not (data_root / "index.json").is_file():
        msg = f"no JSON snippets in {data_root}; build the html or json product first"
        raise LiberationError(msg)
    definitions = load_definitions(options.content_root / "leaflets")
    brand = load_brand(options.brand)
    printer = printer or LeafletPrinter()
    final = options.out / "pdf" / lang
    with staged_output(final) as staging:
        for name, definition in definitions.items():
            try:
                leaflet = compose(definition, lang, data_root)
            except LiberationError as exc:
                print(f"note: no '{name}' leaflet in '{lang}': {exc}", file=sys.stderr)
                continue
            for edition in EDITIONS.values():
                size = (
                    definition.default_size
                    if definition.default_size in edition.sizes
                    else edition.sizes[0]
                )
                pdf = printer.render(leaflet, edition, size, brand)
                (staging / file_name(name, edition.name, size)).write_bytes(pdf)
    return [final]
