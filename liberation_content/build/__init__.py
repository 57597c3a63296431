"""The build: content in, products out. It stands on top of the package and calls down
into the products; nothing below imports it.

Everything here needs the ``[build]`` extra (Sphinx, MyST-Parser, WeasyPrint ...), imported
only when a product is made, so that ``import liberation_content`` stays standard-library
only and a build with nothing to do loads neither Sphinx nor WeasyPrint::

    options = BuildOptions(out=Path("build"), languages=("en",))
    build(options)          # check the inputs, then each product for each language
"""

from __future__ import annotations

from .options import BuildOptions
from .orchestrator import PRODUCTS, Product, build

__all__ = ["PRODUCTS", "BuildOptions", "Product", "build"]
