"""Stable IDs: what kind of block a label names, which IDs are reserved, and the one
namespace that page IDs and block IDs share.

An ID is a snippet's JSON file name and key, its anchor in the HTML and its name in a
leaflet definition, so two things may never have the same ID.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from liberation_content.errors import Problem
from liberation_content.records import SnippetType

__all__ = [
    "ABOUT_PAGE",
    "BLOCK_TYPES",
    "BOX_TYPES",
    "ITEM_TYPES",
    "QUESTION_MARKS",
    "RESERVED_IDS",
    "RESERVED_PREFIXES",
    "Claim",
    "block_type",
    "collisions",
    "declared_labels",
]

_LABEL = re.compile(r"^\((?P<label>[^()\s]+)\)=[ \t]*$")
_FENCE = re.compile(r"^(`{3,}|~{3,})")

#: IDs the products use themselves; a content label may not take them.
RESERVED_IDS = frozenset({"references", "contents", "search", "genindex", "api", "leaflets"})

#: How the anchors the site makes for citations start: ``ref-<key>`` is a source in the
#: reference list, ``cite-<key>-<n>`` the n-th place a page cites it.
RESERVED_PREFIXES = ("ref-", "cite-")

#: The page about the information itself (who writes it, how it is checked, how to report
#: a problem, its licence): every page of the site links to it, when the content has it.
ABOUT_PAGE = "about"

#: Every kind of snippet, in the order they are described in the docs, as plain strings.
BLOCK_TYPES = tuple(kind.value for kind in SnippetType)

#: Block types that are a box inside a section (a directive), not a section of their own.
BOX_TYPES = frozenset({"urgent"})

#: Block types whose points (each item of their lists) are also given one by one.
ITEM_TYPES = frozenset({"checklist", "key-facts", "urgent"})

#: The label prefix that names each kind of block (a label without one is a section).
_PREFIXES = (("faq-", "faq"), ("checklist-", "checklist"), ("term-", "term"), ("urgent-", "urgent"))

#: What a question ends with: the Latin, Arabic and full-width question marks.
QUESTION_MARKS = ("?", "\u061f", "\uff1f")


def block_type(label: str) -> str:
    """The kind of block a label names, from its prefix (``faq-``, ``checklist-``,
    ``term-`` for a glossary entry, ``urgent-`` for an urgent-help box), the label
    ``key-facts``, or else a plain section."""
    if label == "key-facts":
        return "key-facts"
    for prefix, kind in _PREFIXES:
        if label.startswith(prefix):
            return kind
    return "section"


def declared_labels(text: str) -> list[tuple[str, int]]:
    """Every ``(label)=`` line of a MyST page, with its line number, outside code fences:
    the IDs the author wrote, each where it was written (docutils forgets the place of a
    label given twice)."""
    found = []
    fence = ""
    for number, line in enumerate(text.splitlines(), start=1):
        opening = _FENCE.match(line)
        if opening and (not fence or opening.group(1).startswith(fence)):
            fence = "" if fence else opening.group(1)
        elif not fence and (match := _LABEL.match(line)):
            found.append((match.group("label").lower(), number))
    return found


@dataclass(frozen=True)
class Claim:
    """One use of an ID: a page (its file) or a labelled block (its file and line)."""

    id: str
    kind: str  # "page" or a block type
    path: str
    line: int | None = None

    @property
    def place(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path


def collisions(claims: Iterable[Claim]) -> list[Problem]:
    """A problem for every ID claimed twice, naming both places; page IDs and block IDs
    are one namespace."""
    first: dict[str, Claim] = {}
    found = []
    for claim in claims:
        earlier = first.setdefault(claim.id, claim)
        if earlier is claim:
            continue
        what = "a page" if earlier.kind == "page" else "a label"
        found.append(
            Problem(
                claim.path,
                f"the ID '{claim.id}' is already used by {what} at {earlier.place}. "
                "Page and block IDs share one namespace (each is a JSON file, an anchor "
                "and a leaflet key): rename this label",
                claim.line,
                "duplicate-id",
            )
        )
    return found
