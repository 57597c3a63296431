"""The Sphinx extension that turns the content into checked, reusable blocks.

It validates front matter, resolves citations into per-page reference lists, refuses raw
HTML, records every labelled block (the IDs shared by HTML, JSON and leaflets), checks
readability, and gives the HTML theme each page's review metadata. Every warning it
emits carries a code, ``[liberation.<code>]``, listed in :class:`~.state.Code`.
"""

from __future__ import annotations

from typing import Any

from liberation_content._version import __version__

__all__ = ["setup"]


def setup(app: Any) -> dict[str, Any]:
    from . import checks, citations, html_page, metadata, state  # noqa: PLC0415

    app.add_config_value("liberation_references", "", "env", str)
    app.add_config_value("liberation_today", "", "env", str)
    app.add_config_value("liberation_site_url", "", "html", str)
    app.add_config_value("liberation_check_readability", True, "env", bool)
    state.setup(app)
    metadata.setup(app)
    checks.setup(app)
    citations.setup(app)
    html_page.setup(app)
    return {
        "version": __version__,
        "env_version": 1,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
