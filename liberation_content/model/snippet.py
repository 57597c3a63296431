"""The shape of a snippet document (one JSON file per page and per block) and of the
manifest that lists them. The JSON schemas in ``liberation_content/schemas`` describe the
same shape for apps."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

from liberation_content._version import __version__

from .languages import SOURCE_LANGUAGE

TYPE_CHECKING = False
if TYPE_CHECKING:
    from .frontmatter import PageMeta

__all__ = [
    "LICENSE",
    "SCHEMA_VERSION",
    "document",
    "faq_entry",
    "first_sentence",
    "manifest",
]

SCHEMA_VERSION = "1.0"
LICENSE = {"id": "CC-BY-4.0", "url": "https://creativecommons.org/licenses/by/4.0/"}
_FIRST_SENTENCE = re.compile(r"^(.{20,200}?[.!?])(?:\s|$)", re.DOTALL)


def first_sentence(text: str) -> str:
    """The first sentence of ``text`` (20 to 200 characters), else its first 200."""
    flat = " ".join(text.split())
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
        f"CC BY 4.0, {fields['url']}",
        "translation_status": translation_status,
        "translation": translation if lang != SOURCE_LANGUAGE else None,
        "items": [],
        "faq": [],
        "references": [],
        **fields,
    }


def manifest(folders: dict[str, Path]) -> dict[str, Any]:
    """Every snippet ID with its type, dates, and per language its file, hash and page,
    from the snippet folder of each language (in the order given)."""
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
                "translation_status": doc["translation_status"],
            }
    return {
        "schema_version": SCHEMA_VERSION,
        "package_version": __version__,
        "source_lang": SOURCE_LANGUAGE,
        "languages": list(folders),
        "snippets": snippets,
    }
