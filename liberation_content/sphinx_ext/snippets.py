"""JSON snippets, written from the same resolved doctree the HTML page is written from.

While the HTML builder writes a page, :meth:`Snippets.collect` turns the page and each of
its labelled blocks (the collector's records) into a snippet document, written by the one
:mod:`.writer`; the page's JSON-LD is made from the same document; when the build has
succeeded, :meth:`Snippets.write` saves them, one file per ID.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from docutils import nodes
from markupsafe import Markup
from sphinx.application import Sphinx

from liberation_content.files import write_json
from liberation_content.model import snippet
from liberation_content.model.dates import review_day
from liberation_content.model.history import HISTORY_FILE, History, load_history, text_digest
from liberation_content.model.ids import ITEM_TYPES
from liberation_content.model.languages import SOURCE_LANGUAGE
from liberation_content.model.review import REVIEW_NOTES, review_record
from liberation_content.model.urls import is_web_address

from .citations import bibliography, label
from .collector import Block, body, content_state, headline, page_summary
from .config import settings
from .gate import translation_state
from .writer import Fragment, render

__all__ = ["Snippets", "checklist_items", "json_ld", "page_url", "review_of"]

TYPE_CHECKING = False
if TYPE_CHECKING:
    from liberation_content.model.frontmatter import PageMeta


def page_url(app: Sphinx, docname: str) -> str:
    """The canonical address of a page in the language being built."""
    return f"{settings(app.config).site_url}{app.config.language or 'en'}/{docname}.html"


def review_of(app: Sphinx, metas: list[PageMeta], lang: str) -> dict[str, str]:
    """What a reader is told of the review of one page, or of several printed together
    (the least reviewed of them, and the earliest dates), in ``lang``."""
    order = list(REVIEW_NOTES)
    weakest = min(metas, key=lambda m: order.index(m.review_status))
    names = dict.fromkeys(m.reviewed_by for m in metas if m.review_status == weakest.review_status)
    return review_record(
        weakest.review_status,
        ", ".join(names),
        published=min(m.last_reviewed for m in metas),
        due=min(m.next_review_due for m in metas),
        lang=lang,
        translate=lambda message: label(app, message) if lang != SOURCE_LANGUAGE else message,
    )


def checklist_items(
    children: list[nodes.Node], fragment: Callable[[list[nodes.Node]], Fragment]
) -> list[dict[str, str]]:
    """The points of a checklist or the key facts (each item of its lists), as HTML and
    text; ``fragment`` writes one item."""
    found = []
    for child in children:
        if isinstance(child, nodes.bullet_list | nodes.enumerated_list):
            for item in child.children:
                written = fragment(list(item.children))
                markup = written.html.removeprefix("<p>").removesuffix("</p>")
                found.append({"html": markup, "text": written.text})
    return found


class PageDocuments:
    """The snippet documents of one written page: the page itself and each of its blocks."""

    def __init__(self, app: Sphinx, doctree: nodes.document, docname: str) -> None:
        config = settings(app.config)
        state = content_state(app.env)
        self.doctree, self.docname = doctree, docname
        self.meta = state.meta[docname]
        self.blocks = state.blocks.get(docname, ())
        self.translation_status = translation_state(app.env, docname)
        complete = self.translation_status == "complete"
        # The language the text is really in: English where the translation is held back.
        self.lang = (app.config.language or SOURCE_LANGUAGE) if complete else SOURCE_LANGUAGE
        self.translation = config.translators.get(docname)
        self.review = review_of(app, [self.meta], self.lang)
        self.url = page_url(app, docname)
        refs = bibliography(app)
        order = state.citations.get(docname, ())
        self.numbers = {key: number for number, key in enumerate(order, start=1)}
        self.references = [
            {"number": number, **refs[key].as_json()} for key, number in self.numbers.items()
        ]

    def fragment(self, children: list[nodes.Node], heading_level: int) -> Fragment:
        return render(
            children, page_url=self.url, numbers=self.numbers, heading_level=heading_level
        )

    def _document(self, **fields: Any) -> dict[str, Any]:
        return snippet.document(
            self.meta,
            lang=self.lang,
            translation_status=self.translation_status,
            translation=self.translation,
            review=self.review,
            **fields,
        )

    def section_entry(self, block: Block, position: int) -> tuple[dict[str, Any], list[str]]:
        section = self.doctree.ids[block.id]
        fragment = self.fragment(body(section), block.depth + 2)
        entry = {
            "id": block.id,
            "type": block.type,
            "position": position,
            "headline": headline(section),
            "html": fragment.html,
            "text": fragment.text,
        }
        return entry, fragment.cited

    def items(self, block: Block) -> list[dict[str, str]]:
        """The points of a checklist or the key facts, each as HTML and text."""
        return checklist_items(
            body(self.doctree.ids[block.id]), lambda item: self.fragment(item, 3)
        )

    def block_document(self, block: Block, entry: dict[str, Any], cited: list[str]) -> Any:
        by_key = {r["key"]: r for r in self.references}
        return self._document(
            id=block.id,
            type=block.type,
            title=entry["headline"],
            url=f"{self.url}#{block.id}",
            summary=snippet.first_sentence(entry["text"]),
            sections=[{**entry, "position": 1}],
            faq=[snippet.faq_entry(entry)] if block.type == "faq" else [],
            items=self.items(block) if block.type in ITEM_TYPES else [],
            references=[by_key[k] for k in dict.fromkeys(cited) if k in by_key],
        )

    def build(self, history: History, today: str) -> dict[str, dict[str, Any]]:
        """Every snippet of the page: each labelled block, then the page itself, each
        dated by the day its text last changed (``history``; ``today`` if not recorded)."""
        documents = self._build()
        for snippet_id, document in documents.items():
            digest = text_digest(snippet.published(document))
            change = history.recorded(snippet_id, self.lang, digest)
            document["dateModified"] = change.date if change else today
        return documents

    def _build(self) -> dict[str, dict[str, Any]]:
        top = next(iter(self.doctree.findall(nodes.section)))
        summary = page_summary(self.doctree, self.meta)
        documents: dict[str, dict[str, Any]] = {}
        sections: list[dict[str, Any]] = []
        faq: list[dict[str, Any]] = []
        for block in self.blocks:
            entry, cited = self.section_entry(block, len(sections) + 1)
            if block.is_page_section:
                sections.append(entry)
            if block.type == "faq":
                faq.append(snippet.faq_entry(entry))
            documents[block.id] = self.block_document(block, entry, cited)
        documents[self.docname] = self._document(
            id=self.docname,
            type="page",
            title=headline(top) or self.meta.title,
            url=self.url,
            summary=summary,
            sections=sections,
            faq=faq,
            references=self.references,
        )
        return documents


def _snapshot(doctree: nodes.document) -> nodes.document:
    """A copy of a resolved doctree, with its index of IDs (a plain copy has none)."""
    copy = doctree.deepcopy()
    for node in copy.findall(nodes.Element):
        for node_id in node["ids"]:
            copy.ids[node_id] = node
    return copy


class Snippets:
    """The snippet documents of the pages written in one build, and their doctrees (the
    leaflets are composed from the same ones)."""

    def __init__(self) -> None:
        self.documents: dict[str, dict[str, dict[str, Any]]] = {}
        self.doctrees: dict[str, nodes.document] = {}
        #: The record of when each text changed, read once per build.
        self.history: History | None = None

    def collect(self, app: Sphinx, doctree: nodes.document, docname: str) -> None:
        """Make the page's snippet documents while the HTML builder writes it (only when the
        build asked for snippets: other builders assemble doctrees of their own)."""
        wanted = app.builder.name == "html" and settings(app.config).json_outdir
        if not wanted or docname not in content_state(app.env).meta:
            return
        if not any(True for _ in doctree.findall(nodes.section)):
            return
        # Kept as it is now: the HTML writer changes the tree as it writes (it adds the
        # headings of notes), and the leaflets are composed from the tree the snippets saw.
        self.doctrees[docname] = _snapshot(doctree)
        config = settings(app.config)
        if self.history is None:
            path = Path(config.history) if config.history else Path(app.srcdir) / HISTORY_FILE
            self.history = load_history(path.parent) if path.is_file() else History(path)
        today = review_day(config.today)
        self.documents[docname] = PageDocuments(app, doctree, docname).build(self.history, today)

    def doctree(self, app: Sphinx, docname: str) -> nodes.document:
        """The resolved doctree of a page: the one written in this build, or (for a page
        not written again, in a preview) the one Sphinx keeps in its cache."""
        if docname not in self.doctrees:
            doctree = app.env.get_and_resolve_doctree(docname, app.builder, tags=app.builder.tags)
            self.collect(app, doctree, docname)
            self.doctrees.setdefault(docname, doctree)
        return self.doctrees[docname]

    def page(self, docname: str) -> dict[str, Any] | None:
        return self.documents.get(docname, {}).get(docname)

    def write(self, app: Sphinx, exception: BaseException | None) -> None:
        """After a successful build, save one JSON file per snippet ID."""
        outdir = settings(app.config).json_outdir
        if exception is not None or not outdir:
            return  # (a build with problems is discarded whole by the build's staging)
        target = Path(outdir)
        target.mkdir(parents=True, exist_ok=True)
        # A page written again may have lost a block (in a preview, which builds in place):
        # its old snippet must not outlive it.
        for old in target.glob("*.json"):
            try:
                page = json.loads(old.read_text(encoding="utf-8")).get("page")
            except (OSError, ValueError):
                continue
            if page in self.documents and old.stem not in self.documents[page]:
                old.unlink()
        for documents in self.documents.values():
            for snippet_id, document in sorted(documents.items()):
                write_json(target / f"{snippet_id}.json", snippet.published(document))


def json_ld(page: dict[str, Any] | None, about: str = "") -> Markup | None:
    """schema.org MedicalWebPage (with FAQPage for questions) for a page's <head>, in the
    page's language: ``about`` names the procedure in it."""
    if page is None:
        return None
    contributors = {"@type": "Organization", "name": "liberation-content contributors"}
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "name": page["title"],
        "description": page["summary"],
        "inLanguage": page["lang"],
        "lastReviewed": page["lastReviewed"],
        "dateModified": page["dateModified"],
        "version": page["version"],
        "license": page["license"]["url"],
        "author": contributors,
        "publisher": contributors,
        "about": {"@type": "MedicalProcedure", "name": about},
        "citation": [r["url"] for r in page["references"]],
    }
    # Only a review that took place is named: a draft names no reviewer.
    if page["reviewStatus"] != "draft" and page["reviewedBy"]:
        data["reviewedBy"] = {"@type": "Organization", "name": page["reviewedBy"]}
    if is_web_address(page["url"]):  # never an address relative to nothing
        data["url"] = page["url"]
    if page["faq"]:
        data["mainEntity"] = {
            "@type": "FAQPage",
            "mainEntity": [
                {
                    "@type": "Question",
                    "name": q["question"],
                    "acceptedAnswer": {"@type": "Answer", "text": q["answer_text"]},
                }
                for q in page["faq"]
            ],
        }
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    # Inside <script>, "<" could end the element: write it as a JSON escape instead.
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)  # noqa: S704 - JSON with every markup character escaped
