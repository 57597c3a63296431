"""What the extension remembers per document, and the warning codes it reports."""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sphinx.util import logging

from liberation_content.pipeline.frontmatter import PageMeta

logger = logging.getLogger("liberation_content")


class Code(enum.StrEnum):
    """Warning codes; silence one with ``suppress_warnings = ["liberation.<code>"]``."""

    METADATA = "metadata"
    REVIEW_OVERDUE = "review-overdue"
    RAW_HTML = "raw-html"
    CITATION = "citation"
    BLOCK = "block"
    READABILITY = "readability"
    UNSAFE_URL = "unsafe-url"


CODE_HELP: dict[Code, str] = {
    Code.METADATA: "The front matter is missing, malformed or wrong (an error), or the page "
    "heading differs from its title.",
    Code.REVIEW_OVERDUE: "A page's next_review_due date has passed. Review it and update the "
    "dates; pages also show a notice until then.",
    Code.RAW_HTML: "Raw HTML in content or a translation (an error). It is removed from every "
    "product.",
    Code.CITATION: "A {cite} key that is not in references.toml (an error), or a page whose "
    "'sources' and citations disagree.",
    Code.BLOCK: "A section without a label, a reserved label, or a block of the wrong shape "
    "(a FAQ heading that is not a question, key facts that are not 5 to 7 points).",
    Code.READABILITY: "A page above grade 9, or key facts, a checklist or a FAQ answer above "
    "grade 8 (Flesch-Kincaid).",
    Code.UNSAFE_URL: "A link or image address that is not allowed in content.",
}


def report(code: Code, message: str, location: Any, *, error: bool = False) -> None:
    """Log a coded problem at a location ``(docname, line)`` or a node."""
    log = logger.error if error else logger.warning
    log(message, type="liberation", subtype=str(code), location=location)


@dataclass
class Block:
    """A labelled, reusable piece of a page: its ID is its JSON key and HTML anchor."""

    id: str
    type: str
    docname: str
    title: str
    line: int | None


@dataclass
class ContentState:
    """Per-document facts gathered while reading; merged across parallel readers."""

    meta: dict[str, PageMeta] = field(default_factory=dict)
    blocks: dict[str, list[Block]] = field(default_factory=dict)

    def purge(self, docname: str) -> None:
        self.meta.pop(docname, None)
        self.blocks.pop(docname, None)

    def merge(self, docnames: set[str], other: ContentState) -> None:
        for docname in docnames:
            if docname in other.meta:
                self.meta[docname] = other.meta[docname]
            if docname in other.blocks:
                self.blocks[docname] = other.blocks[docname]


def content_state(env: Any) -> ContentState:
    if not hasattr(env, "liberation_state"):
        env.liberation_state = ContentState()
    state: ContentState = env.liberation_state
    return state


def today(config: Any) -> dt.date:
    """The date reviews are judged against: the config, SOURCE_DATE_EPOCH, or today."""
    from liberation_content.pipeline.options import review_day  # noqa: PLC0415

    return dt.date.fromisoformat(review_day(config.liberation_today))


def setup(app: Any) -> None:
    app.connect("doctree-read", note_catalog)

    def purge(app: Any, env: Any, docname: str) -> None:
        content_state(env).purge(docname)

    def merge(app: Any, env: Any, docnames: set[str], other: Any) -> None:
        content_state(env).merge(docnames, content_state(other))

    app.connect("env-purge-doc", purge)
    app.connect("env-merge-info", merge)


def label(app: Any) -> Any:
    """The interface messages in the language being built (English where not translated)."""
    labels: dict[str, str] = app.config.liberation_labels
    return lambda message: labels.get(message, message)


def note_catalog(app: Any, doctree: Any) -> None:
    """Make a page depend on its compiled catalog, so that a changed translation is read
    again on the next build while unchanged pages come from the cache."""
    lang = app.config.language or "en"
    if lang == "en":
        return
    for folder in app.config.locale_dirs:
        mo = Path(app.srcdir, folder) / lang / "LC_MESSAGES" / f"{app.env.docname}.mo"
        if mo.is_file():
            app.env.note_dependency(str(mo))
