"""Leaflets as data: the definitions authors write, and the composed leaflet the printer
reads.

A definition (``content/leaflets/<name>.toml``) lists the IDs a leaflet prints, in order.
The build composes it in each language from the translated doctree (the same one the site
and the snippets are written from) into ``json/leaflets/<lang>/<name>.json``: the blocks'
HTML with the leaflet's own citation numbers, its reference list and its labels. A leaflet
is composed only when everything on it is published in that language; otherwise the file
says why, and nothing is printed.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from liberation_content.errors import LiberationError, Problem, did_you_mean
from liberation_content.files import read_toml, toml_key_line

__all__ = [
    "LAYOUTS",
    "SIZES",
    "Leaflet",
    "LeafletDefinition",
    "leaflet_folder",
    "leaflet_path",
    "load_definitions",
    "load_leaflet",
]

LAYOUTS = ("leaflet", "article", "questions")
SIZES = ("A5", "A4", "Letter")
_KEYS = {"layout", "title_from", "description", "default_size", "contents", "blocks", "max_pages"}


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
    #: The line of ``blocks`` in the file, for messages about a block.
    blocks_line: int | None = None
    #: The most pages the leaflet may take at its own size (none: no limit).
    max_pages: int | None = None


@dataclass(frozen=True)
class Leaflet:
    """A leaflet composed in one language: everything the printer needs, as plain data."""

    name: str
    layout: str
    contents: bool
    default_size: str
    lang: str
    title: str
    summary: str
    url: str
    version: str
    last_reviewed: str
    review_due: str
    #: What a reader is told of the review (:func:`.review.review_record`).
    review: dict[str, str]
    blocks: tuple[dict[str, Any], ...]
    references: tuple[dict[str, Any], ...]
    #: The most pages the leaflet may take at its own size (none: no limit).
    max_pages: int | None = None
    #: The leaflet's interface text in ``lang``, by symbolic ID.
    labels: dict[str, str] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {"printable": True, **asdict(self)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Leaflet:
        fields = {k: v for k, v in data.items() if k != "printable"}
        fields["blocks"] = tuple(fields["blocks"])
        fields["references"] = tuple(fields["references"])
        return cls(**fields)


def _definition(path: Path, problems: list[Problem]) -> LeafletDefinition | None:
    def problem(message: str, key: str | None = None) -> None:
        problems.append(
            Problem(path, message, toml_key_line(text, key) if key else None, "leaflet")
        )

    try:
        text, data = read_toml(path, "leaflet")
    except LiberationError as exc:
        problems.extend(exc.problems)
        return None
    for key in sorted(set(data) - _KEYS):
        problem(f"unknown key '{key}'.{did_you_mean(key, _KEYS)}", key)
    if data.get("layout") not in LAYOUTS:
        problem(f"'layout' must be one of {', '.join(LAYOUTS)}", "layout")
    if data.get("default_size", "A4") not in SIZES:
        problem(f"'default_size' must be one of {', '.join(SIZES)}", "default_size")
    blocks = data.get("blocks")
    if not isinstance(blocks, list) or not blocks or not all(isinstance(b, str) for b in blocks):
        problem("'blocks' must be a list of snippet IDs", "blocks")
        return None
    return LeafletDefinition(
        name=path.stem,
        path=path,
        layout=str(data.get("layout")),
        title_from=str(data.get("title_from", blocks[0])),
        description=str(data.get("description", "")),
        default_size=str(data.get("default_size", "A4")),
        blocks=tuple(blocks),
        contents=bool(data.get("contents", False)),
        blocks_line=toml_key_line(text, "blocks"),
        max_pages=_max_pages(data.get("max_pages"), problem),
    )


def _max_pages(value: Any, problem: Any) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        problem("'max_pages' must be a whole number of pages, such as 4", "max_pages")
        return None
    return value


def load_definitions(folder: Path) -> dict[str, LeafletDefinition]:
    """Every leaflet definition in ``folder``, validated; one error lists every problem."""
    found: dict[str, LeafletDefinition] = {}
    problems: list[Problem] = []
    for path in sorted(folder.glob("*.toml")):
        definition = _definition(path, problems)
        if definition is not None:
            found[path.stem] = definition
    if problems:
        msg = "the leaflet definitions have problems; nothing was printed."
        raise LiberationError(msg, tuple(problems))
    return found


def leaflet_folder(data: Path, lang: str) -> Path:
    """Where the composed leaflets of ``lang`` are kept, in a folder of snippet JSON."""
    return data / "leaflets" / lang


def leaflet_path(data: Path, lang: str, name: str) -> Path:
    """Where the composed leaflet ``name`` in ``lang`` is kept, in a folder of snippet JSON."""
    return leaflet_folder(data, lang) / f"{name}.json"


def load_leaflet(data: Path, name: str, lang: str) -> Leaflet:
    """The composed leaflet ``name`` in ``lang``; raises, saying why, if it cannot be printed."""
    folder = leaflet_folder(data, lang)
    path = leaflet_path(data, lang, name)
    if not (data / "index.json").is_file():
        msg = f"no snippet data in {data} (no index.json); build it with 'liberation-content build'"
        raise LiberationError(msg)
    if not (data / "leaflets").is_dir():
        msg = (
            f"no composed leaflets in {data / 'leaflets'}; build them with "
            "'liberation-content build'"
        )
        raise LiberationError(msg)
    if not path.is_file():
        if not folder.is_dir():
            built = sorted(p.name for p in (data / "leaflets").glob("*") if p.is_dir())
            msg = f"the content is not built in '{lang}'; built: {', '.join(built) or 'none'}"
            raise LiberationError(msg)
        names = sorted(p.stem for p in folder.glob("*.json"))
        msg = f"there is no leaflet '{name}'. Leaflets: {', '.join(names)}"
        raise LiberationError(msg)
    document = json.loads(path.read_bytes())
    if not document.get("printable"):
        raise LiberationError(str(document.get("reason", f"'{name}' cannot be printed")))
    return Leaflet.from_json(document)
