"""The one writer of snippet and leaflet HTML: pieces of the resolved doctree as safe HTML
and clean plain text.

:class:`SnippetWriter` is a docutils ``NodeVisitor`` with one rule for every node type the
content can contain. A node without a rule is reported as a build error with its file and
line (:attr:`.Code.UNSUPPORTED`), never flattened to text in silence. Every string is
escaped, every link is checked and made absolute, citation numbers come from the numbering
the caller gives (the page's, or a leaflet's), and the result is cleaned again against the
allowlist (:mod:`liberation_content.model.sanitize`), so contributed text can never become
markup in an app or a leaflet.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from urllib.parse import urljoin

from docutils import nodes
from sphinx.locale import admonitionlabels

from liberation_content.model.sanitize import clean_html
from liberation_content.model.urls import is_safe_url, refused_link

from .codes import Code, report
from .collector import ancestors
from .markup import ADMONITIONS, ELEMENTS, INVISIBLE, WHAT, blocks, inline, lines

__all__ = ["Fragment", "Report", "SnippetWriter", "render", "report_error"]

#: Spaces and line breaks of the source; never a no-break space (U+00A0, U+202F), which
#: French writes before "?" and ":" so that a line never starts with them.
_SPACES = re.compile(r"[ \t\n\r\f\v]+")
_BLANK_LINES = re.compile(r"\n{3,}")

#: Called with (code, node, message) when the writer meets something it must not write.
Report = Callable[[Code, nodes.Node, str], None]


def report_error(code: Code, node: nodes.Node, message: str) -> None:
    """The usual :data:`Report`: a build error at the node's file and line."""
    report(code, message, node, error=True)


@dataclass
class Fragment:
    """Rendered content: HTML, plain text, and the citation keys it contains in order."""

    html: str
    text: str
    cited: list[str] = field(default_factory=list)


class SnippetWriter(nodes.NodeVisitor):
    """Writes nodes of one page as HTML and text; see :func:`render`."""

    def __init__(
        self,
        document: nodes.document,
        *,
        page_url: str,
        numbers: Mapping[str, int],
        citation_href: Callable[[str], str],
        heading_level: int,
        report: Report,
    ) -> None:
        super().__init__(document)
        self.page_url = page_url
        self.numbers = numbers
        self.citation_href = citation_href
        self.report = report
        self.level = heading_level - 1  # each section entered adds one
        self.list_depth = 0
        self.html: list[str] = []
        self.cited: list[str] = []
        self._texts: list[list[str]] = [[]]
        self._bare: set[int] = set()  # paragraphs written without <p>: a list item's only one

    # -- the two outputs --------------------------------------------------------------
    def _open(self, markup: str = "") -> None:
        self.html.append(markup)
        self._texts.append([])

    def _close(self, markup: str, rule: Callable[[list[str]], str]) -> None:
        self.html.append(markup)
        parts = self._texts.pop()
        self._texts[-1].append(rule(parts))

    def _leaf(self, markup: str, text: str) -> None:
        self.html.append(markup)
        self._texts[-1].append(text)

    def result(self) -> Fragment:
        text = _BLANK_LINES.sub("\n\n", blocks(self._texts[0])).strip()
        return Fragment(clean_html("".join(self.html)), text, self.cited)

    # -- nodes without a rule -----------------------------------------------------------
    def unknown_visit(self, node: nodes.Node) -> None:
        what = WHAT.get(type(node).__name__, f"'{type(node).__name__}' markup")
        self.report(
            Code.UNSUPPORTED,
            node,
            f"{what} cannot be shown in the snippets and leaflets. Write it with the markup "
            "of the authoring guide: paragraphs, lists, emphasis, links, tables, notes, and "
            "{cite} for sources",
        )
        raise nodes.SkipNode

    def dispatch_visit(self, node: nodes.Node) -> None:
        name = type(node).__name__
        if name in INVISIBLE or _is_navigation(node):
            raise nodes.SkipNode
        if name in ELEMENTS:
            self._open(f"<{ELEMENTS[name][0]}>")
            return
        if name in ADMONITIONS:
            titled = isinstance(node, nodes.Element) and bool(node.children)
            titled = titled and isinstance(node.children[0], nodes.title)
            self._admonition(name, "" if titled else str(admonitionlabels.get(name, name.title())))
            return
        super().dispatch_visit(node)

    def dispatch_departure(self, node: nodes.Node) -> None:
        name = type(node).__name__
        if name in ELEMENTS:
            tag, rule = ELEMENTS[name]
            self._close(f"</{tag}>", rule)
        elif name in ADMONITIONS:
            self._close("</aside>", blocks)
        else:
            super().dispatch_departure(node)

    # -- text and structure -------------------------------------------------------------
    def visit_Text(self, node: nodes.Text) -> None:
        if isinstance(node.parent, nodes.literal_block):
            self._leaf(html.escape(node.astext(), quote=False), node.astext())
            return
        # Line breaks in the source are not breaks in the text: prose is one line.
        text = _SPACES.sub(" ", node.astext())
        self._leaf(html.escape(text, quote=False), text)

    def depart_Text(self, node: nodes.Text) -> None:
        pass

    def visit_section(self, node: nodes.section) -> None:
        self.level += 1
        self._open()

    def depart_section(self, node: nodes.section) -> None:
        self.level -= 1
        self._close("", blocks)

    def visit_title(self, node: nodes.title) -> None:
        self._open(self._title_tag(node, closing=False))

    def depart_title(self, node: nodes.title) -> None:
        self._close(self._title_tag(node, closing=True), inline)

    def _title_tag(self, node: nodes.title, *, closing: bool) -> str:
        slash = "/" if closing else ""
        if isinstance(node.parent, nodes.table):
            return f"<{slash}caption>"
        if isinstance(node.parent, nodes.Admonition):
            return "</p>" if closing else '<p class="admonition-title">'
        return f"<{slash}h{min(max(self.level, 1), 6)}>"

    def visit_paragraph(self, node: nodes.paragraph) -> None:
        self._open("" if id(node) in self._bare else "<p>")

    def depart_paragraph(self, node: nodes.paragraph) -> None:
        self._close("" if id(node) in self._bare else "</p>", inline)

    def visit_compound(self, node: nodes.compound) -> None:
        self._open()

    def depart_compound(self, node: nodes.compound) -> None:
        self._close("", blocks)

    def visit_container(self, node: nodes.container) -> None:
        self._open()

    def depart_container(self, node: nodes.container) -> None:
        self._close("", blocks)

    def visit_inline(self, node: nodes.inline) -> None:
        if _is_citation(node):
            self._open('<span class="citation-ref">')
        else:
            self._open('<span lang="en" dir="ltr">' if _is_english(node) else "")

    def depart_inline(self, node: nodes.inline) -> None:
        self._close("</span>" if _is_citation(node) or _is_english(node) else "", inline)

    def visit_literal_block(self, node: nodes.literal_block) -> None:
        self._open("<pre><code>")

    def depart_literal_block(self, node: nodes.literal_block) -> None:
        self._close("</code></pre>", "".join)

    def visit_transition(self, node: nodes.transition) -> None:
        self._leaf("<hr>", "")
        raise nodes.SkipNode

    def _admonition(self, name: str, heading: str) -> None:
        """A note's box, and its heading unless the note has a heading of its own."""
        self._open(f'<aside class="admonition {name}">')
        if heading:
            self._leaf(f'<p class="admonition-title">{html.escape(heading)}</p>', heading)

    def visit_urgent(self, node: nodes.Element) -> None:
        self._open('<aside class="urgent">')

    def depart_urgent(self, node: nodes.Element) -> None:
        self._close("</aside>", blocks)

    def visit_admonition(self, node: nodes.admonition) -> None:
        self._open('<aside class="admonition">')

    def depart_admonition(self, node: nodes.admonition) -> None:
        self._close("</aside>", blocks)

    # -- lists and tables ---------------------------------------------------------------
    def visit_bullet_list(self, node: nodes.bullet_list) -> None:
        self._open("<ul>")

    def depart_bullet_list(self, node: nodes.bullet_list) -> None:
        self._close_list("</ul>", ["-"] * len(node.children))

    def visit_enumerated_list(self, node: nodes.enumerated_list) -> None:
        self._open("<ol>")

    def depart_enumerated_list(self, node: nodes.enumerated_list) -> None:
        self._close_list("</ol>", [f"{n}." for n in range(1, len(node.children) + 1)])

    def _close_list(self, markup: str, markers: Sequence[str]) -> None:
        indent = "  " * self.list_depth
        self._close(
            markup,
            lambda items: "\n".join(
                f"{indent}{marker} {body.strip()}"
                for marker, body in zip(markers, items, strict=False)
            ),
        )

    def _unwrap_single_paragraph(self, node: nodes.Element) -> None:
        if len(node.children) == 1 and isinstance(node.children[0], nodes.paragraph):
            self._bare.add(id(node.children[0]))

    def visit_list_item(self, node: nodes.list_item) -> None:
        self._unwrap_single_paragraph(node)
        self.list_depth += 1
        self._open("<li>")

    def depart_list_item(self, node: nodes.list_item) -> None:
        self.list_depth -= 1
        self._close("</li>", lines)

    def visit_table(self, node: nodes.table) -> None:
        self._open("<table>")

    def depart_table(self, node: nodes.table) -> None:
        self._close("</table>", lines)

    def visit_tgroup(self, node: nodes.tgroup) -> None:
        self._open()

    def depart_tgroup(self, node: nodes.tgroup) -> None:
        self._close("", lines)

    def visit_entry(self, node: nodes.entry) -> None:
        self._unwrap_single_paragraph(node)
        self._open("<th>" if _in_head(node) else "<td>")

    def depart_entry(self, node: nodes.entry) -> None:
        self._close("</th>" if _in_head(node) else "</td>", lines)

    # -- links and citations ------------------------------------------------------------
    def visit_reference(self, node: nodes.reference) -> None:
        key = node.get("citekey")
        if key:
            number = str(self.numbers.get(str(key), "?"))
            self.cited.append(str(key))
            href = html.escape(self.citation_href(str(key)))
            self._leaf(f'<a href="{href}">{number}</a>', number)
            raise nodes.SkipNode
        href = self._href(node)
        self._open(f'<a href="{html.escape(href)}">' if href else "")

    def depart_reference(self, node: nodes.reference) -> None:
        self._close("</a>" if self._href(node, quiet=True) else "", inline)

    # A citation number: a reference with the site's anchor (its number comes from the
    # numbering the writer is given).
    visit_citation_link = visit_reference
    depart_citation_link = depart_reference

    def _href(self, node: nodes.reference, *, quiet: bool = False) -> str:
        if node.get("refid"):
            return f"{self.page_url}#{node['refid']}"
        target = str(node.get("refuri", ""))
        if is_safe_url(target):
            return urljoin(self.page_url, target)
        if not quiet:
            self.report(
                Code.UNSAFE_URL,
                node,
                refused_link(target),
            )
        return ""


def _is_navigation(node: nodes.Node) -> bool:
    return isinstance(node, nodes.compound) and "toctree-wrapper" in node["classes"]


def _is_citation(node: nodes.Node) -> bool:
    return isinstance(node, nodes.inline) and "citation-ref" in node["classes"]


def _is_english(node: nodes.Node) -> bool:
    """A run of Latin script on a right-to-left page (see :mod:`.bidi`)."""
    return isinstance(node, nodes.inline) and "language-en" in node["classes"]


def _in_head(node: nodes.Node) -> bool:
    return any(isinstance(parent, nodes.thead) for parent in ancestors(node))


def render(
    children: Sequence[nodes.Node],
    *,
    page_url: str,
    numbers: Mapping[str, int],
    heading_level: int,
    report: Report = report_error,
    citation_href: Callable[[str], str] | None = None,
) -> Fragment:
    """``children`` as one fragment. Headings of sections inside start at
    ``heading_level``; a citation shows ``numbers[key]`` and links to ``citation_href(key)``
    (by default the page's own reference list)."""
    if not children:
        return Fragment("", "")
    from docutils.utils import new_document  # noqa: PLC0415

    writer = SnippetWriter(
        children[0].document or new_document("<snippet>"),
        page_url=page_url,
        numbers=numbers,
        citation_href=citation_href or (lambda key: f"{page_url}#ref-{key}"),
        heading_level=heading_level,
        report=report,
    )
    for child in children:
        child.walkabout(writer)
    return writer.result()
