"""What the extension remembers per document, and the warning codes it reports."""

from __future__ import annotations

import datetime as dt
import enum
import os
from dataclasses import dataclass, field
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
    if config.liberation_today:
        return dt.date.fromisoformat(config.liberation_today)
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()
    return dt.datetime.now(tz=dt.UTC).date()


def setup(app: Any) -> None:
    def purge(app: Any, env: Any, docname: str) -> None:
        content_state(env).purge(docname)

    def merge(app: Any, env: Any, docnames: set[str], other: Any) -> None:
        content_state(env).merge(docnames, content_state(other))

    app.connect("env-purge-doc", purge)
    app.connect("env-merge-info", merge)
