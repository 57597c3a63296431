"""The runtime API: snippets read from a folder of prebuilt JSON, lazily.

Standard library only. A :class:`SnippetStore` reads one folder (``index.json`` and one
folder per language); files are read on first use and kept, and loading is guarded by a
lock so that threads share one copy. The module-level functions use the default store:
the JSON shipped in the package, or the folder :func:`where` names.
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

TYPE_CHECKING = False  # pathlib and difflib are imported only when needed: import time
if TYPE_CHECKING:
    import os
    from pathlib import Path

__all__ = [
    "DATA_VARIABLE",
    "FaqEntry",
    "Item",
    "Reference",
    "Section",
    "Snippet",
    "SnippetStore",
    "default_store",
    "get",
    "ids",
    "languages",
    "manifest",
    "where",
]

#: Set this to a folder of snippet JSON (such as ``build/json``) to read it instead of
#: the JSON shipped in the package.
DATA_VARIABLE = "LIBERATION_CONTENT_DATA"


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
    #: Where the source was first published, when ``url`` is an archived copy of it.
    original_url: str | None = None


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
    #: What a reader is told of the review, in the snippet's language: ``note``, ``by``,
    #: ``checked_by``, ``dates`` (show them with the text), ``status``, ``published``,
    #: ``next_review``.
    review: dict[str, str] | None = None

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
            sections=tuple(_known(Section, s) for s in data["sections"]),
            faq=tuple(_known(FaqEntry, f) for f in data["faq"]),
            items=tuple(_known(Item, i) for i in data["items"]),
            references=tuple(_known(Reference, r) for r in data["references"]),
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
            review=data.get("review"),
        )


def _known(kind: Any, data: dict[str, Any]) -> Any:
    """One entry of a snippet as ``kind``, from the fields this version knows: a field
    added by a newer build is kept in ``Snippet.data``, not an error."""
    return kind(**{name: value for name, value in data.items() if name in kind._fields})


class SnippetStore:
    """The snippets in one folder: ``index.json`` (the manifest) and one folder per language,
    as ``liberation-content build json`` writes them or as the site serves them under
    ``api/v1/``. Safe to share between threads."""

    def __init__(self, folder: str | os.PathLike[str]) -> None:
        from pathlib import Path  # noqa: PLC0415 - keeps the import of the package fast

        self.folder = Path(folder)
        self._prefix = str(self.folder)
        self._lock = threading.Lock()
        self._manifest: dict[str, Any] | None = None
        self._cache: dict[tuple[str, str], Snippet] = {}

    def __repr__(self) -> str:
        return f"SnippetStore({str(self.folder)!r})"

    def _load_manifest(self) -> dict[str, Any]:
        if self._manifest is None:
            with self._lock:
                if self._manifest is None:
                    import json  # noqa: PLC0415 - imported on first use: import time

                    index = self.folder / "index.json"
                    try:
                        self._manifest = json.loads(index.read_bytes())
                    except OSError:
                        msg = (
                            f"no snippet data in {self.folder} (no index.json). Build it with "
                            "'liberation-content build json', or point at a folder that has it"
                        )
                        raise LiberationError(msg) from None
        return self._manifest

    def manifest(self) -> dict[str, Any]:
        """The manifest: every ID, its type, dates, and per language its file and sha256."""
        import copy  # noqa: PLC0415

        return copy.deepcopy(self._load_manifest())  # a copy the caller may change

    def languages(self) -> list[str]:
        """The languages the content is published in; the first is the source language."""
        return list(self._load_manifest()["languages"])

    def ids(self, lang: str | None = None, type: str | None = None) -> list[str]:
        """Every snippet ID, sorted; only those complete in ``lang`` and of ``type`` if given."""
        snippets = self._load_manifest()["snippets"]
        if lang is not None:
            self._check_language(lang)
        return sorted(
            key
            for key, entry in snippets.items()
            if (type is None or entry["type"] == type)
            and (
                lang is None
                or entry["languages"].get(lang, {}).get("translation_status") == "complete"
            )
        )

    def _check_language(self, lang: str) -> None:
        known = self._load_manifest()["languages"]
        if lang not in known:
            hint = did_you_mean(lang, known, n=3, cutoff=0.3)
            msg = (
                f"the content is not published in '{lang}'.{hint} Published languages: "
                f"{', '.join(known)}"
            )
            raise UnknownLanguageError(msg)

    def get(self, snippet_id: str, lang: str = "en", *, fallback: bool = False) -> Snippet:
        """The snippet ``snippet_id`` in ``lang``.

        If its translation is not complete, this raises :class:`UnknownLanguageError`; with
        ``fallback=True`` it returns the English text instead, and the result's ``lang`` is
        ``"en"`` (``is_fallback`` is true).
        """
        for name, value, example in (
            ("snippet_id", snippet_id, "'key-facts'"),
            ("lang", lang, "'fr'"),
        ):
            if not isinstance(value, str):
                msg = f"{name} must be a string such as {example}, not {type(value).__name__}"
                raise TypeError(msg)
        cached = self._cache.get((snippet_id, lang))
        if cached is not None and (fallback or not cached.is_fallback):
            return cached
        manifest = self._load_manifest()
        entry = manifest["snippets"].get(snippet_id)
        if entry is None:
            hint = did_you_mean(snippet_id[:100], manifest["snippets"], n=3, cutoff=0.5)
            shown = snippet_id if len(snippet_id) <= 60 else snippet_id[:60] + "..."
            msg = f"there is no snippet '{shown}'.{hint} liberation_content.ids() lists them all"
            raise UnknownSnippetError(msg)
        published = entry["languages"].get(lang)
        if published is None:
            self._check_language(lang)  # a language of the content, or a close match named
        if published is None or published["translation_status"] != "complete":
            if not fallback:
                status = published["translation_status"] if published else "missing"
                msg = (
                    f"'{snippet_id}' is not published in '{lang}' (translation {status}). "
                    "Pass fallback=True to get the English text"
                )
                raise UnknownLanguageError(msg)
            published = entry["languages"][manifest["source_lang"]]
        import json  # noqa: PLC0415

        # A plain open() of a joined string: pathlib would double the cost of a small file.
        with open(f"{self._prefix}/{published['path']}", "rb") as handle:  # noqa: PTH123
            data = json.loads(handle.read())
        snippet = Snippet.from_json(data, requested_lang=lang)
        with self._lock:
            self._cache[(snippet_id, lang)] = snippet
        return snippet


_default: SnippetStore | None = None
_default_lock = threading.Lock()


def where() -> Path:
    """The folder the module-level functions read: ``$LIBERATION_CONTENT_DATA`` if set, else
    the JSON shipped in the package, else (in a source checkout) the checkout's
    ``build/json``."""
    import os  # noqa: PLC0415
    from pathlib import Path  # noqa: PLC0415

    chosen = os.environ.get(DATA_VARIABLE)
    if chosen:
        return Path(chosen)
    from liberation_content.resources import checkout_root, package_dir  # noqa: PLC0415

    shipped = package_dir() / "data"
    if (shipped / "index.json").is_file():
        return shipped
    checkout = checkout_root()
    if checkout is not None:
        return checkout / "build" / "json"
    msg = (
        f"no snippet data in {shipped}. The JSON is made when the package is built: install "
        f"liberation-content from a wheel, or set {DATA_VARIABLE} to a folder of snippet JSON"
    )
    raise LiberationError(msg)


def default_store() -> SnippetStore:
    """The store the module-level functions use (see :func:`where`), made on first use."""
    global _default  # noqa: PLW0603 - made once, then shared
    if _default is None:
        with _default_lock:
            if _default is None:
                _default = SnippetStore(where())
    return _default


def manifest() -> dict[str, Any]:
    """The manifest of the default store (:meth:`SnippetStore.manifest`)."""
    return default_store().manifest()


def languages() -> list[str]:
    """The published languages of the default store; the first is the source language."""
    return default_store().languages()


def ids(lang: str | None = None, type: str | None = None) -> list[str]:
    """Every snippet ID of the default store (:meth:`SnippetStore.ids`)."""
    return default_store().ids(lang=lang, type=type)


def get(snippet_id: str, lang: str = "en", *, fallback: bool = False) -> Snippet:
    """One snippet from the default store (:meth:`SnippetStore.get`)."""
    return (_default or default_store()).get(snippet_id, lang, fallback=fallback)
