"""Checks on each page as it is read: no raw HTML, only allowed links, readable text."""

from __future__ import annotations

from collections.abc import Iterator

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx

from liberation_content.model.readability import BLOCK_LIMIT, PAGE_LIMIT, fk_grade
from liberation_content.model.urls import is_safe_url, refused_link

from .citations import cite_ref
from .codes import Code, report
from .collector import ancestors, body, content_state, is_references
from .config import settings

__all__ = ["setup", "text_units"]


def text_units(node: nodes.Node) -> Iterator[str]:
    """The readable text of a node, one unit per heading, paragraph or list item."""
    for child in node.findall(lambda n: isinstance(n, nodes.title | nodes.paragraph)):
        if is_references(child):
            continue
        parts = [t.astext() for t in child.findall(nodes.Text) if not _in_citation(t)]
        yield "".join(parts)


def _in_citation(node: nodes.Node) -> bool:
    """Whether a piece of text is a citation (``{cite}`` before numbering, "[1]" after):
    citation numbers are not words a reader reads."""
    return any(
        isinstance(a, cite_ref) or (isinstance(a, nodes.inline) and "citation-ref" in a["classes"])
        for a in ancestors(node)
    )


def refuse_raw_html(app: Sphinx, doctree: nodes.document) -> None:
    """Raw HTML never reaches a product: report it with its line and drop it."""
    for raw in list(doctree.findall(nodes.raw)):
        snippet = raw.astext().strip().splitlines()[0][:60] if raw.astext().strip() else ""
        report(
            Code.RAW_HTML,
            f"raw HTML is not allowed in content: '{snippet}'. Write it in "
            "Markdown instead (**bold**, *emphasis*, lists, [links](https://...))",
            raw,
            error=True,
        )
        raw.parent.remove(raw)


def refuse_unsafe_links(app: Sphinx, doctree: nodes.document) -> None:
    """Only http(s), mailto and relative links reach a product; images are not supported."""
    for ref in list(doctree.findall(nodes.reference)):
        target = str(ref.get("refuri", ""))
        if target and not is_safe_url(target):
            report(
                Code.UNSAFE_URL,
                refused_link(target),
                ref,
                error=True,
            )
            ref.replace_self(nodes.Text(ref.astext()))
    for tree in doctree.findall(addnodes.toctree):
        # An entry with a scheme is an address Sphinx puts in every page's navigation.
        unsafe = [ref for _, ref in tree["entries"] if ":" in ref and not is_safe_url(ref)]
        for ref in unsafe:
            report(Code.UNSAFE_URL, refused_link(ref), tree, error=True)
        tree["entries"] = [(t, ref) for t, ref in tree["entries"] if ref not in unsafe]
    for image in list(doctree.findall(nodes.image)):
        report(
            Code.UNSAFE_URL,
            f"images are not supported in content ('{image['uri'][:60]}'). "
            "Describe it in words instead",
            image,
            error=True,
        )
        image.parent.remove(image)


def check_readability(app: Sphinx, doctree: nodes.document) -> None:
    """Report a page, or a key-facts, checklist or FAQ block, above its grade limit."""
    if not settings(app.config).check_readability or app.config.language not in {"en", None}:
        return
    docname = app.env.docname
    grade = fk_grade(text_units(doctree))
    if grade > PAGE_LIMIT:
        report(
            Code.READABILITY,
            f"the page reads at grade {grade:.1f}; the limit is "
            f"{PAGE_LIMIT:.0f}. Use shorter sentences and everyday words",
            (docname, 1),
        )
    for block in content_state(app.env).blocks.get(docname, ()):
        if block.type == "section":
            continue
        content = body(doctree.ids[block.id])
        grade = fk_grade(u for child in content for u in text_units(child))
        if grade > BLOCK_LIMIT:
            report(
                Code.READABILITY,
                f"'{block.id}' reads at grade {grade:.1f}; the limit for "
                f"{block.type} blocks is {BLOCK_LIMIT:.0f}. Use shorter sentences "
                "and everyday words",
                (docname, block.line),
            )


def setup(app: Sphinx) -> None:
    app.connect("doctree-read", refuse_raw_html, priority=300)
    app.connect("doctree-read", refuse_unsafe_links, priority=305)
    # After the collector (priority 500) has recorded the page's blocks.
    app.connect("doctree-read", check_readability, priority=600)
