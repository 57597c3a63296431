"""The site's search page, in place of Sphinx's own search.

Sphinx's search index, its search page and the scripts that serve them are left out: the
theme's ``search.html`` asks Pagefind's index (``pagefind/``, written after Sphinx by
:mod:`liberation_content.build.search`) from a small script of its own. A Sphinx project
that uses the theme without the content extension (this project's docs) loads this
module as an extension of its own.
"""

from __future__ import annotations

import posixpath
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders.html import StandaloneHTMLBuilder

__all__ = ["SEARCH_PAGE", "setup"]

#: The search page, at the top of each language's site.
SEARCH_PAGE = "search"

#: Scripts every Sphinx page loads for its own search (the index, the highlighting of
#: the words searched for, their messages); none of them is used without that search.
_SPHINX_SEARCH_SCRIPTS = frozenset(
    {"documentation_options.js", "doctools.js", "sphinx_highlight.js", "translations.js"}
)


def _without_sphinx_search(app: Sphinx) -> None:
    """No search index, no search page of Sphinx's: the theme's page takes its place."""
    if isinstance(app.builder, StandaloneHTMLBuilder):
        app.builder.search = False


def _search_page(app: Sphinx) -> list[tuple[str, dict[str, Any], str]]:
    if not isinstance(app.builder, StandaloneHTMLBuilder):
        return []
    return [(SEARCH_PAGE, {}, "search.html")]


def _drop_search_scripts(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict[str, Any],
    doctree: nodes.document | None,
) -> None:
    scripts = context.get("script_files")
    if scripts is not None:
        context["script_files"] = [
            script
            for script in scripts
            if posixpath.basename(str(getattr(script, "filename", script)))
            not in _SPHINX_SEARCH_SCRIPTS
        ]


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("builder-inited", _without_sphinx_search)
    app.connect("html-collect-pages", _search_page)
    app.connect("html-page-context", _drop_search_scripts)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
