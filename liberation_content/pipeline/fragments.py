"""Turn a piece of the resolved doctree into safe HTML and clean plain text.

Only the node types content is written with are rendered as markup; anything else is
reduced to its text. Every string is escaped here, every link is made absolute, and the
result is then cleaned again against an allowlist (:mod:`.sanitize`), so contributed text
can never become markup in an app or a leaflet.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from docutils import nodes

__all__ = ["Fragment", "Renderer", "is_safe_url"]

SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
_SPACES = re.compile(r"[ \t\r\f\v]+")
_BLANK_LINES = re.compile(r"\n{3,}")

#: Nodes rendered as one element wrapping their children.
_TAGS: dict[type[nodes.Node], str] = {
    nodes.paragraph: "p",
    nodes.bullet_list: "ul",
    nodes.enumerated_list: "ol",
    nodes.block_quote: "blockquote",
    nodes.emphasis: "em",
    nodes.strong: "strong",
    nodes.literal: "code",
    nodes.subscript: "sub",
    nodes.superscript: "sup",
}


_INVISIBLE = (
    nodes.target,
    nodes.comment,
    nodes.system_message,
    nodes.substitution_definition,
    nodes.raw,
)


def _left_out(node: nodes.Node) -> bool:
    """Nodes that are not content: targets, comments, raw markup, and navigation."""
    if isinstance(node, _INVISIBLE):
        return True
    return isinstance(node, nodes.compound) and "toctree-wrapper" in node["classes"]


def is_safe_url(url: str) -> bool:
    """True for http(s) and mailto addresses and for relative links; false for the rest."""
    scheme = urlsplit(url.strip()).scheme.lower()
    return scheme in SAFE_SCHEMES or (scheme == "" and not url.strip().startswith("//"))


@dataclass
class Fragment:
    """Rendered content: HTML, plain text, and the citation keys it contains in order."""

    html: str
    text: str
    cited: list[str] = field(default_factory=list)


@dataclass
class Renderer:
    """Renders nodes of one page; ``page_url`` is the page's canonical address."""

    page_url: str
    #: Called with (node, message) when something is dropped, to tell the author.
    on_dropped: Callable[[nodes.Node, str], None] = lambda node, message: None

    def render(self, children: list[nodes.Node], heading_level: int) -> Fragment:
        cited: list[str] = []
        markup = "".join(self._html(child, heading_level, cited) for child in children)
        text = "\n\n".join(t for t in (self._text(c) for c in children) if t)
        text = _BLANK_LINES.sub("\n\n", text).strip()
        return Fragment(markup, text, cited)

    # -- HTML ---------------------------------------------------------------------------
    def _html(self, node: nodes.Node, level: int, cited: list[str]) -> str:  # noqa: PLR0911 - one return per kind of node
        if isinstance(node, nodes.Text):
            return html.escape(_SPACES.sub(" ", node.astext()), quote=False)
        if _left_out(node):
            return ""
        inner = "".join(self._html(child, level, cited) for child in node.children)
        if isinstance(node, nodes.section):
            return inner
        if isinstance(node, nodes.title):
            return f"<h{min(level, 6)}>{inner}</h{min(level, 6)}>"
        if isinstance(node, nodes.list_item):
            return f"<li>{self._unwrap_single_paragraph(node, level, cited)}</li>"
        if type(node) in _TAGS:
            tag = _TAGS[type(node)]
            return f"<{tag}>{inner}</{tag}>"
        if isinstance(node, nodes.reference):
            return self._link(node, inner, cited)
        if isinstance(node, nodes.inline) and "citation-ref" in node["classes"]:
            return f'<span class="citation-ref">{inner}</span>'
        return inner  # any other node: its text, without markup

    def _unwrap_single_paragraph(self, item: nodes.list_item, level: int, cited: list[str]) -> str:
        children = item.children
        if len(children) == 1 and isinstance(children[0], nodes.paragraph):
            children = children[0].children
        return "".join(self._html(child, level + 1, cited) for child in children)

    def _link(self, node: nodes.reference, inner: str, cited: list[str]) -> str:
        if node.get("citekey"):
            cited.append(str(node["citekey"]))
        if node.get("refid"):
            href = f"{self.page_url}#{node['refid']}"
        else:
            target = str(node.get("refuri", ""))
            if not is_safe_url(target):
                self.on_dropped(
                    node,
                    f"the link address '{target[:60]}' is not allowed; "
                    "use an http(s) or mailto address",
                )
                return inner
            href = urljoin(self.page_url, target)
        return f'<a href="{html.escape(href)}">{inner}</a>'

    # -- text ---------------------------------------------------------------------------
    def _text(self, node: nodes.Node, depth: int = 0) -> str:
        if isinstance(node, nodes.Text):
            return _SPACES.sub(" ", node.astext())
        if _left_out(node):
            return ""
        if isinstance(node, nodes.bullet_list | nodes.enumerated_list):
            numbered = isinstance(node, nodes.enumerated_list)
            lines = []
            for number, item in enumerate(node.children, start=1):
                marker = f"{number}." if numbered else "-"
                body = "\n".join(t for t in (self._text(c, depth + 1) for c in item.children) if t)
                lines.append("  " * depth + f"{marker} {body.strip()}")
            return "\n".join(lines)
        if isinstance(node, nodes.Structural | nodes.Body) and not isinstance(
            node, nodes.paragraph
        ):
            return "\n\n".join(t for t in (self._text(c, depth) for c in node.children) if t)
        return "".join(self._text(child, depth) for child in node.children).strip()
