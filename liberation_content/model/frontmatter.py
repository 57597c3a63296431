"""The front matter schema of a content page, and its validation with line numbers.

The schema is data (``FIELDS``): validation, the error messages and the reference
table in the docs are all generated from it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from liberation_content.errors import Problem, did_you_mean

__all__ = ["FIELDS", "REVIEW_STATUSES", "Field", "PageMeta", "parse_front_matter"]

REVIEW_STATUSES = {
    "draft": "Nobody has checked this page yet.",
    "editorial": "Checked against the cited sources by the people named in reviewed_by; "
    "no health professional has reviewed it.",
    "clinical": "Reviewed by the health professional(s) named in reviewed_by.",
}

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_VERSION = re.compile(r"^\d+\.\d+(?:\.\d+)?$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_SUMMARY_MAX = 200
_TITLE_MAX = 120


@dataclass(frozen=True)
class Field:
    """One front matter key: its meaning for authors and how a value is checked."""

    name: str
    kind: str
    help: str
    example: str
    required: bool = True


FIELDS: tuple[Field, ...] = (
    Field(
        "id",
        "slug",
        "The page's stable ID: equal to the file name without `.md`. "
        "It is the page's JSON key and URL and never changes.",
        "evidence",
    ),
    Field(
        "title",
        "text",
        f"The page title, the same text as its `#` heading (at most {_TITLE_MAX} characters).",
        "What the research found",
    ),
    Field(
        "summary",
        "text",
        f"One or two plain sentences shown under the title, in "
        f"search results and in apps (at most {_SUMMARY_MAX} characters).",
        "Large trials found no benefit.",
    ),
    Field(
        "version",
        "version",
        "The content version of this page, `MAJOR.MINOR`: raise "
        "MINOR for a wording change, MAJOR when the advice changes.",
        '"1.0"',
    ),
    Field(
        "last_reviewed", "date", "When the page was last checked, as `YYYY-MM-DD`.", "2026-11-25"
    ),
    Field(
        "next_review_due",
        "date",
        "When the page must be checked again, as "
        "`YYYY-MM-DD`, after `last_reviewed`. Once it has passed, every product "
        "shows that the review is overdue.",
        "2027-11-25",
    ),
    Field(
        "review_status",
        "choice",
        "How the page was checked: " + "; ".join(f"`{k}`: {v}" for k, v in REVIEW_STATUSES.items()),
        "editorial",
    ),
    Field(
        "reviewed_by",
        "text",
        "Who checked it, honestly: a name, a role or the "
        "maintainers; never a reviewer who did not review it.",
        "liberation-content maintainers",
    ),
    Field(
        "sources",
        "keys",
        "The keys in `content/references.toml` of every source the "
        "page cites with `{cite}`; `[]` for a page without claims.",
        "[zamboni2018, traboulsee2018]",
    ),
)
_BY_NAME = {f.name: f for f in FIELDS}


@dataclass(frozen=True)
class PageMeta:
    """The validated front matter of one page."""

    id: str
    title: str
    summary: str
    version: str
    last_reviewed: dt.date
    next_review_due: dt.date
    review_status: str
    reviewed_by: str
    sources: tuple[str, ...]
    lines: dict[str, int] = field(default_factory=dict, compare=False)
    end_line: int = 0

    def is_overdue(self, today: dt.date) -> bool:
        return self.next_review_due < today

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "summary": self.summary,
            "version": self.version,
            "last_reviewed": self.last_reviewed.isoformat(),
            "next_review_due": self.next_review_due.isoformat(),
            "review_status": self.review_status,
            "reviewed_by": self.reviewed_by,
            "sources": list(self.sources),
        }


def _scalar(node: yaml.Node) -> str | None:
    if isinstance(node, yaml.ScalarNode):
        return str(node.value).strip()
    return None


def _check_text(value: str, name: str) -> str | None:
    if not value:
        return f"'{name}' is empty. It should hold: {_BY_NAME[name].help}"
    limit = _SUMMARY_MAX if name == "summary" else _TITLE_MAX if name == "title" else None
    if limit and len(value) > limit:
        return f"'{name}' is {len(value)} characters long; the limit is {limit}. Shorten it."
    return None


def _check_slug(value: str, name: str) -> str | None:
    if not _SLUG.match(value):
        return (
            f"'{name}' must be lowercase words joined by hyphens (like 'evidence' or "
            f"'what-it-is'), got '{value}'"
        )
    return None


def _check_version(value: str, name: str) -> str | None:
    if not _VERSION.match(value):
        return f"'{name}' must look like \"1.0\" or \"1.2.3\", got '{value}'"
    return None


def _check_date(value: str, name: str) -> str | None:
    if not _DATE.match(value):
        return f"'{name}' must be a date written YYYY-MM-DD, got '{value}'"
    try:
        dt.date.fromisoformat(value)
    except ValueError as exc:
        return f"'{name}' is not a real date ({exc}): '{value}'. Write a valid YYYY-MM-DD date"
    return None


def _check_choice(value: str, name: str) -> str | None:
    if value not in REVIEW_STATUSES:
        allowed = ", ".join(REVIEW_STATUSES)
        return f"'{name}' must be one of {allowed}; got '{value}'"
    return None


_CHECKS: dict[str, Callable[[str, str], str | None]] = {
    "text": _check_text,
    "slug": _check_slug,
    "version": _check_version,
    "date": _check_date,
    "choice": _check_choice,
}


def split_front_matter(text: str) -> tuple[str, int] | None:
    """Return the YAML text between the opening and closing ``---`` and the line of the closer."""
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        return None
    for number, line in enumerate(lines[1:], start=2):
        if line.strip() == "---":
            return "\n".join(lines[1 : number - 1]), number
    return None


def _compose(block: str) -> tuple[yaml.MappingNode | None, str, int]:
    """Parse the YAML keeping line numbers; on failure return why and where."""
    try:
        root = yaml.compose(block)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        reason = getattr(exc, "problem", None) or str(exc)
        context, context_mark = getattr(exc, "context", None), getattr(exc, "context_mark", None)
        if context and context_mark is not None:
            reason += f", {context} that starts on line {context_mark.line + 2}"
        return (
            None,
            (
                f"the front matter is not valid YAML: {reason}. Check the indentation "
                "and put quotes around values that contain ':' or '#'"
            ),
            (mark.line + 2 if mark is not None else 1),
        )
    if not isinstance(root, yaml.MappingNode):
        return None, "the front matter must be a list of 'key: value' lines", 2
    return root, "", 0


def _source_keys(
    node: yaml.Node, spec: Field, known: set[str], problem: Callable[[str, int | None], None]
) -> tuple[str, ...] | None:
    if not isinstance(node, yaml.SequenceNode) or any(_scalar(item) is None for item in node.value):
        problem(
            f"'{spec.name}' must be a list of reference keys, like {spec.example}",
            node.start_mark.line + 2,
        )
        return None
    keys = tuple(_scalar(item) or "" for item in node.value)
    for item, key in zip(node.value, keys, strict=True):
        if key not in known:
            hint = did_you_mean(key, known)
            problem(
                f"'{key}' in '{spec.name}' is not in references.toml.{hint} Add the "
                "source there first, or fix the key",
                item.start_mark.line + 2,
            )
    return keys


def _entries(
    root: yaml.MappingNode, known: set[str], problem: Callable[[str, int | None], None]
) -> tuple[dict[str, Any], dict[str, int]]:
    """Check each key and value; return the good values and the line of every key."""
    values: dict[str, Any] = {}
    lines: dict[str, int] = {}
    for key_node, value_node in root.value:
        key = _scalar(key_node) or ""
        line = key_node.start_mark.line + 2
        if key in lines:
            problem(f"'{key}' is given twice (first on line {lines[key]}); keep one", line)
            continue
        lines[key] = line
        spec = _BY_NAME.get(key)
        if spec is None:
            hint = did_you_mean(key, _BY_NAME)
            problem(
                f"unknown key '{key}'.{hint} The allowed keys are: " + ", ".join(_BY_NAME), line
            )
        elif spec.kind == "keys":
            keys = _source_keys(value_node, spec, known, problem)
            if keys is not None:
                values[key] = keys
        elif (value := _scalar(value_node)) is None:
            problem(f"'{key}' must be a single value, like {key}: {spec.example}", line)
        elif message := _CHECKS[spec.kind](value, key):
            problem(message, line)
        else:
            values[key] = value
    return values, lines


def parse_front_matter(
    text: str, path: Path | str, docname: str, known_sources: Iterable[str]
) -> tuple[PageMeta | None, list[Problem]]:
    """Validate a page's front matter; return its metadata, or ``None`` and the problems."""
    problems: list[Problem] = []

    def problem(message: str, line: int | None) -> None:
        problems.append(Problem(path, message, line, "metadata"))

    found = split_front_matter(text)
    if found is None:
        problem(
            "the page has no front matter. Start the file with a line '---', the "
            "keys " + ", ".join(_BY_NAME) + ", and a closing '---'",
            1,
        )
        return None, problems
    block, end_line = found
    root, reason, line = _compose(block)
    if root is None:
        problem(reason, line)
        return None, problems
    values, lines = _entries(root, set(known_sources), problem)
    for spec in FIELDS:
        if spec.name not in lines:
            problem(
                f"the required key '{spec.name}' is missing. Add a line "
                f"'{spec.name}: {spec.example}' ({spec.help})",
                end_line,
            )
    if "id" in values and values["id"] != docname.rsplit("/", 1)[-1]:
        problem(
            f"'id' is '{values['id']}' but the file is named '{docname}.md'. The id must "
            "equal the file name; rename one of them",
            lines["id"],
        )
    if "last_reviewed" in values and "next_review_due" in values:
        last = dt.date.fromisoformat(values["last_reviewed"])
        due = dt.date.fromisoformat(values["next_review_due"])
        if due <= last:
            problem(
                f"'next_review_due' ({due}) must come after 'last_reviewed' ({last}). "
                "Set the next review to a later date",
                lines["next_review_due"],
            )
    if problems:
        return None, problems
    return PageMeta(
        id=values["id"],
        title=values["title"],
        summary=values["summary"],
        version=values["version"],
        last_reviewed=dt.date.fromisoformat(values["last_reviewed"]),
        next_review_due=dt.date.fromisoformat(values["next_review_due"]),
        review_status=values["review_status"],
        reviewed_by=values["reviewed_by"],
        sources=values["sources"],
        lines=lines,
        end_line=end_line,
    ), []
