"""The runtime API: snippets read from a folder of prebuilt JSON, lazily.

Standard library only. A :class:`SnippetStore` reads one folder (``index.json`` and one
folder per language); files are read on first use and kept, and loading is guarded by a
lock so that threads share one copy. The module-level functions use the default store:
the JSON shipped in the package, or the folder :func:`where` names.

A language is asked for with a tag as apps have them (``fr``, ``fr-FR``, ``pt_BR``,
``AR``) and matched to a published language by BCP 47 lookup (:func:`match_language`).
"""

from __future__ import annotations

import threading
from dataclasses import replace
from typing import Any

from liberation_content.errors import (
    LiberationError,
    UnknownLanguageError,
    UnknownSnippetError,
    UnknownTypeError,
    clipped,
    did_you_mean,
)
from liberation_content.records import (
    FaqEntry,
    Item,
    Reference,
    Section,
    Snippet,
    SnippetType,
    TranslationStatus,
)

TYPE_CHECKING = False  # pathlib and difflib are imported only when needed: import time
if TYPE_CHECKING:
    import os
    from collections.abc import Iterable
    from pathlib import Path

__all__ = [
    "DATA_VARIABLE",
    "FaqEntry",
    "Item",
    "Reference",
    "Section",
    "Snippet",
    "SnippetStore",
    "SnippetType",
    "TranslationStatus",
    "default_store",
    "get",
    "ids",
    "languages",
    "manifest",
    "match_language",
    "where",
]

#: Set this to a folder of snippet JSON (such as ``build/json``) to read it instead of
#: the JSON shipped in the package.
DATA_VARIABLE = "LIBERATION_CONTENT_DATA"

#: At most this many subtags of a language tag are tried one by one: real tags have a few,
#: and a tag of any length is then matched in time proportional to its length.
_MAX_SUBTAGS = 8
#: The kinds of snippet by name, as ``ids(type=...)`` takes them.
_TYPE_NAMES = tuple(kind.value for kind in SnippetType)
_FALLBACK = TranslationStatus.FALLBACK


def match_language(tag: str, published: Iterable[str]) -> str | None:
    """The language of ``published`` that best serves ``tag``, or ``None``: BCP 47 lookup
    (RFC 4647, section 3.4). Case does not matter and ``_`` is read as ``-``; subtags are
    dropped from the right until a published language matches, so ``pt-BR`` is served by
    ``pt_BR`` if it is published, else by ``pt``, and ``zh-Hant-TW`` by ``zh-Hant``, then
    ``zh``."""
    by_tag = {_folded(code): code for code in published}
    subtags = _folded(tag).split("-", _MAX_SUBTAGS)
    while subtags:
        found = by_tag.get("-".join(subtags))
        if found is not None:
            return found
        subtags.pop()
        if subtags and len(subtags[-1]) == 1:  # a singleton (x-, u-) goes with what follows
            subtags.pop()
    return None


def _folded(tag: str) -> str:
    return tag.strip().replace("_", "-").lower()


def _require_str(name: str, value: object, example: str) -> None:
    """A ``TypeError`` naming the argument and what was given, unless ``value`` is a string."""
    if not isinstance(value, str):
        given = clipped(type(value).__name__, 40)
        msg = f"{name} must be a string such as {example}, not {given}"
        raise TypeError(msg)


def _check_type(kind: str) -> None:
    """An :class:`UnknownTypeError` with the close matches and every type, unless ``kind``
    is a kind of snippet."""
    _require_str("type", kind, "'faq'")
    if kind not in _TYPE_NAMES:
        hint = did_you_mean(_folded(kind), _TYPE_NAMES, n=2)
        msg = (
            f"there is no snippet type '{clipped(kind)}'.{hint} Snippet types: "
            f"{', '.join(_TYPE_NAMES)}"
        )
        raise UnknownTypeError(msg)


class SnippetStore:
    """The snippets in one folder: ``index.json`` (the manifest) and one folder per language,
    as ``liberation-content build json`` writes them or as the site serves them under
    ``api/v2/``. Safe to share between threads."""

    def __init__(self, folder: str | os.PathLike[str]) -> None:
        from pathlib import Path  # noqa: PLC0415 - keeps the import of the package fast

        self.folder = Path(folder)
        self._prefix = str(self.folder)
        self._lock = threading.Lock()
        self._manifest: dict[str, Any] | None = None
        #: The published language codes, in the manifest's order (read with it).
        self._known: list[str] = []
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
                        manifest = json.loads(index.read_bytes())
                    except OSError:
                        msg = (
                            f"no snippet data in {self.folder} (no index.json). Build it with "
                            "'liberation-content build json', or point at a folder that has it"
                        )
                        raise LiberationError(msg) from None
                    self._known = [language["code"] for language in manifest["languages"]]
                    self._manifest = manifest
        return self._manifest

    def manifest(self) -> dict[str, Any]:
        """The manifest: every ID, its type, dates, and per language its file and sha256."""
        import copy  # noqa: PLC0415

        return copy.deepcopy(self._load_manifest())  # a copy the caller may change

    def languages(self) -> list[str]:
        """The languages the content is published in; the first is the source language."""
        return self._codes()

    def _codes(self) -> list[str]:
        self._load_manifest()
        return list(self._known)

    def ids(self, lang: str | None = None, type: str | None = None) -> list[str]:
        """Every snippet ID, sorted; if given, only those complete in ``lang`` (a language
        tag, matched as :meth:`get` matches it) and those of ``type`` (a
        :class:`SnippetType` or its name, such as ``"faq"``).

        An unknown type raises :class:`UnknownTypeError`, and a language that matches no
        published language :class:`UnknownLanguageError`; both name the close matches.
        """
        if type is not None:
            _check_type(type)
        code = None if lang is None else self._language(lang)
        return sorted(
            key
            for key, entry in self._load_manifest()["snippets"].items()
            if (type is None or entry["type"] == type)
            and (
                code is None
                or entry["languages"].get(code, {}).get("translationStatus")
                == TranslationStatus.COMPLETE
            )
        )

    def _match(self, lang: str) -> str | None:
        """The published language that serves the tag ``lang``, or None."""
        self._load_manifest()
        known = self._known
        return lang if lang in known else match_language(lang, known)

    def _language(self, lang: str) -> str:
        """The published language that serves the tag ``lang``, or an error."""
        _require_str("lang", lang, "'fr'")
        code = self._match(lang)
        if code is None:
            raise self._unknown_language(lang)
        return code

    def _unknown_language(self, lang: str, hint: str = "") -> UnknownLanguageError:
        """The error for a tag no published language serves: it names them all, and the
        close matches."""
        known = self._codes()
        close = did_you_mean(_folded(lang), known, n=3, cutoff=0.3)
        msg = (
            f"the content is not published in '{clipped(lang)}'.{close} Published languages: "
            f"{', '.join(known)}{hint}"
        )
        return UnknownLanguageError(msg)

    def _entry(self, snippet_id: str) -> dict[str, Any]:
        snippets = self._load_manifest()["snippets"]
        entry: dict[str, Any] | None = snippets.get(snippet_id)
        if entry is None:
            hint = did_you_mean(snippet_id, snippets, n=3, cutoff=0.5)
            msg = (
                f"there is no snippet '{clipped(snippet_id)}'.{hint} "
                "liberation_content.ids() lists them all"
            )
            raise UnknownSnippetError(msg)
        return entry

    def get(self, snippet_id: str, lang: str = "en", *, fallback: bool = False) -> Snippet:
        """The snippet ``snippet_id`` in the published language that best serves ``lang``.

        ``lang`` is a language tag as apps have it (``fr``, ``fr-FR``, ``fr_FR``, ``AR``,
        ``pt-BR``), matched by :func:`match_language`; the result's ``requested_lang`` is
        ``lang`` as given, and its ``lang`` the language of its text.

        If no published language matches, or the snippet's translation is not complete,
        this raises :class:`UnknownLanguageError`. With ``fallback=True`` it returns the
        English text instead: its ``lang`` is then ``"en"``, its ``translation_status``
        ``fallback``, and ``is_fallback`` is true.
        """
        if not (isinstance(snippet_id, str) and isinstance(lang, str)):
            _require_str("snippet_id", snippet_id, "'key-facts'")
            _require_str("lang", lang, "'fr'")
        cached = self._cache.get((snippet_id, lang))
        if cached is not None and (fallback or not cached.is_fallback):
            return cached
        entry = self._entry(snippet_id)
        code = self._match(lang)
        if code is None:
            if not fallback:
                raise self._unknown_language(lang, ". Pass fallback=True to get the English text")
            source = self._load_manifest()["sourceLang"]
            english = self._published(snippet_id, entry, source, fallback=False, asked=source)
            return replace(english, requested_lang=lang, translation_status=_FALLBACK)
        snippet = self._published(snippet_id, entry, code, fallback=fallback, asked=lang)
        # Kept only under the published code: apps may send any number of different tags.
        return snippet if code == lang else replace(snippet, requested_lang=lang)

    def _published(
        self, snippet_id: str, entry: dict[str, Any], code: str, *, fallback: bool, asked: str
    ) -> Snippet:
        """The snippet in the published language ``code``, read once and kept."""
        cached = self._cache.get((snippet_id, code))
        if cached is not None and (fallback or not cached.is_fallback):
            return cached
        published = entry["languages"].get(code)
        status = published["translationStatus"] if published else TranslationStatus.MISSING
        if status != TranslationStatus.COMPLETE:
            if not fallback:
                shown = f"'{code}'" if code == asked else f"'{code}' (for '{clipped(asked)}')"
                msg = (
                    f"'{snippet_id}' is not published in {shown} (translation {status}). "
                    "Pass fallback=True to get the English text"
                )
                raise UnknownLanguageError(msg)
            source = self._load_manifest()["sourceLang"]
            english = self._published(snippet_id, entry, source, fallback=False, asked=source)
            snippet = replace(english, requested_lang=code, translation_status=_FALLBACK)
        else:
            import json  # noqa: PLC0415

            # A plain open() of a joined string: pathlib would double the cost of a small file.
            with open(f"{self._prefix}/{published['path']}", "rb") as handle:  # noqa: PTH123
                data = json.loads(handle.read())
            snippet = Snippet.from_json(data, requested_lang=code)
        with self._lock:
            self._cache[(snippet_id, code)] = snippet
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
