"""What the extension knows of each page, gathered while Sphinx reads it.

:class:`ContentCollector` is a Sphinx environment collector: for every page it records the
front matter, the labelled blocks (and checks their labels and shapes), and the order its
sources are cited in. The records live in the build environment, so a page read from
Sphinx's cache keeps them, and Sphinx purges and merges them as it reads pages again or in
parallel. The block records are the one list of block IDs: the readability check, the
snippet writer and the leaflets all read them, and the ID namespace is checked on them.
"""

from __future__ import annotations

from collections.abc import Iterator, Set
from dataclasses import dataclass, field
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.environment.collectors import EnvironmentCollector

from liberation_content.errors import shown_path
from liberation_content.model.frontmatter import PageMeta
from liberation_content.model.ids import (
    BOX_TYPES,
    QUESTION_MARKS,
    RESERVED_IDS,
    RESERVED_PREFIXES,
    Claim,
    block_type,
    collisions,
    declared_labels,
)

from .codes import Code, report
from .urgent import urgent

__all__ = [
    "Block",
    "ContentCollector",
    "ContentState",
    "ancestors",
    "body",
    "content_state",
    "explicit_label",
    "headline",
    "is_references",
    "page_summary",
]

_ATTRIBUTE = "liberation_content"


@dataclass(frozen=True)
class Block:
    """A labelled, reusable piece of a page: its ID is its JSON key and HTML anchor."""

    id: str
    type: str
    docname: str
    title: str
    line: int | None
    #: 1 for a section under the page title (##), 2 below that (###) ...; for a box, the
    #: depth of the section it is in.
    depth: int

    @property
    def is_page_section(self) -> bool:
        """Whether the block is one of the page's own sections (``##``), which a page's
        snippet and a leaflet printing the whole page list."""
        return self.depth == 1 and self.type not in BOX_TYPES


@dataclass
class ContentState:
    """Per-page records: front matter, blocks in reading order, cited keys in order."""

    meta: dict[str, PageMeta] = field(default_factory=dict)
    blocks: dict[str, tuple[Block, ...]] = field(default_factory=dict)
    citations: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: Every ``(label)=`` the author wrote, with its line, in the order written.
    labels: dict[str, tuple[tuple[str, int], ...]] = field(default_factory=dict)
    #: Translated builds: the pages held back because a message of today's English has no
    #: current translation, with the first such message (:mod:`.gate`).
    untranslated: dict[str, str] = field(default_factory=dict)

    def purge(self, docname: str) -> None:
        self.meta.pop(docname, None)
        self.blocks.pop(docname, None)
        self.citations.pop(docname, None)
        self.labels.pop(docname, None)
        self.untranslated.pop(docname, None)

    def merge(self, docnames: Set[str], other: ContentState) -> None:
        for docname in docnames:
            if docname in other.meta:
                self.meta[docname] = other.meta[docname]
            if docname in other.blocks:
                self.blocks[docname] = other.blocks[docname]
            if docname in other.citations:
                self.citations[docname] = other.citations[docname]
            if docname in other.labels:
                self.labels[docname] = other.labels[docname]
            if docname in other.untranslated:
                self.untranslated[docname] = other.untranslated[docname]

    def block(self, block_id: str) -> Block | None:
        """The block with this ID, on whichever page it is."""
        for blocks in self.blocks.values():
            for block in blocks:
                if block.id == block_id:
                    return block
        return None


def content_state(env: BuildEnvironment) -> ContentState:
    """The records kept in ``env`` (made empty the first time a build asks)."""
    state = getattr(env, _ATTRIBUTE, None)
    if state is None:
        state = ContentState()
        setattr(env, _ATTRIBUTE, state)
    return state


def ancestors(node: nodes.Node) -> Iterator[nodes.Element]:
    parent = node.parent
    while parent is not None:
        yield parent
        parent = parent.parent


def is_references(node: nodes.Node) -> bool:
    """Whether ``node`` is, or is inside, a page's list of references."""
    return any(
        isinstance(n, nodes.section) and "references" in n["classes"]
        for n in (node, *ancestors(node))
    )


def headline(section: nodes.Element) -> str:
    """The text of a section's heading ('' if it has none)."""
    title = section.next_node(nodes.title)
    return title.astext() if title is not None else ""


def body(section: nodes.Element) -> list[nodes.Node]:
    """A section's content without its heading."""
    return [c for c in section.children if not isinstance(c, nodes.title)]


def page_summary(doctree: nodes.document, meta: PageMeta) -> str:
    """The summary shown under a page's title, as translated; the front matter's if none."""
    for paragraph in doctree.findall(nodes.paragraph):
        if "page-summary" in paragraph["classes"]:
            return str(paragraph.astext())
    return meta.summary


def explicit_label(section: nodes.Element, document: nodes.document) -> str | None:
    """The ``(label)=`` an author put before this heading or box, if any."""
    for name in section["names"]:
        if document.nametypes.get(name) and document.nameids.get(name) in section["ids"]:
            return str(document.nameids[name])
    return None


def _check_shape(block: Block, section: nodes.Element) -> None:
    content = body(section)
    lists = [n for n in content if isinstance(n, nodes.bullet_list)]
    where = (block.docname, block.line)
    if block.type == "faq":
        if not block.title.endswith(QUESTION_MARKS):
            report(
                Code.BLOCK,
                f"'{block.id}' is a FAQ block, so its heading must be the "
                f"question, ending with '?'; got '{block.title}'",
                where,
            )
        if not any(isinstance(n, nodes.paragraph) for n in content):
            report(
                Code.BLOCK,
                f"the FAQ '{block.id}' has no answer. Write the answer as "
                "paragraphs under the question",
                where,
            )
    elif block.type == "checklist" and not lists:
        report(
            Code.BLOCK,
            f"'{block.id}' is a checklist, so it needs a bullet list of questions",
            where,
        )
    elif block.type == "term" and not any(isinstance(n, nodes.paragraph) for n in content):
        report(
            Code.BLOCK,
            f"the glossary entry '{block.id}' has no explanation. Write it as a paragraph "
            "under the term",
            where,
        )
    elif block.type == "urgent" and not isinstance(section, urgent):
        report(
            Code.BLOCK,
            f"the label '{block.id}' starts with 'urgent-', which names an urgent-help box. "
            "Put it before a ```{urgent}``` box, or rename the label",
            where,
        )
    elif block.type == "key-facts":
        items = sum(len(lst.children) for lst in lists)
        if not 5 <= items <= 7:
            report(
                Code.BLOCK,
                f"key facts must be a bullet list of 5 to 7 points; found {items}",
                where,
            )


def _is_block(node: nodes.Node) -> bool:
    return isinstance(node, nodes.section | urgent)


def _blocks(doctree: nodes.document) -> Iterator[nodes.Element]:
    """The sections and urgent-help boxes of a page, in reading order."""
    for node in doctree.findall(_is_block):
        assert isinstance(node, nodes.Element)  # noqa: S101 - what _is_block found
        yield node


def find_blocks(
    doctree: nodes.document, docname: str, declared: tuple[tuple[str, int], ...] = ()
) -> tuple[Block, ...]:
    """Every labelled section and urgent-help box of a page, checked, in reading order; an
    unlabelled ``##`` section or box is reported (unless the author did label it, with a
    label used twice: that is reported as such)."""
    found = []
    previous = 0
    for node in _blocks(doctree):
        depth = sum(1 for a in ancestors(node) if isinstance(a, nodes.section))
        box = isinstance(node, urgent)
        if (depth == 0 and not box) or is_references(node):
            continue
        title = node.next_node(nodes.title)
        heading = headline(node)
        line = (title.line if title is not None else None) or node.line
        label = explicit_label(node, doctree)
        labelled_twice = any(previous < at < (line or 0) for _, at in declared)
        previous = line or previous
        if label is None:
            if (depth == 1 or box) and not labelled_twice:
                report(Code.BLOCK, _unlabelled(heading, box=box), (docname, line))
            continue
        if label in RESERVED_IDS:
            report(Code.BLOCK, f"the label '{label}' is reserved; choose another", (docname, line))
        elif label.startswith(RESERVED_PREFIXES):
            report(
                Code.BLOCK,
                f"the label '{label}' starts like the anchors of citations "
                f"({', '.join(RESERVED_PREFIXES)}); choose another",
                (docname, line),
            )
        kind = block_type(label)
        if box and kind != "urgent":
            report(
                Code.BLOCK,
                f"an urgent-help box needs a label that starts with 'urgent-'; got '{label}'",
                (docname, line),
            )
            kind = "urgent"
        block = Block(label, kind, docname, heading, line, depth)
        _check_shape(block, node)
        found.append(block)
    return tuple(found)


def _unlabelled(heading: str, *, box: bool) -> str:
    if box:
        return (
            f"the urgent-help box '{heading}' has no label. Put a line like "
            "'(urgent-my-box)=' before it: the label is the box's stable ID in every product"
        )
    return (
        f"the section '{heading}' has no label. Put a line like '(my-section-id)=' before "
        "its heading: the label is the section's stable ID in every product"
    )


def cited_keys(doctree: nodes.document) -> tuple[str, ...]:
    """The keys of the page's reference list, in the order the page first cites them."""
    for section in doctree.findall(nodes.section):
        if "references" in section["classes"]:
            return tuple(str(item["citekey"]) for item in section.findall(nodes.list_item))
    return ()


class ContentCollector(EnvironmentCollector):
    """Records each page's blocks and citations as it is read (front matter is recorded
    earlier, when the source is read: see :mod:`.frontmatter`)."""

    def clear_doc(self, app: Sphinx, env: BuildEnvironment, docname: str) -> None:
        content_state(env).purge(docname)

    def merge_other(
        self, app: Sphinx, env: BuildEnvironment, docnames: Set[str], other: BuildEnvironment
    ) -> None:
        content_state(env).merge(docnames, content_state(other))

    def process_doc(self, app: Sphinx, doctree: nodes.document) -> None:
        env = app.env
        state = content_state(env)
        declared = state.labels.get(env.docname, ())
        state.blocks[env.docname] = find_blocks(doctree, env.docname, declared)
        state.citations[env.docname] = cited_keys(doctree)
        _note_catalog(app, env)


def _note_catalog(app: Sphinx, env: BuildEnvironment) -> None:
    """Make a translated page depend on its compiled catalog, so that a changed translation
    is read again on the next build while unchanged pages come from the cache."""
    lang = app.config.language or "en"
    if lang == "en":
        return
    for folder in app.config.locale_dirs:
        mo = Path(app.srcdir, folder) / lang / "LC_MESSAGES" / f"{env.docname}.mo"
        if mo.is_file():
            env.note_dependency(str(mo))


def record_labels(app: Sphinx, docname: str, source: list[str]) -> None:
    """Note every label the author wrote, where it was written, before MyST reads it."""
    content_state(app.env).labels[docname] = tuple(declared_labels(source[0]))


def check_ids(app: Sphinx, env: BuildEnvironment) -> None:
    """On every build: no two pages or labels share an ID (both places are named)."""
    state = content_state(env)
    claims = []
    for docname in sorted(env.found_docs):
        path = shown_path(env.doc2path(docname))
        meta = state.meta.get(docname)
        kinds = {b.id: b.type for b in state.blocks.get(docname, ())}
        claims.append(Claim(docname, "page", path, meta.lines.get("id") if meta else None))
        claims.extend(
            Claim(label, kinds.get(label, "label"), path, line)
            for label, line in state.labels.get(docname, ())
        )
    docnames = {shown_path(env.doc2path(d)): d for d in env.found_docs}
    for problem in collisions(claims):
        location = (docnames[str(problem.path)], problem.line)
        report(Code.DUPLICATE_ID, problem.message, location, error=True)


def setup(app: Sphinx) -> None:
    app.connect("source-read", record_labels)
    app.add_env_collector(ContentCollector)
    app.connect("env-check-consistency", check_ids)
