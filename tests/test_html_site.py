"""The HTML site: pages, stable anchors, review metadata, references, accessibility basics."""

from __future__ import annotations

import itertools
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from helpers import BuildSite, edit

from liberation_content.cli import main
from liberation_content.errors import LiberationError
from liberation_content.pdf.brand import contrast_ratio


class Outline(HTMLParser):
    """Collects what a screen reader user meets: headings, ids, landmarks, links."""

    def __init__(self) -> None:
        super().__init__()
        self.headings: list[tuple[int, str]] = []
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.html_attrs: dict[str, str | None] = {}
        self.tags: list[str] = []
        self._heading: int | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        found = dict(attrs)
        if tag == "html":
            self.html_attrs = found
        if found.get("id"):
            self.ids.add(str(found["id"]))
        if tag == "a" and found.get("href"):
            self.links.append(str(found["href"]))
        if re.fullmatch(r"h[1-6]", tag):
            self._heading, self._text = int(tag[1]), []

    def handle_endtag(self, tag: str) -> None:
        if self._heading and tag == f"h{self._heading}":
            self.headings.append((self._heading, "".join(self._text).rstrip("¶").strip()))
            self._heading = None

    def handle_data(self, data: str) -> None:
        if self._heading:
            self._text.append(data)


def outline(page: Path) -> Outline:
    parser = Outline()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def test_each_page_is_built_with_its_labelled_blocks_as_anchors(
    content: Path, build_site: BuildSite
) -> None:
    site = build_site(content)
    topic = outline(site / "topic.html")
    assert {"topic-in-brief", "checklist-ask", "faq-does-it-work"} <= topic.ids
    assert "key-facts" in outline(site / "index.html").ids
    assert topic.headings[0] == (1, "A topic")


def test_review_metadata_and_version_are_shown(content: Path, build_site: BuildSite) -> None:
    html = (build_site(content) / "topic.html").read_text(encoding="utf-8")
    assert (
        'Published <time datetime="2026-01-10">January 2026</time> · '
        'Next review <time datetime="2027-01-10">January 2027</time>'
    ) in html
    assert "<dt>Content version</dt><dd>1.2</dd>" in html
    # review_status: draft says so plainly, and the name stands apart from the note.
    assert "Not yet checked against its sources. Checked by nobody yet." in html
    assert 'class="page-summary">One topic page with a checklist and a question.' in html
    assert "review-overdue" not in html


def test_citations_are_numbered_and_link_to_the_reference_list(
    content: Path, build_site: BuildSite
) -> None:
    html = (build_site(content) / "topic.html").read_text(encoding="utf-8")
    # First cited is [1], second [2]; a repeat keeps its number.
    assert re.search(r'href="#ref-trial2018"[^>]*>1</a>\]', html)
    assert re.search(
        r'href="#ref-agency2012"[^>]*>2</a>, <a [^>]*href="#ref-trial2018"[^>]*>1</a>\]', html
    )
    references = html[html.index('id="references"') :]
    assert references.index('id="ref-trial2018"') < references.index('id="ref-agency2012"')
    assert "Doe J, Roe R. A trial of something. Journal of Tests 2018;1(2):3-4." in references
    assert 'href="https://doi.org/10.0000/test.1"' in references


def test_pages_meet_basic_accessibility_needs(content: Path, build_site: BuildSite) -> None:
    site = build_site(content)
    for page in ("index.html", "topic.html"):
        found = outline(site / page)
        assert found.html_attrs.get("lang") == "en"
        assert found.html_attrs.get("dir") == "ltr"
        assert "#main-content" in found.links and "main-content" in found.ids
        assert "main" in found.tags and "nav" in found.tags
        levels = [level for level, _ in found.headings]
        assert levels.count(1) == 1 and levels[0] == 1
        assert all(b - a <= 1 for a, b in itertools.pairwise(levels)), levels
    css = (site / "_static" / "liberation.css").read_text(encoding="utf-8")
    assert ":focus-visible" in css and "@media print" in css


def test_theme_colours_meet_wcag_aa_contrast(content: Path, build_site: BuildSite) -> None:
    css = (build_site(content) / "_static" / "liberation.css").read_text(encoding="utf-8")
    colours = dict(re.findall(r"--([a-z-]+):\s*(#[0-9a-fA-F]{6})", css))
    for text in ("text", "muted", "link"):
        for background in ("page", "accent-bg", "warn-bg"):
            assert contrast_ratio(colours[text], colours[background]) >= 4.5, (text, background)


def test_an_overdue_review_fails_the_build_with_a_coded_warning(
    content: Path, build_site: BuildSite
) -> None:
    with pytest.raises(LiberationError) as failure:
        build_site(content, today="2027-02-01")
    message = str(failure.value)
    assert "topic.md:7: the review of this page was due on 2027-01-10" in message
    assert "[liberation.review-overdue]" in message


def test_an_overdue_page_shows_a_notice_when_built_anyway(
    content: Path, build_site: BuildSite
) -> None:
    site = build_site(content, today="2027-02-01", allow_overdue=True)
    html = (site / "topic.html").read_text(encoding="utf-8")
    assert 'class="review-overdue"' in html
    assert "This page was due for review on 10 January 2027" in html


def test_raw_html_is_refused_with_file_and_line(content: Path, build_site: BuildSite) -> None:
    edit(
        content / "topic.md",
        "Ask these.",
        'Ask <b onclick="x()">these</b>.\n\n<script>alert(1)</script>\n',
    )
    with pytest.raises(LiberationError) as failure:
        build_site(content)
    message = str(failure.value)
    assert re.search(r"topic\.md:23: raw HTML is not allowed in content: '<b onclick", message)
    assert re.search(r"topic\.md:25: raw HTML .*'<script>alert\(1\)</script>'", message)


def test_a_failed_build_leaves_the_previous_site_intact(
    content: Path, build_site: BuildSite
) -> None:
    site = build_site(content)
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    edit(content / "topic.md", 'version: "1.2"', "version: latest")
    with pytest.raises(LiberationError):
        build_site(content)
    after = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    assert after == before
    assert not [p for p in site.parent.iterdir() if p.name.startswith(".en.")]


def test_a_second_build_reports_the_same_problem_again(
    content: Path, build_site: BuildSite
) -> None:
    edit(content / "topic.md", 'version: "1.2"', "version: latest")
    for _ in range(2):
        with pytest.raises(LiberationError, match="'version' must look like"):
            build_site(content)


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("### Does it work?", "### It works", "its heading must be the question"),
        ("(topic-in-brief)=\n", "", "the section 'In brief' has no label"),
        ("- This is the last one.\n", "- This is the last one.\n- Six is fine.\n", None),
        ("- It is a test.\n- Tests are short.\n", "", "key facts must be a bullet list of 5 to 7"),
        (
            "{cite}`trial2018`.\n- It is a test.",
            "{cite}`trail2018`.\n- It is a test.",
            "'trail2018' is not in references.toml. Did you mean 'trial2018'?",
        ),
        (
            "The agency warned of harm {cite}`agency2012,trial2018`.",
            "",
            "'sources' lists 'agency2012' but the page never cites it",
        ),
    ],
)
def test_block_and_citation_mistakes_are_reported(
    content: Path, build_site: BuildSite, old: str, new: str, expected: str | None
) -> None:
    target = content / ("index.md" if "- " in old else "topic.md")
    edit(target, old, new)
    if expected is None:
        build_site(content)
        return
    with pytest.raises(LiberationError, match=re.escape(expected)):
        build_site(content)


def test_hard_to_read_text_is_reported(content: Path, build_site: BuildSite) -> None:
    edit(
        content / "topic.md",
        "No. Trials found no gain {cite}`trial2018`.",
        "Notwithstanding considerable methodological heterogeneity, randomized "
        "investigations demonstrated no statistically significant improvement in "
        "multidimensional functional composite outcomes {cite}`trial2018`.",
    )
    with pytest.raises(LiberationError) as failure:
        build_site(content)
    assert re.search(
        r"'faq-does-it-work' reads at grade \d+\.\d; the limit for faq blocks "
        r"is 7",
        str(failure.value),
    )


def test_cli_prints_one_clear_error_without_a_traceback(
    content: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(content / "topic.md", "last_reviewed: 2026-01-10", "last_reviewed: 2026-1-10")
    code = main(
        [
            "build",
            "html",
            "--content",
            str(content),
            "--out",
            str(tmp_path / "o"),
            "--today",
            "2026-06-01",
        ]
    )
    err = capsys.readouterr().err
    assert code == 1
    first, last = err.strip().splitlines()
    assert first.startswith(f"{content / 'topic.md'}:6: 'last_reviewed' must be a date written")
    assert first.endswith("[liberation.metadata]")
    assert last.startswith("error: the html build for 'en' stopped with 1 problem(s)")
    assert "Traceback" not in err


def test_cli_names_the_languages_that_exist(
    content: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(
        ["build", "--lang", "xx", "--content", str(content), "--out", str(tmp_path / "out")]
    )
    assert code == 1
    assert "there is no 'xx' translation. Available languages: en" in capsys.readouterr().err
