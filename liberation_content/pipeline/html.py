"""The HTML site of one language: ``build/html/<lang>/``."""

from __future__ import annotations

from pathlib import Path

from .options import BuildOptions
from .sphinx_run import run_sphinx
from .staging import staged_output

__all__ = ["build_html"]


def build_html(options: BuildOptions, lang: str) -> Path:
    """Build the site for ``lang``; the old site stays in place unless this one succeeds."""
    final = options.out / "html" / lang
    with staged_output(final) as staging:
        run_sphinx(options, builder="html", lang=lang, outdir=staging)
    return final
