"""The ``{cite}`key``` role, the bibliography, and citation numbers.

Citations are numbered by :func:`citation_order`, the one rule for every product: sources
are numbered in the order they are first cited. A page's numbers are set when it is read
(and its reference list is added); a leaflet numbers the blocks it prints the same way.

On the site each number is a :class:`citation_link` with a stable anchor, ``cite-<key>-<n>``
for the n-th place the page cites the source, and a name a screen reader says ("Reference
1: Zamboni 2009"); each entry of the reference list, ``ref-<key>``, ends with a
:class:`back_link` to the first of those places.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.parsers.rst.states import Inliner
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.writers.html5 import HTML5Translator
from sphinx.writers.text import TextTranslator

from liberation_content.errors import LiberationError, did_you_mean, shown_path
from liberation_content.i18n.interface import BACK_TO_TEXT, CITATION_LINK, fill
from liberation_content.model.references import Reference, load_references

from .codes import Code, in_file, report
from .collector import content_state, is_references
from .config import settings

__all__ = [
    "back_link",
    "bibliography",
    "citation_link",
    "citation_order",
    "cite_ref",
    "label",
    "references_path",
    "setup",
]

_bibliographies: weakref.WeakKeyDictionary[Sphinx, dict[str, Reference]] = (
    weakref.WeakKeyDictionary()
)


class cite_ref(nodes.Inline, nodes.TextElement):
    """A citation of one or more reference keys, before it is numbered."""


class citation_link(nodes.reference):
    """One citation number in the text, linking to its entry in the reference list."""


class back_link(nodes.reference):
    """The link from an entry of the reference list back to where the page cites it."""


def cite_role(  # noqa: PLR0917 - the signature docutils calls roles with
    name: str,
    rawtext: str,
    text: str,
    lineno: int,
    inliner: Inliner,
    options: dict[str, Any] | None = None,
    content: list[str] | None = None,
) -> tuple[list[nodes.Node], list[nodes.system_message]]:
    keys = [k.strip() for k in text.split(",") if k.strip()]
    node = cite_ref(rawtext, "", keys=keys)
    source, line = inliner.reporter.get_source_and_line(lineno)
    node.source, node.line = str(source), line
    return [node], []


def references_path(app: Sphinx) -> Path:
    configured = settings(app.config).references
    return Path(configured) if configured else Path(app.srcdir) / "references.toml"


def bibliography(app: Sphinx) -> dict[str, Reference]:
    """The references, read once per application; a problem in the file is reported."""
    found = _bibliographies.get(app)
    if found is None:
        path = references_path(app)
        found = {}
        try:
            found = load_references(path)
        except FileNotFoundError:
            report(
                Code.CITATION,
                f"no bibliography at {shown_path(path)}; create it (see the authoring "
                "guide) or set liberation_references",
                None,
                error=True,
            )
        except LiberationError as exc:
            for problem in exc.problems or ():
                report(Code.CITATION, problem.message, in_file(path, problem.line), error=True)
            if not exc.problems:
                report(Code.CITATION, str(exc), None, error=True)
        _bibliographies[app] = found
    return found


def label(app: Sphinx, message: str) -> str:
    """An interface message in the language being built (English where not translated)."""
    return _label(app.config, message)


def _label(config: Config, message: str) -> str:
    return settings(config).labels.get(message, message)


def citation_order(fragments: Iterable[nodes.Node]) -> list[str]:
    """The keys cited in ``fragments``, in the order they are first cited (a reference
    list inside them does not count): source number n is the n-th key."""
    order: dict[str, None] = {}
    for fragment in fragments:
        for node in fragment.findall(nodes.Element):
            if node.get("citekey") and isinstance(node, nodes.reference):
                if not is_references(node):
                    order.setdefault(str(node["citekey"]), None)
            elif isinstance(node, cite_ref):
                for key in node["keys"]:
                    order.setdefault(str(key), None)
    return list(order)


def _check_keys(app: Sphinx, node: cite_ref, refs: dict[str, Reference]) -> list[str]:
    """The keys of one citation that are in the bibliography; the others are reported."""
    meta = content_state(app.env).meta.get(app.env.docname)
    known = []
    for key in node["keys"]:
        if key not in refs:
            report(
                Code.CITATION,
                f"'{key}' is not in references.toml.{did_you_mean(key, refs)} Add the "
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
        known.append(key)
    return known


def cite_id(key: str, occurrence: int = 1) -> str:
    """The anchor of the ``occurrence``-th place a page cites ``key``."""
    return f"cite-{key}-{occurrence}"


def _marker(
    keys: list[str], numbers: dict[str, int], seen: dict[str, int], refs: dict[str, Reference]
) -> nodes.inline:
    marker = nodes.inline("", "", classes=["citation-ref"])
    marker += nodes.Text("[")
    for position, key in enumerate(keys):
        if position:
            marker += nodes.Text(", ")
        seen[key] = seen.get(key, 0) + 1
        marker += citation_link(
            "",
            str(numbers[key]),
            internal=True,
            refid=f"ref-{key}",
            citekey=key,
            author_year=refs[key].author_year,
            ids=[cite_id(key, seen[key])],
            classes=["citation-link"],
        )
    marker += nodes.Text("]")
    return marker


def number_citations(app: Sphinx, doctree: nodes.document) -> None:
    """Number the page's citations (:func:`citation_order`) and append its reference list."""
    refs = bibliography(app)
    citations = list(doctree.findall(cite_ref))
    known = {id(node): _check_keys(app, node, refs) for node in citations}
    order = [key for key in citation_order([doctree]) if key in refs]
    numbers = {key: number for number, key in enumerate(order, start=1)}
    seen: dict[str, int] = {}
    for node in citations:
        node.replace_self(_marker(known[id(node)], numbers, seen, refs))
    meta = content_state(app.env).meta.get(app.env.docname)
    if meta is not None:
        for key in meta.sources:
            if key not in numbers and key in refs:
                report(
                    Code.CITATION,
                    f"'sources' lists '{key}' but the page never cites "
                    "it. Cite it with {cite}`" + key + "` or remove it from 'sources'",
                    (app.env.docname, meta.lines.get("sources")),
                )
    top = next(iter(doctree.findall(nodes.section)), None)
    if order and top is not None:
        top += _reference_list(app, order, refs)


def _reference_list(app: Sphinx, order: list[str], refs: dict[str, Reference]) -> nodes.section:
    section = nodes.section("", ids=["references"], classes=["references"])
    section += nodes.title("", label(app, "References"))
    listing = nodes.enumerated_list("", enumtype="arabic", prefix="", suffix=".")
    if (app.config.language or "en") != "en":
        # The sources are cited in English: docutils writes this class as lang="en".
        listing["classes"].append("language-en")
    for key in order:
        ref = refs[key]
        item = nodes.list_item("", ids=[f"ref-{key}"], citekey=key)
        para = nodes.paragraph("", ref.citation() + " ")
        para += nodes.reference("", ref.link, refuri=ref.link)
        para += nodes.Text(" ")
        # U+FE0E: the arrow drawn as text, not as an emoji.
        para += back_link(
            "", "\u21a9\ufe0e", internal=True, refid=cite_id(key), classes=["backlink"]
        )
        item += para
        listing += item
    section += listing
    return section


def _open_link(
    translator: HTML5Translator, node: nodes.reference, message: str, **values: str
) -> None:
    """The start of a link the site adds, to its place on the page, with a name a screen
    reader says in the page's language (marked as such: a back-link stands in a list
    marked English)."""
    lang = translator.config.language or "en"
    text = _label(translator.config, message)
    attributes: dict[str, Any] = {"href": "#" + node["refid"], "aria-label": fill(text, **values)}
    if text != message and lang != "en":
        attributes["lang"] = lang.replace("_", "-")
    translator.body.append(translator.starttag(node, "a", "", **attributes))


def visit_citation_link_html(translator: HTML5Translator, node: citation_link) -> None:
    author_year = str(node["author_year"])
    _open_link(translator, node, CITATION_LINK, number=node.astext(), source=author_year)


def visit_back_link_html(translator: HTML5Translator, node: back_link) -> None:
    _open_link(translator, node, BACK_TO_TEXT)


def depart_link_html(translator: HTML5Translator, node: nodes.reference) -> None:
    translator.body.append("</a>")


def visit_as_reference(translator: TextTranslator, node: nodes.reference) -> None:
    translator.visit_reference(node)


def depart_as_reference(translator: TextTranslator, node: nodes.reference) -> None:
    translator.depart_reference(node)


def setup(app: Sphinx) -> None:
    app.add_node(cite_ref)
    as_text = (visit_as_reference, depart_as_reference)
    app.add_node(citation_link, html=(visit_citation_link_html, depart_link_html), text=as_text)
    app.add_node(back_link, html=(visit_back_link_html, depart_link_html), text=as_text)
    app.add_role("cite", cite_role)
    app.connect("doctree-read", number_citations, priority=400)
