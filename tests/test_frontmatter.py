"""Front matter: every mistake is named with its file, its line and how to fix it."""

from __future__ import annotations

from pathlib import Path

import pytest

from liberation_content.model.frontmatter import FIELDS, parse_front_matter

GOOD = """---
id: evidence
title: What the research found
summary: Trials found no benefit.
version: "1.0"
last_reviewed: 2026-11-25
next_review_due: 2027-11-25
review_status: editorial
reviewed_by: the maintainers
sources: [a2018]
---

# What the research found
"""


def parse(text: str) -> tuple[object, list[str]]:
    meta, problems = parse_front_matter(text, Path("content/evidence.md"), "evidence", {"a2018"})
    return meta, [str(p) for p in problems]


def test_valid_front_matter_gives_typed_metadata() -> None:
    meta, problems = parse(GOOD)
    assert problems == []
    assert meta is not None
    assert meta.next_review_due.isoformat() == "2027-11-25"  # type: ignore[attr-defined]
    assert meta.sources == ("a2018",)  # type: ignore[attr-defined]
    assert meta.lines["summary"] == 4  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("old", "new", "line", "expected"),
    [
        (
            "review_status: editorial",
            "review_status: editorial\ncolour: red",
            9,
            "unknown key 'colour'",
        ),
        (
            "review_status: editorial",
            "review_status: editorial\nsumary: x",
            9,
            "Did you mean 'summary'?",
        ),
        (
            "last_reviewed: 2026-11-25",
            "last_reviewed: 25/11/2026",
            6,
            "must be a date written YYYY-MM-DD",
        ),
        ("last_reviewed: 2026-11-25", "last_reviewed: 2026-02-30", 6, "is not a real date"),
        (
            "next_review_due: 2027-11-25",
            "next_review_due: 2026-01-01",
            7,
            "'next_review_due' (2026-01-01) must come after 'last_reviewed' (2026-11-25)",
        ),
        ("sources: [a2018]\n", "", 10, "the required key 'sources' is missing"),
        (
            "summary: Trials found no benefit.",
            "summary: " + "x" * 201,
            4,
            "'summary' is 201 characters long; the limit is 200",
        ),
        ("id: evidence", "id: the-evidence", 2, "the id must equal the file name"),
        ('version: "1.0"', "version: one", 5, "'version' must look like"),
        ("review_status: editorial", "review_status: approved", 8, "must be one of draft"),
        ("sources: [a2018]", "sources: [a2018, b1999]", 10, "'b1999' in 'sources' is not in"),
        ("sources: [a2018]", "sources: a2018", 10, "must be a list of reference keys"),
        (
            "title: What the research found",
            "title: [a, b",
            4,
            "while parsing a flow sequence that starts on line 3",
        ),
        (
            "review_status: editorial",
            "review_status: editorial\nreview_status: draft",
            9,
            "'review_status' is given twice",
        ),
    ],
)
def test_each_mistake_is_named_with_its_line(old: str, new: str, line: int, expected: str) -> None:
    assert old in GOOD
    meta, problems = parse(GOOD.replace(old, new, 1))
    assert meta is None
    matching = [p for p in problems if expected.lower() in p.lower()]
    assert matching, problems
    assert matching[0].startswith(f"content/evidence.md:{line}: ")
    assert matching[0].endswith("[liberation.metadata]")


def test_a_page_without_front_matter_says_how_to_start_one() -> None:
    meta, problems = parse("# Just a heading\n")
    assert meta is None
    assert problems[0].startswith("content/evidence.md:1: the page has no front matter")
    assert "'---'" in problems[0]


def test_every_field_is_documented_with_an_example() -> None:
    for field in FIELDS:
        assert field.help and field.example, field.name
