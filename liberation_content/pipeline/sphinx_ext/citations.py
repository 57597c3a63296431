"""The ``{cite}`key``` role, numbered per page, and the reference list each page ends with."""

from __future__ import annotations

from typing import Any

from docutils import nodes

from liberation_content.errors import did_you_mean

from .state import Code, content_state, label, report


class cite_ref(nodes.Inline, nodes.TextElement):
    """A citation of one or more reference keys, before it is numbered."""


def cite_role(  # noqa: PLR0917 - the signature docutils calls roles with
    name: str,
    rawtext: str,
    text: str,
    lineno: int,
    inliner: Any,
    options: dict[str, Any] | None = None,
    content: list[str] | None = None,
) -> tuple[list[nodes.Node], list[nodes.system_message]]:
    keys = [k.strip() for k in text.split(",") if k.strip()]
    node = cite_ref(rawtext, "", keys=keys)
    node.source, node.line = inliner.reporter.get_source_and_line(lineno)
    return [node], []


def number_citations(app: Any, doctree: nodes.document) -> None:
    """Number the page's citations in reading order and append its reference list."""
    from .metadata import references  # noqa: PLC0415 - avoids an import cycle

    refs = references(app)
    docname = app.env.docname
    meta = content_state(app.env).meta.get(docname)
    order: list[str] = []
    for node in list(doctree.findall(cite_ref)):
        marker = nodes.inline("", "", classes=["citation-ref"])
        marker += nodes.Text("[")
        for position, key in enumerate(node["keys"]):
            if key not in refs:
                hint = did_you_mean(key, refs)
                report(
                    Code.CITATION,
                    f"'{key}' is not in references.toml.{hint} Add the "
                    "source there, or fix the key",
                    node,
                    error=True,
                )
                continue
            if meta is not None and key not in meta.sources:
                report(
                    Code.CITATION,
                    f"the page cites '{key}' but its front matter "
                    "'sources' does not list it. Add it to 'sources'",
                    node,
                )
            if key not in order:
                order.append(key)
            if position:
                marker += nodes.Text(", ")
            number = order.index(key) + 1
            marker += nodes.reference(
                "",
                str(number),
                internal=True,
                refid=f"ref-{key}",
                citekey=key,
                classes=["citation-link"],
            )
        marker += nodes.Text("]")
        node.replace_self(marker)
    if meta is not None:
        for key in meta.sources:
            if key not in order and key in refs:
                report(
                    Code.CITATION,
                    f"'sources' lists '{key}' but the page never cites "
                    "it. Cite it with {cite}`" + key + "` or remove it from 'sources'",
                    (docname, meta.lines.get("sources")),
                )
    if not order:
        return
    top = next(iter(doctree.findall(nodes.section)), None)
    if top is None:
        return
    section = nodes.section("", ids=["references"], classes=["references"])
    section += nodes.title("", label(app)("References"))
    listing = nodes.enumerated_list("", enumtype="arabic", prefix="", suffix=".")
    for key in order:
        ref = refs[key]
        item = nodes.list_item("", ids=[f"ref-{key}"], citekey=key)
        para = nodes.paragraph("", ref.citation() + " ")
        para += nodes.reference("", ref.link, refuri=ref.link)
        item += para
        listing += item
    section += listing
    top += section


def setup(app: Any) -> None:
    app.add_node(cite_ref)
    app.add_role("cite", cite_role)
    app.connect("doctree-read", number_citations, priority=400)
