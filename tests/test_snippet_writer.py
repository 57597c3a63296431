"""The one writer of snippet and leaflet HTML: every kind of markup the content uses is
written as it is meant, and anything else stops the build at its file and line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import FIXTURE_TODAY, BuildSite, edit, json_of

from liberation_content.errors import LiberationError

TABLE_AND_NOTE = """Ask these.

| Trial | People |
|---|---|
| Brave Dreams | 115 |

```{note}
Talk to your **MS team** first.
```
"""


def test_tables_and_notes_reach_the_snippets_and_the_leaflets(
    content: Path, build_site: BuildSite
) -> None:
    edit(content / "topic.md", "Ask these.\n", TABLE_AND_NOTE)
    site = build_site(content)
    section = json_of(site, "checklist-ask")["sections"][0]  # type: ignore[index]
    assert (
        "<table><thead><tr><th>Trial</th><th>People</th></tr></thead>"
        "<tbody><tr><td>Brave Dreams</td><td>115</td></tr></tbody></table>"
    ) in section["html"]
    assert (
        '<aside class="admonition note"><p class="admonition-title">Note</p>'
        "<p>Talk to your <strong>MS team</strong> first.</p></aside>"
    ) in section["html"]
    assert "Trial | People\nBrave Dreams | 115" in section["text"]
    assert "Note\n\nTalk to your MS team first." in section["text"]
    article = json.loads(
        (site.parents[1] / "json" / "leaflets" / "en" / "article.json").read_text()
    )
    page = next(b for b in article["blocks"] if b["id"] == "topic")
    assert "<td>Brave Dreams</td>" in page["html"] and "admonition note" in page["html"]
    # The leaflet is written from the tree the snippets saw: the note's heading once.
    assert page["html"].count('<p class="admonition-title">Note</p>') == 1


@pytest.mark.parametrize(
    ("markup", "line", "said", "code"),
    [
        # Markup the snippets have no rule for ...
        (
            "Ask these.[^1]\n\n[^1]: A note.\n",
            23,
            "A footnote ([^1]) cannot be shown",
            "unsupported",
        ),
        # ... and markup content may not use at all.
        ("Ask these {math}`x^2`.\n", 23, "the {math} role is not allowed", "not-allowed"),
        (
            "Ask these.\n\n```{rubric} Aside\n```\n",
            25,
            "the {rubric} directive is not",
            "not-allowed",
        ),
    ],
)
def test_markup_the_products_cannot_show_stops_the_build_at_its_line(
    content: Path, build_site: BuildSite, markup: str, line: int, said: str, code: str
) -> None:
    edit(content / "topic.md", "Ask these.\n", markup)
    with pytest.raises(LiberationError) as failure:
        build_site(content)
    problems = [str(p) for p in failure.value.problems]
    assert len(problems) == 1, problems  # once, though the block is written several times
    assert problems[0].startswith(f"{content / 'topic.md'}:{line}: {said}")
    assert problems[0].endswith(f"[liberation.{code}]")


def test_the_command_prints_the_problem_and_keeps_the_last_good_output(
    content: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    command = [sys.executable, "-m", "liberation_content", "build", "html", "--content"]
    command += [str(content), "--out", str(out), "--today", FIXTURE_TODAY]
    subprocess.run(command, check=True, capture_output=True)
    before = _products(out)
    edit(content / "topic.md", "Ask these.\n", "Ask these.[^1]\n\n[^1]: A note.\n")
    done = subprocess.run(command, capture_output=True, text=True, cwd=tmp_path, check=False)
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        "content/topic.md:23: A footnote ([^1]) cannot be shown in the snippets and leaflets. "
        "Write it with the markup of the authoring guide: paragraphs, lists, emphasis, links, "
        "tables, notes, and {cite} for sources [liberation.unsupported]",
        "error: the html build for 'en' stopped with 1 problem(s); the previous output was "
        "left as it was.",
    ]
    assert _products(out) == before


def _products(out: Path) -> dict[Path, bytes]:
    """Every file a reader or an app gets (not the build's own cache and records)."""
    return {
        path: path.read_bytes()
        for folder in ("html", "json", "pdf")
        for path in (out / folder).rglob("*")
        if path.is_file()
    }
