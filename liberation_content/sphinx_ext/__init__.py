"""The Sphinx extension that turns the content into checked, reusable blocks: the only part
of the package that imports Sphinx or docutils.

It validates front matter (:mod:`.frontmatter`), records every page's blocks and citations
(:mod:`.collector`, the one list of IDs), holds back a translation that does not cover
today's English (:mod:`.gate`), refuses raw HTML and unsafe links and checks
readability (:mod:`.checks`), numbers citations (:mod:`.citations`), writes the snippets
(:mod:`.snippets`, with :mod:`.writer`) and composes the leaflets (:mod:`.leaflets`) from
the same doctree the HTML theme is given (:mod:`.html_page`), whose search page asks
Pagefind's index instead of Sphinx's (:mod:`.search`). Every problem it reports
carries a code, ``[liberation.<code>]`` (:mod:`.codes`); every setting it reads is a field
of :class:`.config.ExtensionConfig`.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx

from liberation_content._version import __version__

__all__ = ["setup"]


def setup(app: Sphinx) -> dict[str, Any]:
    from liberation_content.model.hashing import code_digest  # noqa: PLC0415

    from . import (  # noqa: PLC0415
        allowlist,
        bidi,
        checks,
        citations,
        collector,
        config,
        frontmatter,
        gate,
        html_page,
        internals,
        urgent,
    )
    from .leaflets import Leaflets  # noqa: PLC0415
    from .snippets import Snippets  # noqa: PLC0415

    internals.reuse_default_settings()
    config.register(app)
    allowlist.setup(app)
    urgent.setup(app)
    collector.setup(app)
    gate.setup(app)
    frontmatter.setup(app)
    checks.setup(app)
    citations.setup(app)
    bidi.setup(app)
    snippets = Snippets()
    leaflets = Leaflets(snippets)
    app.connect("doctree-resolved", snippets.collect)
    app.connect("build-finished", leaflets.compose_all, priority=400)
    app.connect("build-finished", snippets.write)
    html_page.setup(app, snippets)
    app.setup_extension("liberation_content.sphinx_ext.search")
    return {
        "version": __version__,
        # Cached doctrees made by other code are read again instead of being trusted.
        "env_version": int(code_digest()[:12], 16),
        "parallel_read_safe": True,
        "parallel_write_safe": False,  # snippets and leaflets are gathered in this process
    }
