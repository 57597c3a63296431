"""The shape of a snippet document (one JSON file per page and per block) and of the
manifest that lists them. The JSON schemas in ``liberation_content/schemas`` describe the
same shape for apps."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from pathlib import Path
from typing import Any

from liberation_content._version import __version__

from .languages import SOURCE_LANGUAGE, direction, native_name
from .urls import is_web_address

TYPE_CHECKING = False
if TYPE_CHECKING:
    from .frontmatter import PageMeta

__all__ = [
    "API_PATH",
    "JSON_NAMES",
    "LEGACY_API_PATHS",
    "LICENSE",
    "SCHEMA_VERSION",
    "document",
    "faq_entry",
    "first_sentence",
    "manifest",
    "published",
    "schema_1",
    "schema_1_manifest",
]

SCHEMA_VERSION = "2.0"
#: Where the JSON is served inside the site: one folder per major schema version.
API_PATH = Path("api") / f"v{SCHEMA_VERSION.split('.', maxsplit=1)[0]}"
#: Older major versions still served, for apps written against them, until the release
#: after the one that replaced them (the versioning policy in the developer guide).
LEGACY_API_PATHS = (Path("api") / "v1",)
LICENSE = {"id": "CC-BY-4.0", "url": "https://creativecommons.org/licenses/by/4.0/"}
_FIRST_SENTENCE = re.compile(r"^(.{20,200}?[.!?])(?:\s|$)", re.DOTALL)
_LIST_MARKER = re.compile(r"^[ \t]*(?:[-*\u2022]|\d+\.)[ \t]+", re.MULTILINE)

#: The name each field has in the published JSON, where it differs from the name the
#: build uses: the snippets and the manifest name every field in camelCase, as
#: schema.org does (``dateModified``, ``lastReviewed``).
JSON_NAMES = {
    "schema_version": "schemaVersion",
    "source_lang": "sourceLang",
    "translation_status": "translationStatus",
    "checked_by": "checkedBy",
    "next_review": "nextReview",
    "machine_assisted": "machineAssisted",
    "reviewed_by": "reviewedBy",
    "answer_html": "answerHtml",
    "answer_text": "answerText",
    "original_url": "originalUrl",
    "package_version": "packageVersion",
    "lang_name": "langName",
}


def published(value: Any) -> Any:
    """``value`` (a snippet document or the manifest) with every field named as the
    published JSON names it (:data:`JSON_NAMES`); only field names change, never values
    or keys that are data (snippet IDs, language codes)."""
    if isinstance(value, list):
        return [published(item) for item in value]
    if isinstance(value, dict):
        return {JSON_NAMES.get(key, key): published(item) for key, item in value.items()}
    return value


def first_sentence(text: str) -> str:
    """The first sentence of ``text`` (20 to 200 characters), else its first 200; a list
    is read as its points, without their markers."""
    flat = " ".join(_LIST_MARKER.sub("", text).split())
    match = _FIRST_SENTENCE.match(flat)
    return match.group(1) if match else flat[:200]


def faq_entry(section: dict[str, Any]) -> dict[str, Any]:
    """A question and its answer, from the section entry of a FAQ block."""
    return {
        "id": section["id"],
        "question": section["headline"],
        "answer_html": section["html"],
        "answer_text": section["text"],
    }


def document(
    meta: PageMeta,
    *,
    lang: str,
    translation_status: str,
    translation: dict[str, Any] | None,
    review: dict[str, str],
    **fields: Any,
) -> dict[str, Any]:
    """A snippet document: the page's metadata around ``fields`` (id, type, title, url,
    summary, sections, and faq, items and references where the snippet has them)."""
    return {
        "schema_version": SCHEMA_VERSION,
        "page": meta.id,
        "lang": lang,
        # So an app can show the text the right way round, and name its language.
        "dir": direction(lang),
        "lang_name": native_name(lang),
        "source_lang": SOURCE_LANGUAGE,
        "dateModified": meta.last_reviewed.isoformat(),
        "lastReviewed": meta.last_reviewed.isoformat(),
        "reviewDue": meta.next_review_due.isoformat(),
        "reviewStatus": meta.review_status,
        "reviewedBy": meta.reviewed_by,
        # The same review, as a reader is told it, in the snippet's language.
        "review": review,
        "version": meta.version,
        "license": LICENSE,
        "attribution": f"\u201c{fields['title']}\u201d, liberation-content contributors, "
        f"CC BY 4.0{', ' + fields['url'] if is_web_address(fields['url']) else ''}",
        "translation_status": translation_status,
        "translation": translation if lang != SOURCE_LANGUAGE else None,
        "items": [],
        "faq": [],
        "references": [],
        **fields,
    }


def manifest(folders: dict[str, Path], *, site_url: str = "", today: str = "") -> dict[str, Any]:
    """Every snippet ID with its type, dates, and per language its file, hash, page and
    date modified, from the snippet folder of each language (in the order given); with
    each language's name and direction, the site's address ('' when it is not set: the
    addresses are then relative to the site's root) and the day it was generated."""
    snippets: dict[str, Any] = {}
    for lang, folder in folders.items():
        for path in sorted(folder.glob("*.json")):
            data = path.read_bytes()
            doc = json.loads(data)
            entry = snippets.setdefault(
                doc["id"],
                {
                    "type": doc["type"],
                    "page": doc["page"],
                    "title": doc["title"],
                    "version": doc["version"],
                    "lastReviewed": doc["lastReviewed"],
                    "reviewDue": doc["reviewDue"],
                    "languages": {},
                },
            )
            if lang == SOURCE_LANGUAGE:
                entry["title"] = doc["title"]
            entry["languages"][lang] = {
                "path": f"{lang}/{path.name}",
                "sha256": hashlib.sha256(data).hexdigest(),
                "url": doc["url"],
                "title": doc["title"],
                "dateModified": doc["dateModified"],
                "translationStatus": doc["translationStatus"],
            }
    document: dict[str, Any] = published(
        {
            "schema_version": SCHEMA_VERSION,
            "package_version": __version__,
            "source_lang": SOURCE_LANGUAGE,
            "baseUrl": site_url if is_web_address(site_url) else "",
            "generated": today or dt.date.today().isoformat(),
            "languages": [
                {"code": lang, "name": native_name(lang), "dir": direction(lang)}
                for lang in folders
            ],
            "snippets": snippets,
        }
    )
    return document


def _renamed(value: dict[str, Any], names: dict[str, str]) -> dict[str, Any]:
    return {names.get(key, key): item for key, item in value.items()}


def schema_1(document: dict[str, Any]) -> dict[str, Any]:
    """A snippet document as schema 1.0 had it, for the ``api/v1`` copy that is kept for
    apps written against it (see the versioning policy in the developer guide)."""
    old = _renamed(
        {k: v for k, v in document.items() if k not in ("dir", "langName")},
        {
            "schemaVersion": "schema_version",
            "sourceLang": "source_lang",
            "translationStatus": "translation_status",
        },
    )
    old["schema_version"] = "1.0"
    old["review"] = _renamed(
        old["review"], {"checkedBy": "checked_by", "nextReview": "next_review"}
    )
    if old.get("translation"):
        old["translation"] = _renamed(
            old["translation"], {"machineAssisted": "machine_assisted", "reviewedBy": "reviewed_by"}
        )
    old["faq"] = [
        _renamed(entry, {"answerHtml": "answer_html", "answerText": "answer_text"})
        for entry in old["faq"]
    ]
    old["references"] = [_renamed(r, {"originalUrl": "original_url"}) for r in old["references"]]
    return old


def schema_1_manifest(document: dict[str, Any], hashes: dict[str, str]) -> dict[str, Any]:
    """The manifest as schema 1.0 had it, listing the ``api/v1`` files, whose sha256 by
    path is in ``hashes``."""
    snippets = {}
    for snippet_id, entry in document["snippets"].items():
        languages = {}
        for lang, published in entry["languages"].items():
            languages[lang] = {
                "path": published["path"],
                "sha256": hashes[published["path"]],
                "url": published["url"],
                "title": published["title"],
                "translation_status": published["translationStatus"],
            }
        snippets[snippet_id] = {**entry, "languages": languages}
    return {
        "schema_version": "1.0",
        "package_version": document["packageVersion"],
        "source_lang": document["sourceLang"],
        "languages": [language["code"] for language in document["languages"]],
        "snippets": snippets,
    }
