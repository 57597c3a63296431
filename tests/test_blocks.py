"""Urgent-help boxes and glossary entries: one block each, shown in all three products."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import FIXTURE_TODAY, BuildSite, edit, json_of, pdf_text

from liberation_content.build import BuildOptions, build
from liberation_content.cli import main
from liberation_content.errors import LiberationError
from liberation_content.pdf import print_leaflet

URGENT = """
(urgent-call-now)=
```{urgent} Call your emergency number now if you have
- a sudden, very bad headache;
- chest pain.

Say that you had a vein procedure.
```
"""


def test_an_urgent_box_is_a_marked_callout_on_the_site(
    content: Path, build_site: BuildSite
) -> None:
    html = (build_site(content) / "topic.html").read_text(encoding="utf-8")
    box = html[html.index('<aside class="urgent" id="urgent-topic-help">') :]
    box = box[: box.index("</aside>")]
    assert '<p class="admonition-title">Get help now if you have</p>' in box
    assert "<li><p>chest pain;</p></li>" in box
    # It stays inside the section it belongs to.
    section = html[html.index('<section id="topic-after">') :]
    assert section.index("Rest for a day.") < section.index('id="urgent-topic-help"')


def test_an_urgent_box_is_a_json_block_of_its_own(content: Path, build_site: BuildSite) -> None:
    site = build_site(content)
    box = json_of(site, "urgent-topic-help")
    assert box["type"] == "urgent"
    assert box["title"] == "Get help now if you have"
    assert [item["text"] for item in box["items"]] == ["chest pain;", "trouble breathing."]  # type: ignore[attr-defined]
    assert str(box["url"]).endswith("/en/topic.html#urgent-topic-help")
    # The section that holds it shows it as a box; the page does not list it as a section.
    section = json_of(site, "topic-after")
    assert '<aside class="urgent"><p class="admonition-title">' in section["sections"][0]["html"]  # type: ignore[index]
    page = json_of(site, "topic")
    assert "urgent-topic-help" not in [s["id"] for s in page["sections"]]  # type: ignore[attr-defined]
    assert main(["ids", "--type", "urgent"]) == 0


def test_an_urgent_box_is_printed_as_a_box_in_a_leaflet(content: Path, tmp_path: Path) -> None:
    edit(content / "leaflets" / "leaflet.toml", '"faq-does-it-work"]', '"urgent-topic-help"]')
    out = tmp_path / "out"
    build(BuildOptions(out=out, content=content, today=FIXTURE_TODAY), ("json",))
    composed = json.loads((out / "json" / "leaflets" / "en" / "leaflet.json").read_text("utf-8"))
    block = composed["blocks"][-1]
    assert block["type"] == "urgent" and block["title"] == "Get help now if you have"
    pdf = print_leaflet("leaflet", "en", edition_name="home", data=out / "json")
    words = " ".join(pdf_text(pdf).split())
    assert "Get help now if you have" in words and "trouble breathing." in words


@pytest.mark.parametrize(
    ("label", "message"),
    [
        ("", "the urgent-help box 'Call your emergency number now if you have' has no label"),
        ("(help-now)=", "an urgent-help box needs a label that starts with 'urgent-'"),
    ],
)
def test_an_urgent_box_without_its_label_stops_the_build_at_its_line(
    content: Path, build_site: BuildSite, label: str, message: str
) -> None:
    page = content / "topic.md"
    text = URGENT.replace("(urgent-call-now)=", label)
    page.write_text(page.read_text(encoding="utf-8") + text, encoding="utf-8")
    line = (
        page.read_text(encoding="utf-8")
        .splitlines()
        .index("```{urgent} Call your emergency number now if you have")
        + 1
    )
    with pytest.raises(LiberationError) as caught:
        build_site(content)
    found = [p for p in caught.value.problems if message in p.message]
    assert found and found[0].line == line, caught.value.problems


def test_an_urgent_label_on_a_section_is_refused(content: Path, build_site: BuildSite) -> None:
    edit(content / "topic.md", "(topic-after)=", "(urgent-after)=")
    with pytest.raises(LiberationError) as caught:
        build_site(content)
    assert any("names an urgent-help box" in p.message for p in caught.value.problems)


def test_a_glossary_entry_is_a_term_snippet(content: Path, build_site: BuildSite) -> None:
    term = json_of(build_site(content), "term-sham")
    assert term["type"] == "term"
    assert term["title"] == "Sham"
    assert term["sections"][0]["text"] == "A fake procedure that looks like the real one."  # type: ignore[index]


def test_a_glossary_entry_needs_an_explanation(content: Path, build_site: BuildSite) -> None:
    edit(content / "topic.md", "A fake procedure that looks like the real one.", "- a list")
    with pytest.raises(LiberationError) as caught:
        build_site(content)
    assert any("'term-sham' has no explanation" in p.message for p in caught.value.problems)
