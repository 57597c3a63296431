"""What the runtime API hands out: a snippet (a frozen dataclass) and its parts (named
tuples: small values an app may also unpack, such as ``for html, text in snippet.items``),
and the fixed words of the snippet JSON (the kinds of snippet, the states of a translation)
as enums, each defined here once. All of them are read-only.

Standard library only: ``import liberation_content`` loads it. The build reads the kinds
of snippet from here too (``model/ids.py``), and the JSON schemas in ``schemas/`` list the
same words for apps; the tests hold the schemas to these enums.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass
from typing import Any, NamedTuple

__all__ = [
    "FaqEntry",
    "Item",
    "Reference",
    "Section",
    "Snippet",
    "SnippetType",
    "TranslationStatus",
]


class SnippetType(enum.StrEnum):
    """What a snippet is: a whole page, or a block of one kind. A member is also its
    string, so ``snippet.type == "faq"`` holds for a FAQ."""

    PAGE = "page"
    SECTION = "section"
    FAQ = "faq"
    CHECKLIST = "checklist"
    KEY_FACTS = "key-facts"
    TERM = "term"
    URGENT = "urgent"


class TranslationStatus(enum.StrEnum):
    """How the text of a snippet stands against the language that was asked for."""

    #: The text is in the language asked for.
    COMPLETE = "complete"
    #: (In the JSON files and the manifest.) The translation is behind the English: the
    #: file holds the English text.
    OUTDATED = "outdated"
    #: (In the JSON files and the manifest.) There is no translation yet: the file holds
    #: the English text.
    MISSING = "missing"
    #: (From the API only.) The English text, given with ``fallback=True`` because the
    #: language asked for has no complete translation of the snippet.
    FALLBACK = "fallback"


#: Each member by its value: a lookup in a dict, for the snippets read (calling the enum is
#: several times slower, and a store reads every section of every snippet it serves).
_TYPES = {member.value: member for member in SnippetType}
_STATUSES = {member.value: member for member in TranslationStatus}


def _snippet_type(value: str) -> SnippetType:
    return _TYPES.get(value) or SnippetType(value)  # an unknown value: the enum's error


class Section(NamedTuple):
    """A labelled section: its ID, kind, place on the page, heading, HTML and text."""

    id: str
    type: SnippetType
    position: int
    headline: str
    html: str
    text: str


class FaqEntry(NamedTuple):
    """A question and its answer, as sanitized HTML and as plain text."""

    id: str
    question: str
    answer_html: str
    answer_text: str


class Item(NamedTuple):
    """One point of a checklist or of the key facts."""

    html: str
    text: str


class Reference(NamedTuple):
    """A cited source, numbered as on the page."""

    number: int
    key: str
    kind: str
    citation: str
    url: str
    year: int
    doi: str | None = None
    pmid: str | None = None
    #: Where the source was first published, when ``url`` is an archived copy of it.
    original_url: str | None = None


@dataclass(frozen=True, slots=True)
class Snippet:
    """A page or a block in one language, read-only. ``lang`` is the language the text is
    really in; ``requested_lang`` is the language tag that was asked for."""

    id: str
    type: SnippetType
    page: str
    lang: str
    requested_lang: str
    title: str
    summary: str
    url: str
    sections: tuple[Section, ...]
    faq: tuple[FaqEntry, ...]
    items: tuple[Item, ...]
    references: tuple[Reference, ...]
    version: str
    last_reviewed: dt.date
    review_due: dt.date
    review_status: str
    reviewed_by: str
    license: str
    license_url: str
    attribution: str
    #: ``complete``, or ``fallback`` when this is the English text given in place of a
    #: translation (``fallback=True``).
    translation_status: TranslationStatus
    #: The JSON document as read (for a fallback, the English one).
    data: dict[str, Any]
    #: The direction of the text, ``ltr`` or ``rtl``: set it on the element you show it in.
    dir: str = "ltr"
    #: The name of the text's language, in that language (``Français``).
    lang_name: str = ""
    #: The day the text (in this language) last changed.
    date_modified: dt.date | None = None
    #: Who translated the text (``by``, ``machineAssisted``, ``reviewedBy``); ``None`` for
    #: the English source.
    translation: dict[str, Any] | None = None
    #: What a reader is told of the review, in the snippet's language: ``note``, ``by``,
    #: ``checkedBy``, ``dates`` (show them with the text), ``status``, ``published``,
    #: ``nextReview``.
    review: dict[str, str] | None = None

    @property
    def is_fallback(self) -> bool:
        """True when the text is the English given in place of the language asked for."""
        return self.translation_status == TranslationStatus.FALLBACK

    @property
    def html(self) -> str:
        """All the snippet's sections as one HTML string (sanitized at build time)."""
        return "".join(section.html for section in self.sections)

    @property
    def text(self) -> str:
        """All the snippet's sections as plain text."""
        return "\n\n".join(section.text for section in self.sections)

    def review_overdue(self, today: dt.date | None = None) -> bool:
        """True once the review date has passed: show your readers a notice."""
        return (today or dt.date.today()) > self.review_due

    @classmethod
    def from_json(cls, data: dict[str, Any], requested_lang: str) -> Snippet:
        """The snippet of one JSON document. Fields that a newer build adds are kept in
        ``data`` and are not an error."""
        return cls(
            id=data["id"],
            type=_snippet_type(data["type"]),
            page=data["page"],
            lang=data["lang"],
            requested_lang=requested_lang,
            title=data["title"],
            summary=data["summary"],
            url=data["url"],
            sections=tuple(_section(s) for s in data["sections"]),
            faq=tuple(
                FaqEntry(f["id"], f["question"], f["answerHtml"], f["answerText"])
                for f in data["faq"]
            ),
            items=tuple(Item(i["html"], i["text"]) for i in data["items"]),
            references=tuple(_reference(r) for r in data["references"]),
            version=data["version"],
            last_reviewed=dt.date.fromisoformat(data["lastReviewed"]),
            review_due=dt.date.fromisoformat(data["reviewDue"]),
            review_status=data["reviewStatus"],
            reviewed_by=data["reviewedBy"],
            license=data["license"]["id"],
            license_url=data["license"]["url"],
            attribution=data["attribution"],
            translation_status=_STATUSES.get(data["translationStatus"])
            or TranslationStatus(data["translationStatus"]),
            data=data,
            dir=data["dir"],
            lang_name=data["langName"],
            date_modified=dt.date.fromisoformat(data["dateModified"]),
            translation=data.get("translation"),
            review=data.get("review"),
        )


def _section(data: dict[str, Any]) -> Section:
    return Section(
        data["id"],
        _snippet_type(data["type"]),
        data["position"],
        data["headline"],
        data["html"],
        data["text"],
    )


def _reference(data: dict[str, Any]) -> Reference:
    return Reference(
        data["number"],
        data["key"],
        data["kind"],
        data["citation"],
        data["url"],
        data["year"],
        data.get("doi"),
        data.get("pmid"),
        data.get("originalUrl"),
    )
