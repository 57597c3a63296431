"""JSON snippets, written from the same resolved doctree the HTML page is written from.

While the HTML builder writes a page, :func:`collect` turns the page and each of its
labelled blocks into a snippet document; the page's JSON-LD is made from the same
document; when the build has succeeded, :func:`write` saves them, one file per ID.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from docutils import nodes
from markupsafe import Markup

from liberation_content.pipeline.fragments import Renderer
from liberation_content.pipeline.frontmatter import PageMeta
from liberation_content.pipeline.sanitize import clean_html

from .checks import block_type, explicit_label
from .state import Code, content_state, report

SCHEMA_VERSION = "1.0"
LICENSE = {"id": "CC-BY-4.0", "url": "https://creativecommons.org/licenses/by/4.0/"}
_FIRST_SENTENCE = re.compile(r"^(.{20,200}?[.!?])(?:\s|$)", re.DOTALL)


def dumps(document: Any) -> str:
    """The one way JSON is written: sorted keys, stable spacing, UTF-8, final newline."""
    return json.dumps(document, ensure_ascii=False, sort_keys=True, indent=2) + "\n"


def _first_sentence(text: str) -> str:
    flat = " ".join(text.split())
    match = _FIRST_SENTENCE.match(flat)
    return match.group(1) if match else flat[:200]


def _references(top: nodes.section, refs: dict[str, Any]) -> list[dict[str, Any]]:
    found = []
    for section in top.findall(nodes.section):
        if "references" in section["classes"]:
            for number, item in enumerate(section.findall(nodes.list_item), start=1):
                key = str(item["citekey"])
                found.append({"number": number, **refs[key].as_json()})
    return found


class PageDocuments:
    """Builds the snippet documents of one page."""

    def __init__(self, app: Any, doctree: nodes.document, docname: str, meta: PageMeta):
        self.app, self.doctree, self.docname, self.meta = app, doctree, docname, meta
        self.translation_status = app.config.liberation_translation_status.get(docname, "complete")
        # The language the text is really in: English where the translation is held back.
        self.lang = (app.config.language or "en") if self.translation_status == "complete" else "en"
        site_lang = app.config.language or "en"
        self.page_url = f"{app.config.liberation_site_url}{site_lang}/{docname}.html"
        self.renderer = Renderer(self.page_url, on_dropped=self._dropped)

    def _dropped(self, node: nodes.Node, message: str) -> None:
        report(Code.UNSAFE_URL, message, node, error=True)

    def _fragment(self, children: list[nodes.Node], level: int) -> tuple[str, str, list[str]]:
        fragment = self.renderer.render(children, level)
        return clean_html(fragment.html), fragment.text, fragment.cited

    def _envelope(self, **fields: Any) -> dict[str, Any]:
        meta = self.meta
        title = fields["title"]
        return {
            "schema_version": SCHEMA_VERSION,
            "page": self.docname,
            "lang": self.lang,
            "source_lang": "en",
            "dateModified": meta.last_reviewed.isoformat(),
            "lastReviewed": meta.last_reviewed.isoformat(),
            "reviewDue": meta.next_review_due.isoformat(),
            "reviewStatus": meta.review_status,
            "reviewedBy": meta.reviewed_by,
            "version": meta.version,
            "license": LICENSE,
            "attribution": f"\u201c{title}\u201d, liberation-content contributors, "
            f"CC BY 4.0, {fields['url']}",
            "translation_status": self.translation_status,
            "translation": (
                self.app.config.liberation_translators.get(self.docname)
                if self.lang != "en"
                else None
            ),
            "items": [],
            "faq": [],
            **fields,
        }

    def _section(
        self, section: nodes.section, label: str, position: int, level: int
    ) -> tuple[dict[str, Any], list[str]]:
        title = section.next_node(nodes.title)
        body = [c for c in section.children if not isinstance(c, nodes.title)]
        markup, text, cited = self._fragment(body, level + 1)
        return {
            "id": label,
            "type": block_type(label),
            "position": position,
            "headline": title.astext() if title is not None else "",
            "html": markup,
            "text": text,
        }, cited

    def _faq(self, entry: dict[str, Any]) -> dict[str, Any]:
        return {
            "id": entry["id"],
            "question": entry["headline"],
            "answer_html": entry["html"],
            "answer_text": entry["text"],
        }

    def _items(self, section: nodes.section) -> list[dict[str, str]]:
        items = []
        for lst in section.children:
            if isinstance(lst, nodes.bullet_list | nodes.enumerated_list):
                for item in lst.children:
                    markup, text, _ = self._fragment(list(item.children), 3)
                    items.append(
                        {"html": markup.removeprefix("<p>").removesuffix("</p>"), "text": text}
                    )
        return items

    def build(self) -> dict[str, dict[str, Any]]:
        """Every snippet of the page: the page itself and each labelled block."""
        top = next(iter(self.doctree.findall(nodes.section)))
        refs = _references(top, _bibliography(self.app))
        by_key = {r["key"]: r for r in refs}
        title_node = top.next_node(nodes.title)
        title = title_node.astext() if title_node is not None else self.meta.title
        summary = next(
            (p.astext() for p in top.findall(nodes.paragraph) if "page-summary" in p["classes"]),
            self.meta.summary,
        )
        documents: dict[str, dict[str, Any]] = {}
        page_sections: list[dict[str, Any]] = []
        page_faq: list[dict[str, Any]] = []
        labelled = [
            s
            for s in top.findall(nodes.section)
            if s is not top and "references" not in s["classes"]
        ]
        for section in labelled:
            label = explicit_label(section, self.doctree)
            if label is None:
                continue
            depth = sum(1 for a in _ancestors(section) if isinstance(a, nodes.section))
            entry, cited = self._section(section, label, len(page_sections) + 1, depth + 1)
            kind = entry["type"]
            if depth == 1:
                page_sections.append(entry)
            if kind == "faq":
                page_faq.append(self._faq(entry))
            block_url = f"{self.page_url}#{label}"
            documents[label] = self._envelope(
                id=label,
                type=kind,
                title=entry["headline"],
                url=block_url,
                summary=_first_sentence(entry["text"]),
                sections=[{**entry, "position": 1}],
                faq=[self._faq(entry)] if kind == "faq" else [],
                items=self._items(section) if kind in {"checklist", "key-facts"} else [],
                references=[by_key[k] for k in dict.fromkeys(cited) if k in by_key],
            )
        documents[self.docname] = self._envelope(
            id=self.docname,
            type="page",
            title=title,
            url=self.page_url,
            summary=summary,
            sections=page_sections,
            faq=page_faq,
            references=refs,
        )
        return documents


def _ancestors(node: nodes.Node) -> list[nodes.Node]:
    found = []
    parent = node.parent
    while parent is not None:
        found.append(parent)
        parent = parent.parent
    return found


def _bibliography(app: Any) -> dict[str, Any]:
    from .metadata import references  # noqa: PLC0415 - avoids an import cycle

    return references(app)


def collect(app: Any, doctree: nodes.document, docname: str) -> None:
    """Make the page's snippet documents while the HTML builder writes it."""
    if app.builder.format != "html":
        return
    meta = content_state(app.env).meta.get(docname)
    if meta is None or not any(True for _ in doctree.findall(nodes.section)):
        return
    if not hasattr(app, "liberation_snippets"):
        app.liberation_snippets = {}
    app.liberation_snippets[docname] = PageDocuments(app, doctree, docname, meta).build()


def json_ld(app: Any, pagename: str) -> Markup | None:
    """schema.org MedicalWebPage (with FAQPage for questions) for a page's <head>."""
    page = getattr(app, "liberation_snippets", {}).get(pagename, {}).get(pagename)
    if page is None:
        return None
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "name": page["title"],
        "description": page["summary"],
        "url": page["url"],
        "inLanguage": page["lang"],
        "lastReviewed": page["lastReviewed"],
        "dateModified": page["dateModified"],
        "version": page["version"],
        "license": page["license"]["url"],
        "about": {
            "@type": "MedicalProcedure",
            "name": "Venous angioplasty for chronic cerebrospinal venous insufficiency",
        },
        "citation": [r["url"] for r in page["references"]],
    }
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


def write(app: Any, exception: BaseException | None) -> None:
    """After a successful build, save one JSON file per snippet ID."""
    outdir = app.config.liberation_json_outdir
    if exception is not None or not outdir:
        return  # (a build with warnings is discarded whole by the pipeline's staging)
    target = Path(outdir)
    target.mkdir(parents=True, exist_ok=True)
    written: dict[str, dict[str, Any]] = getattr(app, "liberation_snippets", {})
    # A page written again may have lost a block (in a preview, which builds in place):
    # its old snippet must not outlive it.
    for old in target.glob("*.json"):
        try:
            page = json.loads(old.read_text(encoding="utf-8")).get("page")
        except (OSError, ValueError):
            continue
        if page in written and old.stem not in written[page]:
            old.unlink()
    for documents in written.values():
        for snippet_id, document in sorted(documents.items()):
            (target / f"{snippet_id}.json").write_text(dumps(document), encoding="utf-8")


def setup(app: Any) -> None:
    app.add_config_value("liberation_json_outdir", "", "", str)
    # page -> complete | outdated | missing, for a translated build; English is complete.
    app.add_config_value("liberation_translation_status", {}, "env", dict)
    app.add_config_value("liberation_translators", {}, "env", dict)
    app.connect("doctree-resolved", collect)
    app.connect("build-finished", write)
