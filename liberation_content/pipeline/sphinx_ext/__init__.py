"""The Sphinx extension that turns the content into checked, reusable blocks.

It validates front matter, resolves citations into per-page reference lists, refuses raw
HTML, records every labelled block (the IDs shared by HTML, JSON and leaflets), checks
readability, and gives the HTML theme each page's review metadata. Every warning it
emits carries a code, ``[liberation.<code>]``, listed in :class:`~.state.Code`.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from liberation_content._version import __version__

__all__ = ["setup"]


def setup(app: Any) -> dict[str, Any]:
    from . import bidi, checks, citations, html_page, metadata, snippets, state  # noqa: PLC0415

    app.add_config_value("liberation_references", "", "env", str)
    app.add_config_value("liberation_today", "", "env", str)
    app.add_config_value("liberation_site_url", "", "html", str)
    app.add_config_value("liberation_check_readability", True, "env", bool)
    state.setup(app)
    metadata.setup(app)
    checks.setup(app)
    citations.setup(app)
    snippets.setup(app)
    html_page.setup(app)
    bidi.setup(app)
    return {
        "version": __version__,
        "env_version": _code_version(),
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }


def _code_version() -> int:
    """A number that changes whenever the pipeline's code does, so cached doctrees made by
    other code are read again instead of being trusted."""
    digest = hashlib.sha256()
    for path in sorted(Path(__file__).parents[1].rglob("*.py")):
        digest.update(path.read_bytes())
    return int(digest.hexdigest()[:12], 16)
