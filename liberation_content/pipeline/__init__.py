"""The build pipeline: content in, products out.

Everything here needs the ``[build]`` extra (Sphinx, MyST-Parser, ...), imported lazily so
that ``import liberation_content`` stays standard-library only. The whole pipeline::

    options = BuildOptions(out=Path("build"), languages=("en",))
    build(options)          # validate inputs, then each product for each language

Each product is one module with one entry point: :func:`site.build_site` (HTML and
JSON from one Sphinx run).
"""

from __future__ import annotations

from .options import BuildOptions, build

__all__ = ["BuildOptions", "build"]
