"""Leaflet definitions, and composing a leaflet from snippets by their IDs.

A definition (``content/leaflets/<name>.toml``) lists the IDs a leaflet prints, in order.
The snippets come from the JSON written from the translated doctree, so a leaflet says
exactly what the HTML page and the app say. A leaflet is made only when every snippet it
needs is published in its language: it never mixes two languages.
"""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from liberation_content.errors import LiberationError, Problem, did_you_mean

__all__ = ["Leaflet", "LeafletDefinition", "compose", "load_definitions"]

LAYOUTS = ("leaflet", "article", "questions")
SIZES = ("A5", "A4", "Letter")
_KEYS = {"layout", "title_from", "description", "default_size", "contents", "blocks"}


@dataclass(frozen=True)
class LeafletDefinition:
    """What one leaflet prints, in order."""

    name: str
    path: Path
    layout: str
    title_from: str
    description: str
    default_size: str
    blocks: tuple[str, ...]
    contents: bool = False


@dataclass(frozen=True)
class Leaflet:
    """A leaflet composed in one language, ready for a template."""

    definition: LeafletDefinition
    lang: str
    title: str
    summary: str
    url: str
    version: str
    last_reviewed: str
    review_due: str
    blocks: tuple[dict[str, Any], ...]
    references: tuple[dict[str, Any], ...]


def load_definitions(folder: Path) -> dict[str, LeafletDefinition]:
    """Every leaflet definition in ``folder``, validated."""
    found: dict[str, LeafletDefinition] = {}
    problems: list[Problem] = []
    for path in sorted(folder.glob("*.toml")):
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            problems.append(Problem(path, f"not valid TOML: {exc}", None, "leaflet"))
            continue
        for key in sorted(set(data) - _KEYS):
            hint = did_you_mean(key, _KEYS)
            problems.append(Problem(path, f"unknown key '{key}'.{hint}", None, "leaflet"))
        if data.get("layout") not in LAYOUTS:
            problems.append(
                Problem(path, f"'layout' must be one of {', '.join(LAYOUTS)}", None, "leaflet")
            )
        if data.get("default_size", "A4") not in SIZES:
            problems.append(
                Problem(path, f"'default_size' must be one of {', '.join(SIZES)}", None, "leaflet")
            )
        blocks = data.get("blocks")
        if (
            not isinstance(blocks, list)
            or not blocks
            or not all(isinstance(b, str) for b in blocks)
        ):
            problems.append(
                Problem(path, "'blocks' must be a list of snippet IDs", None, "leaflet")
            )
            continue
        found[path.stem] = LeafletDefinition(
            name=path.stem,
            path=path,
            layout=str(data.get("layout")),
            title_from=str(data.get("title_from", blocks[0])),
            description=str(data.get("description", "")),
            default_size=str(data.get("default_size", "A4")),
            blocks=tuple(blocks),
            contents=bool(data.get("contents", False)),
        )
    if problems:
        msg = "the leaflet definitions have problems; nothing was printed."
        raise LiberationError(msg, tuple(problems))
    return found


def _document(
    data_root: Path, lang: str, snippet_id: str, manifest: dict[str, Any]
) -> dict[str, Any]:
    entry = manifest["snippets"].get(snippet_id)
    if entry is None:
        hint = did_you_mean(snippet_id, manifest["snippets"])
        msg = f"there is no snippet '{snippet_id}'.{hint}"
        raise LiberationError(msg)
    published = entry["languages"].get(lang)
    if published is None or published["translation_status"] != "complete":
        status = published["translation_status"] if published else "missing"
        msg = (
            f"'{snippet_id}' is not translated into '{lang}' yet (translation {status}), "
            "so this leaflet is not made in that language: a leaflet never mixes two "
            "languages"
        )
        raise LiberationError(msg)
    document: dict[str, Any] = json.loads((data_root / published["path"]).read_bytes())
    return document


def compose(definition: LeafletDefinition, lang: str, data_root: Path) -> Leaflet:
    """Collect the leaflet's snippets in ``lang`` and number its references afresh."""
    manifest = json.loads((data_root / "index.json").read_bytes())
    if lang not in manifest["languages"]:
        msg = f"the content is not built in '{lang}'; built: {', '.join(manifest['languages'])}"
        raise LiberationError(msg)
    try:
        documents = [_document(data_root, lang, i, manifest) for i in definition.blocks]
        title_doc = _document(data_root, lang, definition.title_from, manifest)
    except LiberationError as exc:
        msg = f"{definition.path}: {exc.args[0]}"
        raise LiberationError(msg) from None
    for document in documents:
        if document["id"].endswith("-in-brief"):
            # A page's summary block is printed under the page's own title.
            page = _document(data_root, lang, document["page"], manifest)
            document["title"] = page["title"]
    numbers: dict[str, int] = {}
    references: list[dict[str, Any]] = []
    for document in documents:
        for ref in document["references"]:
            if ref["key"] not in numbers:
                numbers[ref["key"]] = len(numbers) + 1
                references.append({**ref, "number": numbers[ref["key"]]})
    return Leaflet(
        definition=definition,
        lang=lang,
        title=title_doc["title"],
        summary=title_doc["summary"],
        url=title_doc["url"].split("#")[0],
        version=manifest["package_version"],
        last_reviewed=min(d["lastReviewed"] for d in documents),
        review_due=min(d["reviewDue"] for d in documents),
        blocks=tuple(documents),
        references=tuple(references),
    )
