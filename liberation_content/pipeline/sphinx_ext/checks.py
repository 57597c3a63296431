"""Checks on each page as read: no raw HTML, labelled blocks of the right shape, readability."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from docutils import nodes

from liberation_content.pipeline.fragments import is_safe_url
from liberation_content.pipeline.readability import BLOCK_LIMIT, PAGE_LIMIT, fk_grade

from .citations import cite_ref
from .state import Block, Code, content_state, report

#: IDs the products use themselves; a content label may not take them.
RESERVED_IDS = frozenset({"references", "contents", "search", "genindex", "api"})
_KEY_FACTS = "key-facts"

#: What a question ends with: the Latin, Arabic and full-width question marks.
QUESTION_MARKS = ("?", "\u061f", "\uff1f")


def block_type(label: str) -> str:
    """The kind of block a label names, from its prefix."""
    if label == _KEY_FACTS:
        return "key-facts"
    if label.startswith("faq-"):
        return "faq"
    if label.startswith("checklist-"):
        return "checklist"
    return "section"


def explicit_label(section: nodes.section, document: nodes.document) -> str | None:
    """The ``(label)=`` an author put before this heading, if any."""
    for name in section["names"]:
        if document.nametypes.get(name) and document.nameids.get(name) in section["ids"]:
            return str(document.nameids[name])
    return None


def text_units(node: nodes.Node) -> Iterator[str]:
    """The readable text of a node, one unit per heading, paragraph or list item."""
    for child in node.findall(lambda n: isinstance(n, nodes.title | nodes.paragraph)):
        if any(
            isinstance(a, nodes.section) and "references" in a["classes"] for a in _ancestors(child)
        ):
            continue
        parts = [
            t.astext()
            for t in child.findall(nodes.Text)
            if not any(isinstance(a, cite_ref) for a in _ancestors(t))
        ]
        yield "".join(parts)


def _ancestors(node: nodes.Node) -> Iterator[nodes.Node]:
    parent = node.parent
    while parent is not None:
        yield parent
        parent = parent.parent


def refuse_raw_html(app: Any, doctree: nodes.document) -> None:
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


def refuse_unsafe_links(app: Any, doctree: nodes.document) -> None:
    """Only http(s), mailto and relative links reach a product; images are not supported."""
    for ref in list(doctree.findall(nodes.reference)):
        target = str(ref.get("refuri", ""))
        if target and not is_safe_url(target):
            report(
                Code.UNSAFE_URL,
                f"the link address '{target[:60]}' is not allowed. Use "
                "an https:// (or mailto:) address",
                ref,
                error=True,
            )
            ref.replace_self(nodes.Text(ref.astext()))
    for image in list(doctree.findall(nodes.image)):
        report(
            Code.UNSAFE_URL,
            f"images are not supported in content ('{image['uri'][:60]}'). "
            "Describe it in words instead",
            image,
            error=True,
        )
        image.parent.remove(image)


def _section_body(section: nodes.section) -> list[nodes.Node]:
    return [c for c in section.children if not isinstance(c, nodes.title)]


def _check_shape(
    label: str, kind: str, section: nodes.section, line: int | None, docname: str
) -> None:
    title = section.next_node(nodes.title)
    heading = title.astext() if title is not None else ""
    body = _section_body(section)
    lists = [n for n in body if isinstance(n, nodes.bullet_list)]
    if kind == "faq":
        if not heading.endswith(QUESTION_MARKS):
            report(
                Code.BLOCK,
                f"'{label}' is a FAQ block, so its heading must be the "
                f"question, ending with '?'; got '{heading}'",
                (docname, line),
            )
        if not any(isinstance(n, nodes.paragraph) for n in body):
            report(
                Code.BLOCK,
                f"the FAQ '{label}' has no answer. Write the answer as "
                "paragraphs under the question",
                (docname, line),
            )
    elif kind == "checklist" and not lists:
        report(
            Code.BLOCK,
            f"'{label}' is a checklist, so it needs a bullet list of questions",
            (docname, line),
        )
    elif kind == "key-facts":
        items = sum(len(lst.children) for lst in lists)
        if not 5 <= items <= 7:
            report(
                Code.BLOCK,
                f"key facts must be a bullet list of 5 to 7 points; found {items}",
                (docname, line),
            )


def collect_blocks(app: Any, doctree: nodes.document) -> None:
    """Record each labelled section as a block, and check the labels and shapes."""
    docname = app.env.docname
    blocks: list[Block] = []
    for section in doctree.findall(nodes.section):
        depth = sum(1 for a in _ancestors(section) if isinstance(a, nodes.section))
        if depth == 0 or "references" in section["classes"]:
            continue
        title = section.next_node(nodes.title)
        line = title.line if title is not None else None
        label = explicit_label(section, doctree)
        if label is None:
            if depth == 1:
                heading = title.astext() if title is not None else ""
                report(
                    Code.BLOCK,
                    f"the section '{heading}' has no label. Put a line like "
                    "'(my-section-id)=' before its heading: the label is the section's "
                    "stable ID in every product",
                    (docname, line),
                )
            continue
        if label in RESERVED_IDS:
            report(Code.BLOCK, f"the label '{label}' is reserved; choose another", (docname, line))
        kind = block_type(label)
        _check_shape(label, kind, section, line, docname)
        blocks.append(Block(label, kind, docname, title.astext() if title else "", line))
    content_state(app.env).blocks[docname] = blocks


def check_readability(app: Any, doctree: nodes.document) -> None:
    """Report a page, or a key-facts, checklist or FAQ block, above its grade limit."""
    if not app.config.liberation_check_readability or app.config.language not in {"en", None}:
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
    for section in doctree.findall(nodes.section):
        label = explicit_label(section, doctree)
        if label is None or block_type(label) == "section":
            continue
        units = [u for c in _section_body(section) for u in text_units(c)]
        grade = fk_grade(units)
        if grade > BLOCK_LIMIT:
            title = section.next_node(nodes.title)
            report(
                Code.READABILITY,
                f"'{label}' reads at grade {grade:.1f}; the limit for "
                f"{block_type(label)} blocks is {BLOCK_LIMIT:.0f}. Use shorter sentences "
                "and everyday words",
                (docname, title.line if title else None),
            )


def setup(app: Any) -> None:
    app.connect("doctree-read", refuse_raw_html, priority=300)
    app.connect("doctree-read", refuse_unsafe_links, priority=305)
    app.connect("doctree-read", collect_blocks, priority=310)
    app.connect("doctree-read", check_readability, priority=320)
