"""Reading aids on the site: citation numbers a screen reader can name and a finger can hit,
a way back from each reference, the current page marked in the page list, dates as each
language writes them, a page about the information linked from every page, and a print
version without navigation that says where the page lives."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from helpers import BuildSite, edit, json_of, prepare, translate

from liberation_content.cli import main
from liberation_content.errors import LiberationError

LANGUAGES = ("en", "fr", "es", "ar")


class Page(HTMLParser):
    """What a reader meets on a page: every link with its attributes, its text and the
    navigation it sits in, and every id in order."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[dict[str, str]] = []
        self.ids: list[str] = []
        self._open: list[str] = []  # the classes of the open <nav> and <footer> elements
        self._link: dict[str, str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {name: value or "" for name, value in attrs}
        if found.get("id"):
            self.ids.append(found["id"])
        if tag in ("nav", "footer"):
            self._open.append(found.get("class", tag))
        if tag == "a":
            self._link = {**found, "in": " ".join(self._open), "text": ""}
            self.links.append(self._link)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("nav", "footer") and self._open:
            self._open.pop()
        if tag == "a":
            self._link = None

    def handle_data(self, data: str) -> None:
        if self._link is not None:
            self._link["text"] += data


def read(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def citations(page: Page) -> list[dict[str, str]]:
    return [link for link in page.links if "citation-link" in link.get("class", "").split()]


def _stylesheet(site: Path) -> tuple[str, str]:
    """The site's CSS for screens, and the rules of its print media block."""
    css = (site / "_static" / "liberation.css").read_text(encoding="utf-8")
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.DOTALL)
    start = css.index("@media print")
    return css[:start], css[start:]


def _rules(css: str) -> dict[str, str]:
    """Each selector of a stylesheet (no nesting) with its declarations."""
    found: dict[str, str] = {}
    for selectors, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css):
        for selector in selectors.split(","):
            found[" ".join(selector.split())] = found.get(" ".join(selector.split()), "") + body
    return found


@pytest.fixture(scope="module")
def sites(published: Path) -> Path:
    """The shipped content's site in every language."""
    return published.parent / "html"


# -- citations -------------------------------------------------------------------------


@pytest.mark.content
@pytest.mark.parametrize(
    ("lang", "first"),
    [("en", "Reference 1: Zamboni 2009"), ("ar", "المرجع 1: Zamboni 2009")],
)
def test_citation_numbers_are_named_for_screen_readers(sites: Path, lang: str, first: str) -> None:
    links = citations(read(sites / lang / "evidence.html"))
    assert links and links[0]["aria-label"] == first
    for link in links:
        number = re.search(r"\d+", link["aria-label"])
        key = link["id"].removeprefix("cite-").rsplit("-", 1)[0]
        assert number and link["href"] == f"#ref-{key}"
        assert re.search(r"\w+ (19|20)\d\d$", link["aria-label"]), link
    # The name is said in the page's language, even inside English text.
    assert all(link.get("lang") == ("ar" if lang == "ar" else None) for link in links)


def test_citation_numbers_and_back_links_are_targets_of_24_pixels(
    content: Path, build_site: BuildSite
) -> None:
    screen, printed = _stylesheet(build_site(content))
    rules = _rules(screen)
    for selector in (".citation-ref a.citation-link", "section.references a.backlink"):
        declared = rules[selector]
        assert re.search(r"min-inline-size:\s*24px", declared), selector
        assert re.search(r"min-block-size:\s*24px", declared), selector
        assert "inline-block" in declared
        # Logical properties only, so a right-to-left page mirrors the same rule.
        assert not re.search(r"-(left|right|top|bottom)\b|min-width|min-height", declared)
    assert "citation-link" in printed  # on paper the numbers sit back in the text


@pytest.mark.content
@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_reference_links_back_to_where_it_is_first_cited(sites: Path, lang: str) -> None:
    back_links = []
    for path in sorted((sites / lang).glob("*.html")):
        page = read(path)
        assert len(page.ids) == len(set(page.ids)), path.name
        found = [link for link in page.links if "backlink" in link.get("class", "")]
        assert len(found) == len([i for i in page.ids if i.startswith("ref-")]), path.name
        for back in found:
            target = back["href"].removeprefix("#")
            assert target in page.ids, (path.name, target)
            key = target.removeprefix("cite-").rsplit("-", 1)[0]
            first = next(c for c in citations(page) if c["href"] == f"#ref-{key}")
            assert first["id"] == target, (path.name, key)
        back_links += found
    assert len(back_links) > 20
    # A screen reader says where the arrow goes, in the page's language.
    names = {(back["aria-label"], back.get("lang")) for back in back_links}
    english = ("Back to the text", None)
    assert names == {english} if lang == "en" else (len(names) == 1 and english not in names)


def test_a_cited_source_gets_a_stable_anchor_for_each_place_it_is_cited(
    content: Path, build_site: BuildSite
) -> None:
    page = read(build_site(content) / "topic.html")
    assert [c["id"] for c in citations(page)] == [
        "cite-trial2018-1",
        "cite-agency2012-1",
        "cite-trial2018-2",
        "cite-trial2018-3",
    ]
    assert citations(page)[1]["aria-label"] == "Reference 2: A Health Agency 2012"


def test_a_label_that_looks_like_a_citation_anchor_is_refused(
    content: Path, build_site: BuildSite
) -> None:
    edit(content / "topic.md", "(topic-after)=", "(cite-after)=")
    with pytest.raises(LiberationError, match="starts like the anchors of citations"):
        build_site(content)


def test_no_reference_gets_a_second_full_stop(content: Path, build_site: BuildSite) -> None:
    references = content / "references.toml"
    edit(references, 'authors = ["Doe J", "Roe R"]', 'authors = ["Doe J", "Roe R", "et al."]')
    edit(references, 'title = "A trial of something"', 'title = "Does something work?"')
    edit(references, 'container = "Agency notices"', 'container = "Agency Notices Inc."')
    edit(references, 'title = "A warning"', 'title = "A warning."')
    site = build_site(content)
    html = (site / "topic.html").read_text(encoding="utf-8")
    listed = html[html.index('id="references"') :]
    assert "Doe J, Roe R, et al. Does something work? Journal of Tests 2018;1(2):3-4." in listed
    assert "A Health Agency. A warning. Agency Notices Inc., 2012-05-10." in listed
    composed = (site.parents[1] / "json" / "leaflets" / "en" / "leaflet.json").read_text("utf-8")
    for text in (listed, str(json_of(site, "topic")["references"]), composed):
        assert not re.search(r"\.\.(?!/)|\?\.", text)


@pytest.mark.content
def test_no_shipped_reference_has_a_doubled_full_stop(published: Path) -> None:
    for path in [*published.glob("*/*.json"), *published.glob("leaflets/*/*.json")]:
        assert not re.search(r"[A-Za-z]\.\.[ \"]", path.read_text(encoding="utf-8")), path
    site = published.parent / "html" / "en" / "evidence.html"
    assert "et al. Chronic" in site.read_text(encoding="utf-8")


# -- navigation ------------------------------------------------------------------------


@pytest.mark.content
@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_current_page_is_marked_in_the_page_list(sites: Path, lang: str) -> None:
    for path in sorted((sites / lang).glob("*.html")):
        if path.name in ("search.html", "404.html"):
            continue
        listed = [link for link in read(path).links if "site-nav" in link["in"]]
        current = [link for link in listed if link.get("aria-current") == "page"]
        assert len(current) == 1, (path.name, current)
        assert current[0]["href"] in ("#", path.name), path.name


ABOUT = {
    "en": "About this information",
    "fr": "À propos de ces informations",
    "es": "Sobre esta información",
    "ar": "عن هذه المعلومات",
}


@pytest.mark.content
@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_links_to_the_page_about_the_information(sites: Path, lang: str) -> None:
    about = read(sites / lang / "about.html")
    for section in (
        "about-who-writes-it",
        "about-how-it-is-checked",
        "about-report-a-problem",
        "about-sharing",
    ):
        assert section in about.ids, section
    pages = sorted((sites / lang).glob("*.html"))
    assert len(pages) > 12
    for path in pages:
        footer = [
            link
            for link in read(path).links
            if "site-footer" in link["in"] and "/api/" not in link["href"]
        ]
        here = path.name == "about.html"
        assert [(link["href"], link["text"]) for link in footer] == [
            ("#" if here else "about.html", ABOUT[lang])
        ], path.name
        assert (footer[0].get("aria-current") == "page") == here


@pytest.mark.content
def test_the_page_about_the_information_says_what_is_true(sites: Path) -> None:
    text = (sites / "en" / "about.html").read_text(encoding="utf-8")
    assert "A doctor or nurse has not reviewed this information yet." in text
    assert "CC BY 4.0" in text and "https://creativecommons.org/licenses/by/4.0/" in text
    assert 'href="aftercare.html#aftercare-report-a-problem"' in text
    assert "Reviewed by a clinician" not in text


# -- dates -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "day", "month"),
    [
        ("en", "10 January 2027", "January 2026"),
        ("fr", "10 janvier 2027", "janvier 2026"),
        ("ar", "10 يناير 2027", "يناير 2026"),
    ],
)
def test_dates_are_written_as_each_language_writes_them(
    content: Path, build_site: BuildSite, lang: str, day: str, month: str
) -> None:
    if lang != "en":
        prepare(content)
        assert main(["i18n", "update", lang, "--content", str(content)]) == 0
        for page in ("index", "topic", "interface"):
            translate(content, page, lang)
    site = build_site(content, lang=lang, today="2027-02-01", allow_overdue=True)
    html = (site / "topic.html").read_text(encoding="utf-8")
    notice = html[html.index('class="review-overdue"') :][:400]
    assert day in notice
    assert "2027-01-10" not in notice and "January 10" not in notice
    assert f'<time datetime="2026-01-10">{month}</time>' in html
    # Apps get the days as ISO dates, to write them their own way.
    snippet = json_of(site, "topic")
    assert snippet["lastReviewed"] == "2026-01-10" and snippet["reviewDue"] == "2027-01-10"
    review = snippet["review"]
    assert isinstance(review, dict) and review["published"] == "2026-01-10"


# -- print -----------------------------------------------------------------------------


def test_the_print_version_leaves_out_navigation_and_gives_the_address(
    content: Path, build_site: BuildSite
) -> None:
    site = build_site(content)
    screen, printed = _stylesheet(site)
    hiding = [s for s, body in _rules(printed).items() if "display: none" in body]
    for part in (".site-search", ".languages", ".site-nav", ".pager", "a.backlink"):
        assert part in hiding, part
    assert "display: none" in _rules(screen)[".print-only"]
    assert "display: block" in _rules(printed)[".print-only"]
    html = (site / "topic.html").read_text(encoding="utf-8")
    address = re.search(r'class="print-only page-address">([^<]*)<span dir="ltr">([^<]*)<', html)
    assert address and address[2] == "https://leaflets.example.net/en/topic.html"
    # With the address, the record printed beside it says how current the page is.
    record = html[html.index('class="page-record"') : html.index("page-address")]
    assert '<time datetime="2026-01-10">January 2026</time>' in record
