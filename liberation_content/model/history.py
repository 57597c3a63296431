"""When each snippet's text last changed, in each language: ``content/history.toml``.

The record is written when a content version is released (``liberation-content content
release X.Y``): for every snippet in every published language whose text differs from the
last one recorded, it adds the digest of the new text, the day and the release::

    [texts.evidence]
    en = [{ sha256 = "...", date = "2026-11-26", release = "2.0" }]

A build dates each snippet (``dateModified``) by the entry of its current text, so the date
moves when the text changes, and only then: a new review date, a new site address or a
rebuild leave it as it was. A text changed since the last release (a translation updated
in between, say) is dated the day it is built until the next release records it. The
change feed (``changes.json``) lists the recorded changes of the last releases.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from liberation_content.errors import LiberationError, Problem
from liberation_content.files import atomic_write, read_toml

__all__ = ["FEED_RELEASES", "HISTORY_FILE", "Change", "History", "load_history", "text_digest"]

#: How many releases the change feed covers.
FEED_RELEASES = 5

HISTORY_FILE = "history.toml"
#: The fields of a snippet (as published) that are its text: what a reader reads.
_TEXT = ("title", "summary", "sections", "faq", "items", "references")
_TEXT_OF_PARTS = ("headline", "text", "question", "answerText", "citation", "url", "number")


def _text_of(value: Any) -> Any:
    """The reader's text of a part: its plain text, never its HTML (whose links depend on
    the site's address) or its place in the record."""
    if isinstance(value, list):
        return [_text_of(item) for item in value]
    if isinstance(value, dict):
        return {key: _text_of(value[key]) for key in _TEXT_OF_PARTS if key in value}
    return value


def text_digest(document: dict[str, Any]) -> str:
    """A digest of what a snippet (as published) says, and nothing else."""
    text = {key: _text_of(document.get(key)) for key in _TEXT}
    return hashlib.sha256(json.dumps(text, sort_keys=True).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Change:
    """One recorded text of one snippet in one language."""

    id: str
    lang: str
    sha256: str
    date: str
    release: str


@dataclass
class History:
    """Every recorded text, by snippet and language, oldest first."""

    path: Path
    texts: dict[tuple[str, str], list[Change]] = field(default_factory=dict)

    def recorded(self, snippet_id: str, lang: str, digest: str) -> Change | None:
        """The latest record of the text ``digest`` of the snippet, if there is one: a text
        that comes back to an earlier wording is dated when it came back."""
        for change in reversed(self.texts.get((snippet_id, lang), [])):
            if change.sha256 == digest:
                return change
        return None

    def releases(self, count: int = FEED_RELEASES) -> dict[str, str]:
        """The last ``count`` releases, oldest first, each with the day it was recorded."""
        days: dict[str, str] = {}
        for texts in self.texts.values():
            for change in texts:
                days[change.release] = min(days.get(change.release, change.date), change.date)
        recent = sorted(days, key=_version_key)[-count:]
        return {release: days[release] for release in recent}

    def feed(self, documents: list[tuple[str, str, dict[str, Any]]], today: str) -> dict[str, Any]:
        """The change feed: every snippet file (``(language folder, path, document)``,
        with its sha256 in the document's ``sha256``) whose text changed in the last
        releases, or since the last release, newest first."""
        releases = self.releases()
        since = min(releases.values(), default=today)
        changes = []
        for lang, path, document in documents:
            if document["dateModified"] < since:
                continue
            change = self.recorded(document["id"], document["lang"], text_digest(document))
            changes.append(
                {
                    "id": document["id"],
                    "lang": lang,
                    "path": path,
                    "sha256": document["sha256"],
                    "date": document["dateModified"],
                    "release": change.release if change else None,
                }
            )
        changes.sort(key=lambda c: (c["date"], c["id"], c["lang"]), reverse=True)
        return {
            "releases": [{"release": r, "date": day} for r, day in releases.items()],
            "since": since,
            "changes": changes,
        }

    def record(self, digests: dict[tuple[str, str], str], day: str, release: str) -> list[Change]:
        """Add each text that differs from the last one recorded; return the additions."""
        added = []
        for (snippet_id, lang), digest in sorted(digests.items()):
            texts = self.texts.setdefault((snippet_id, lang), [])
            if not texts or texts[-1].sha256 != digest:
                change = Change(snippet_id, lang, digest, day, release)
                texts.append(change)
                added.append(change)
        return added

    def save(self) -> None:
        lines = [
            "# When each snippet's text last changed, in each language, by the digest of the",
            "# text. Written by 'liberation-content content release X.Y'; do not edit by hand.",
            "",
        ]
        by_id: dict[str, dict[str, list[Change]]] = {}
        for (snippet_id, lang), texts in sorted(self.texts.items()):
            by_id.setdefault(snippet_id, {})[lang] = texts
        for snippet_id, languages in by_id.items():
            lines.append(f'[texts."{snippet_id}"]')
            for lang, texts in languages.items():
                entries = ", ".join(
                    f'{{ sha256 = "{c.sha256}", date = "{c.date}", release = "{c.release}" }}'
                    for c in texts
                )
                lines.append(f"{lang} = [{entries}]")
            lines.append("")
        atomic_write(self.path, "\n".join(lines).encode("utf-8"))


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split(".") if part.isdigit())


def load_history(content: Path) -> History:
    """The record of the content folder (empty when it has none yet)."""
    path = content / HISTORY_FILE
    history = History(path)
    if not path.is_file():
        return history
    _, data = read_toml(path, "history")
    texts = data.get("texts", {})
    problem = Problem(
        path,
        'each entry must be like { sha256 = "...", date = "YYYY-MM-DD", release = "X.Y" }. '
        "This file is written by 'liberation-content content release'; restore it from "
        "version control",
        None,
        "history",
    )
    if not isinstance(texts, dict):
        raise LiberationError(f"{path} cannot be read.", (problem,))
    for snippet_id, languages in texts.items():
        if not isinstance(languages, dict):
            raise LiberationError(f"{path} cannot be read.", (problem,))
        for lang, entries in languages.items():
            try:
                history.texts[str(snippet_id), str(lang)] = [
                    Change(str(snippet_id), str(lang), e["sha256"], e["date"], e["release"])
                    for e in entries
                ]
            except (KeyError, TypeError):
                raise LiberationError(f"{path} cannot be read.", (problem,)) from None
    return history
