"""What a static host and a search engine need: a root page listing the languages, a 404
page per language, a favicon, robots.txt and a sitemap with language alternates, each
page's description and sharing tags, all with absolute addresses from the site's address
when it is set, and relative ones (and no sitemap) when it is not."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
from helpers import FIXTURE_TODAY, SITE

from liberation_content.build import BuildOptions, build
from liberation_content.model.languages import native_name

LANGUAGES = ("en", "fr", "es", "ar")
_SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
_XHTML = "{http://www.w3.org/1999/xhtml}"


class _Head(HTMLParser):
    """The <head> tags of a page that a host, a search engine or a sharing service reads."""

    def __init__(self) -> None:
        super().__init__()
        self.meta: dict[str, str] = {}
        self.alternates: dict[str, str] = {}
        self.links: dict[str, str] = {}
        self.title = ""
        self.h1 = ""
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {k: v or "" for k, v in attrs}
        if tag == "meta" and ("name" in found or "property" in found):
            self.meta[found.get("name") or found["property"]] = found.get("content", "")
        elif tag == "link" and found.get("rel") == "alternate" and "hreflang" in found:
            self.alternates[found["hreflang"]] = found["href"]
        elif tag in ("link", "base") and (found.get("rel") or tag) not in self.links:
            self.links[found.get("rel") or tag] = found.get("href", "")
        elif tag in ("title", "h1"):
            self._in = tag

    def handle_data(self, data: str) -> None:
        if self._in == "title":
            self.title += data
        elif self._in == "h1":
            self.h1 += data

    def handle_endtag(self, tag: str) -> None:
        if tag == self._in:
            self._in = None


def _head(path: Path) -> _Head:
    parser = _Head()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


@pytest.fixture(scope="module")
def site(published: Path) -> Path:
    return published.parent / "html"


@pytest.mark.content
def test_the_root_page_lists_every_language_with_alternates(site: Path) -> None:
    root = site / "index.html"
    head = _head(root)
    text = root.read_text(encoding="utf-8")
    for lang in LANGUAGES:
        assert head.alternates[lang] == f"{SITE}{lang}/index.html"
        assert native_name(lang) in text
        assert f'href="{lang}/index.html"' in text  # works wherever the folder is served
        home = json.loads((site.parent / "json" / lang / "index.json").read_bytes())
        assert home["title"] in text
    assert head.alternates["x-default"] == f"{SITE}en/index.html"
    assert head.links["canonical"] == f"{SITE}index.html"
    assert (site / "favicon.svg").read_bytes().startswith(b"<svg")
    # For hosts that look for it at the top: the English one, its links made absolute.
    assert (site / "404.html").read_bytes() == (site / "en" / "404.html").read_bytes()


@pytest.mark.content
def test_robots_and_the_sitemap_cover_every_page_in_every_language(site: Path) -> None:
    assert (
        (site / "robots.txt").read_text(encoding="utf-8").endswith(f"Sitemap: {SITE}sitemap.xml\n")
    )
    tree = ET.parse(site / "sitemap.xml")  # noqa: S314 - the build's own output
    entries = {}
    for url in tree.getroot().iter(f"{_SITEMAP}url"):
        loc = url.findtext(f"{_SITEMAP}loc")
        assert loc and loc.startswith(SITE)
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", url.findtext(f"{_SITEMAP}lastmod") or "")
        alternates = {link.get("hreflang"): link.get("href") for link in url.iter(f"{_XHTML}link")}
        assert alternates["x-default"].startswith(f"{SITE}en/")
        entries[loc] = alternates
    pages = sorted(p.stem for p in (site / "en").glob("*.html") if p.stem not in ("404", "search"))
    for lang in LANGUAGES:
        for page in pages:
            address = f"{SITE}{lang}/{page}.html"
            assert address in entries, address
            assert set(entries[address]) == {*LANGUAGES, "x-default"}
    assert not any("404" in loc or "search" in loc for loc in entries)


@pytest.mark.content
@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_page_says_what_it_is_to_search_engines_and_sharing(site: Path, lang: str) -> None:
    for page in ("index", "evidence", "safety"):
        head = _head(site / lang / f"{page}.html")
        snippet = json.loads((site.parent / "json" / lang / f"{page}.json").read_bytes())
        assert head.meta["description"] == snippet["summary"]
        assert head.meta["og:description"] == snippet["summary"]
        assert head.meta["og:title"] == snippet["title"]
        assert head.meta["og:url"] == head.links["canonical"] == f"{SITE}{lang}/{page}.html"
        assert head.meta["og:type"] == ("website" if page == "index" else "article")
        for other in LANGUAGES:
            assert head.alternates[other] == f"{SITE}{other}/{page}.html"
        assert head.alternates["x-default"] == f"{SITE}en/{page}.html"
        assert head.links["icon"].endswith("favicon.svg")
    home = _head(site / lang / "index.html")
    assert home.title.strip() == home.meta["og:title"]  # the site's name is not repeated


@pytest.mark.content
@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_404_page_per_language_works_from_any_address(site: Path, lang: str) -> None:
    head = _head(site / lang / "404.html")
    assert head.links["base"] == f"{SITE}{lang}/"
    assert head.meta["robots"] == "noindex"
    home = _head(site / lang / "index.html")
    assert head.h1.strip() and head.h1 != home.h1
    if lang != "en":
        assert head.h1.strip() != "Page not found"  # translated


def test_without_the_sites_address_nothing_points_to_a_made_up_one(
    content: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    build(BuildOptions(out=out, content=content, today=FIXTURE_TODAY, site_url=SITE), ("html",))
    assert (out / "html" / "sitemap.xml").is_file()
    build(BuildOptions(out=out, content=content, today=FIXTURE_TODAY, site_url=""), ("html",))
    site = out / "html"  # the sitemap and the top 404 page of the address went with it
    assert sorted(p.name for p in site.iterdir() if p.is_file()) == [
        "favicon.svg",
        "index.html",
        "robots.txt",
    ]
    assert "Sitemap" not in (site / "robots.txt").read_text(encoding="utf-8")
    for page in (site / "index.html", site / "en" / "index.html", site / "en" / "404.html"):
        head = _head(page)
        assert "canonical" not in head.links and "og:url" not in head.meta
        assert "base" not in head.links
        assert not any("://" in href for href in head.alternates.values())


@pytest.mark.content
@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_links_the_api_and_prints_its_address_and_day(site: Path, lang: str) -> None:
    """Apps find the JSON from any page; a printed page says where it came from and, with
    its small script, the day it was printed, in its own language."""
    for page in ("index", "safety", "404"):
        html = (site / lang / f"{page}.html").read_text(encoding="utf-8")
        found = re.search(r'<p class="api-link"><a href="([^"]+)">([^<]+)</a>', html)
        assert found and found.group(1) == f"{SITE}api/v2/index.html", page
        assert (site / "api" / "v2" / "index.html").is_file()
        assert "_static/printed-on.js" in html
        if lang != "en":
            assert found.group(2) != "This information as data for apps"
        if page == "404":
            continue  # not a page of the information: no review record to print
        printed = re.search(r'class="print-only printed-on" data-template="([^"]+)"', html)
        assert printed and "{date}" in printed.group(1), page
        assert lang == "en" or printed.group(1) != "Printed on {date}."
    assert "beforeprint" in (site / lang / "_static" / "printed-on.js").read_text(encoding="utf-8")


@pytest.mark.content
def test_the_printed_day_is_written_as_the_page_writes_dates(site: Path) -> None:
    for lang, locale in (("en", "en-001"), ("fr", "fr"), ("ar", "ar")):
        html = (site / lang / "safety.html").read_text(encoding="utf-8")
        assert f'data-locale="{locale}" hidden' in html, lang
