"""The site's search index: a written site indexed by Pagefind into its ``pagefind/`` folder.

Pagefind (``pagefind[bin]`` from PyPI, a binary run here; it fetches nothing) reads each
page's ``<html lang>`` and indexes only the element marked ``data-pagefind-body`` (the main
content of a page; not the search page, nor the 404 page), with the stemming of that
language. The index goes inside the site, so it is published with it, and the theme's
search page (``search.html``) loads it with ``pagefind/pagefind.js``.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from liberation_content.errors import LiberationError, Problem

__all__ = ["SEARCH_FOLDER", "index_site"]

#: Where the index goes, inside the folder of the site it indexes.
SEARCH_FOLDER = "pagefind"

#: Pagefind's ready-made search interfaces, written beside the index: the site has its own
#: search page, and loads none of them.
_UNUSED = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-highlight.js",
)

#: What is not text of the page: the pilcrow of each heading's link.
_NOT_TEXT = "a.headerlink"


def _pagefind() -> Path:
    try:
        from pagefind.service import get_executable  # noqa: PLC0415
    except ImportError:
        found = None
    else:
        found = get_executable()
    if found is None:
        msg = (
            "the site's search index is made with Pagefind, which is not installed: install "
            "liberation-content[build] (it brings pagefind[bin]), or run the build through nox"
        )
        raise LiberationError(msg)
    return found


def index_site(site: Path) -> Path:
    """Index the HTML pages of ``site`` into ``site/pagefind/`` (replacing an older index)
    and return that folder; raise :class:`LiberationError` if Pagefind fails."""
    folder = site / SEARCH_FOLDER
    # A preview indexes its published folder again: no fragment of an older index stays.
    shutil.rmtree(folder, ignore_errors=True)
    command = [
        str(_pagefind()),
        "--site",
        str(site),
        "--output-subdir",
        SEARCH_FOLDER,
        # Links as the site writes them (index.html), so they work on any static host.
        "--keep-index-url",
        "--exclude-selectors",
        _NOT_TEXT,
        "--silent",
    ]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0 or not (folder / "pagefind.js").is_file():
        said = (result.stdout + result.stderr).strip() or f"exit status {result.returncode}"
        msg = "Pagefind could not index the site; nothing was published."
        raise LiberationError(msg, (Problem(site, said),))
    for name in _UNUSED:
        (folder / name).unlink(missing_ok=True)
    return folder
