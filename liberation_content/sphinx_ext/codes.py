"""The warning codes the extension reports, and the one way it reports a problem.

Every problem is logged through Sphinx with a code, so it reads
``content/page.md:12: ... [liberation.<code>]`` and can be silenced with
``suppress_warnings = ["liberation.<code>"]``.
"""

from __future__ import annotations

import enum
from typing import Any

from sphinx.util import logging

from liberation_content.errors import shown_path

__all__ = ["CODE_HELP", "Code", "in_file", "report"]

logger = logging.getLogger("liberation_content")


class Code(enum.StrEnum):
    """Warning codes; silence one with ``suppress_warnings = ["liberation.<code>"]``."""

    METADATA = "metadata"
    REVIEW_OVERDUE = "review-overdue"
    RAW_HTML = "raw-html"
    CITATION = "citation"
    BLOCK = "block"
    DUPLICATE_ID = "duplicate-id"
    READABILITY = "readability"
    UNSAFE_URL = "unsafe-url"
    UNSUPPORTED = "unsupported"
    LEAFLET = "leaflet"
    NOT_ALLOWED = "not-allowed"


CODE_HELP: dict[Code, str] = {
    Code.METADATA: "The front matter is missing, malformed or wrong (an error), or the page "
    "heading differs from its title.",
    Code.REVIEW_OVERDUE: "A page's next_review_due date has passed. Review it and update the "
    "dates; pages also show a notice until then.",
    Code.RAW_HTML: "Raw HTML in content or a translation (an error). It is removed from every "
    "product.",
    Code.CITATION: "A {cite} key that is not in references.toml (an error), or a page whose "
    "'sources' and citations disagree.",
    Code.BLOCK: "A section or urgent-help box without a label, a reserved label, or a block "
    "of the wrong shape (a FAQ heading that is not a question, key facts that are not 5 to "
    "7 points, a glossary entry with no explanation).",
    Code.DUPLICATE_ID: "Two pages or blocks with the same ID (an error): page and block IDs "
    "share one namespace, because each is a JSON file, an anchor and a leaflet key. Both "
    "places are named.",
    Code.READABILITY: "A page above grade 8, or key facts, a checklist, a FAQ answer, a "
    "glossary entry or an urgent-help box above grade 7 (Flesch-Kincaid).",
    Code.UNSAFE_URL: "A link or image address that is not allowed in content.",
    Code.UNSUPPORTED: "Markup the snippets and leaflets cannot show as it is meant (an "
    "error), such as a footnote or a formula: write it another way.",
    Code.LEAFLET: "A leaflet definition that names a block that does not exist (an error).",
    Code.NOT_ALLOWED: "A directive or role content may not use (an error): anything that "
    "would read a file, fetch an address, pass raw markup through or add a meta tag, and "
    "anything the pages do not need. The message says what to write instead.",
}


def in_file(path: object, line: int | None) -> str:
    """The location of a problem in a file that is not a page (references.toml, a leaflet
    definition), as ``report`` takes it: always with a line (the first, if none is known),
    since Sphinx would take a bare path for the name of a page."""
    return f"{shown_path(str(path))}:{line or 1}"


def report(code: Code, message: str, location: Any, *, error: bool = False) -> None:
    """Log a coded problem at a location: ``(docname, line)`` on a page, a node,
    :func:`in_file` for another file, or ``None``."""
    log = logger.error if error else logger.warning
    log(message, type="liberation", subtype=str(code), location=location)
