"""The runtime API: the prebuilt JSON snippets shipped in the package, read lazily.

Standard library only. Files are read on first use and kept; loading is guarded by a lock
so that threads share one copy.
"""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any, NamedTuple

from liberation_content.errors import (
    LiberationError,
    UnknownLanguageError,
    UnknownSnippetError,
    did_you_mean,
)

TYPE_CHECKING = False  # typing, pathlib and difflib are imported only when needed: import time
if TYPE_CHECKING:
    from pathlib import Path

__all__ = [
    "FaqEntry",
    "Item",
    "Reference",
    "Section",
    "Snippet",
    "get",
    "ids",
    "languages",
    "manifest",
    "where",
]

_lock = threading.Lock()
_manifest: dict[str, Any] | None = None
_cache: dict[tuple[str, str], Snippet] = {}
_folder: Path | None = None


class Section(NamedTuple):
    """A labelled section: its ID, kind, place on the page, heading, HTML and text."""

    id: str
    type: str
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


class Snippet(NamedTuple):
    """A page or a block in one language. ``lang`` is the language the text is really in."""

    id: str
    type: str
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
    translation_status: str
    data: dict[str, Any]
    #: Who translated the text (``by``, ``machine_assisted``, ``reviewed_by``); ``None`` for
    #: the English source.
    translation: dict[str, Any] | None = None

    @property
    def is_fallback(self) -> bool:
        """True when the text is not in the language that was asked for."""
        return self.lang != self.requested_lang

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
        return cls(
            id=data["id"],
            type=data["type"],
            page=data["page"],
            lang=data["lang"],
            requested_lang=requested_lang,
            title=data["title"],
            summary=data["summary"],
            url=data["url"],
            sections=tuple(Section(**s) for s in data["sections"]),
            faq=tuple(FaqEntry(**f) for f in data["faq"]),
            items=tuple(Item(**i) for i in data["items"]),
            references=tuple(Reference(**r) for r in data["references"]),
            version=data["version"],
            last_reviewed=dt.date.fromisoformat(data["lastReviewed"]),
            review_due=dt.date.fromisoformat(data["reviewDue"]),
            review_status=data["reviewStatus"],
            reviewed_by=data["reviewedBy"],
            license=data["license"]["id"],
            license_url=data["license"]["url"],
            attribution=data["attribution"],
            translation_status=data["translation_status"],
            data=data,
            translation=data.get("translation"),
        )


def where() -> Path:
    """The folder of the JSON files: ``index.json`` and one folder per language."""
    global _folder  # noqa: PLW0603 - found once, then kept
    if _folder is not None:
        return _folder
    from importlib.resources import files  # noqa: PLC0415 - keeps the import fast
    from pathlib import Path  # noqa: PLC0415

    folder = Path(str(files("liberation_content").joinpath("data")))
    if not (folder / "index.json").is_file():
        msg = (
            f"no snippet data in {folder}. The JSON is made when the package is built: "
            "install liberation-content from a wheel or with 'pip install .'"
        )
        raise LiberationError(msg)
    _folder = folder
    return folder


def _load_manifest() -> dict[str, Any]:
    global _manifest  # noqa: PLW0603 - the module-level cache is the point
    if _manifest is None:
        with _lock:
            if _manifest is None:
                import json  # noqa: PLC0415 - imported on first use: import time

                _manifest = json.loads((where() / "index.json").read_bytes())
    return _manifest


def manifest() -> dict[str, Any]:
    """The manifest: every ID, its type, dates, and per language its file and sha256."""
    import copy  # noqa: PLC0415

    return copy.deepcopy(_load_manifest())  # a copy the caller may change


def languages() -> list[str]:
    """The languages the content is published in; the first is the source language."""
    return list(_load_manifest()["languages"])


def ids(lang: str | None = None, type: str | None = None) -> list[str]:
    """Every snippet ID, sorted; only those complete in ``lang`` and of ``type`` if given."""
    snippets = _load_manifest()["snippets"]
    if lang is not None:
        _check_language(lang)
    return sorted(
        key
        for key, entry in snippets.items()
        if (type is None or entry["type"] == type)
        and (
            lang is None or entry["languages"].get(lang, {}).get("translation_status") == "complete"
        )
    )


def _check_language(lang: str) -> None:
    known = _load_manifest()["languages"]
    if lang not in known:
        hint = did_you_mean(lang, known, n=3, cutoff=0.3)
        msg = (
            f"the content is not published in '{lang}'.{hint} Published languages: "
            f"{', '.join(known)}"
        )
        raise UnknownLanguageError(msg)


def get(snippet_id: str, lang: str = "en", *, fallback: bool = False) -> Snippet:
    """The snippet ``snippet_id`` in ``lang``.

    If its translation is not complete, this raises :class:`UnknownLanguageError`; with
    ``fallback=True`` it returns the English text instead, and the result's ``lang`` is
    ``"en"`` (``is_fallback`` is true).
    """
    cached = _cache.get((snippet_id, lang))
    if cached is not None and (fallback or not cached.is_fallback):
        return cached
    snippets = _load_manifest()["snippets"]
    entry = snippets.get(snippet_id)
    if entry is None:
        hint = did_you_mean(snippet_id, snippets, n=3, cutoff=0.5)
        msg = f"there is no snippet '{snippet_id}'.{hint} liberation_content.ids() lists them all"
        raise UnknownSnippetError(msg)
    _check_language(lang)
    published = entry["languages"].get(lang)
    real = lang
    if published is None or published["translation_status"] != "complete":
        if not fallback:
            status = published["translation_status"] if published else "missing"
            msg = (
                f"'{snippet_id}' is not published in '{lang}' (translation {status}). "
                "Pass fallback=True to get the English text"
            )
            raise UnknownLanguageError(msg)
        real = _load_manifest()["source_lang"]
        published = entry["languages"][real]
    import json  # noqa: PLC0415

    with open(f"{where()}/{published['path']}", "rb") as handle:  # noqa: PTH123 - the fast path
        data = json.loads(handle.read())
    snippet = Snippet.from_json(data, requested_lang=lang)
    with _lock:
        _cache[(snippet_id, lang)] = snippet
    return snippet
