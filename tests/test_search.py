"""Site search: each language's pages indexed by Pagefind into its own folder, and a search
page that is valid HTML, with one labelled form that comes back to itself and a live
region, and none of Sphinx's search machinery. (tests/test_browser.py searches with it.)"""

from __future__ import annotations

import json
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import html5lib
import pytest
from helpers import BuildSite, edit, translate_every_page, translate_interface

from liberation_content.errors import LiberationError

#: Sphinx's own search: its index and the scripts that read it.
SPHINX_SEARCH = (
    "searchindex.js",
    "searchtools.js",
    "language_data.js",
    "doctools.js",
    "sphinx_highlight.js",
    "documentation_options.js",
)


class Markup(HTMLParser):
    """What a validator would look at: ids, forms, labels, attributes, scripts."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: Counter[str] = Counter()
        self.elements: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        self.elements.append((tag, found))
        if found.get("id"):
            self.ids[str(found["id"])] += 1

    def all(self, tag: str) -> list[dict[str, str | None]]:
        return [attrs for name, attrs in self.elements if name == tag]


def markup(page: Path) -> Markup:
    parser = Markup()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def parse_errors(page: Path) -> list[object]:
    """The HTML parsing errors of a page, as the WHATWG parser (html5lib) reports them."""
    parser = html5lib.HTMLParser()
    parser.parse(page.read_bytes())
    return list(parser.errors)


def test_the_search_page_is_one_labelled_form_coming_back_to_itself(
    content: Path, build_site: BuildSite
) -> None:
    page = build_site(content) / "search.html"
    found = markup(page)
    assert parse_errors(page) == []
    assert [name for name, count in found.ids.items() if count > 1] == []
    forms = found.all("form")
    assert len(forms) == 1  # the header's search box is not repeated here
    assert forms[0]["action"] == "search.html"
    assert forms[0]["role"] == "search"
    (box,) = [attrs for attrs in found.all("input") if attrs.get("name") == "q"]
    assert box["type"] == "search"
    assert [label["for"] for label in found.all("label")] == [box["id"]]
    assert any(attrs.get("type") == "submit" for attrs in found.all("button"))
    assert not [attrs for _, attrs in found.elements if "autocorrect" in attrs]
    (status,) = [attrs for _, attrs in found.elements if attrs.get("role") == "status"]
    assert status["aria-live"] == "polite"
    assert "{count}" in str(status["data-found"])
    assert "JavaScript" in page.read_text(encoding="utf-8")  # said to browsers without it


def test_sphinx_search_is_neither_written_nor_loaded(content: Path, build_site: BuildSite) -> None:
    site = build_site(content)
    assert not (site / "searchindex.js").exists()
    for name in ("index.html", "topic.html", "search.html", "404.html"):
        scripts = [str(attrs.get("src")) for attrs in markup(site / name).all("script")]
        assert not [s for s in scripts if s.split("?")[0].rsplit("/", 1)[-1] in SPHINX_SEARCH]
        assert any("liberation.js" in s for s in scripts)
    assert any("search.js" in str(a.get("src")) for a in markup(site / "search.html").all("script"))


def test_the_header_search_goes_to_the_search_page(content: Path, build_site: BuildSite) -> None:
    site = build_site(content)
    for name in ("index.html", "topic.html", "404.html"):
        found = markup(site / name)
        (form,) = found.all("form")
        assert (form["action"], form["method"], form["role"]) == ("search.html", "get", "search")
        assert [a["name"] for a in found.all("input")] == ["q"]
        assert parse_errors(site / name) == []


def test_only_the_content_of_pages_is_indexed(content: Path, build_site: BuildSite) -> None:
    site = build_site(content)
    for name, indexed in (("index.html", True), ("topic.html", True), ("search.html", False)):
        (main,) = markup(site / name).all("main")
        assert ("data-pagefind-body" in main) is indexed, name
    (main,) = markup(site / "404.html").all("main")
    assert "data-pagefind-body" not in main
    # What is about the page, not its text, is left out.
    page = (site / "topic.html").read_text(encoding="utf-8")
    assert 'class="page-record" aria-label="About this page" data-pagefind-ignore' in page


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_each_language_gets_its_own_index_in_its_folder(
    content: Path, build_site: BuildSite, lang: str
) -> None:
    if lang != "en":
        translate_every_page(content)
        translate_interface(content)
    site = build_site(content, lang)
    index = site / "pagefind"
    entry = json.loads((index / "pagefind-entry.json").read_bytes())
    assert list(entry["languages"]) == [lang]
    assert entry["languages"][lang]["page_count"] == 2  # index and topic: not search, not 404
    assert (index / "pagefind.js").is_file()
    assert (index / f"wasm.{lang}.pagefind").is_file()
    # Pagefind's ready-made interfaces are not used, so not published.
    assert not list(index.glob("pagefind-*ui*"))


def test_a_failed_index_publishes_nothing(
    content: Path, build_site: BuildSite, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    site = build_site(content)
    before = (site / "topic.html").read_bytes()
    edit(content / "topic.md", "One topic page", "One changed topic page")
    failing = tmp_path / "pagefind"
    failing.write_text("#!/bin/sh\necho 'cannot write the index' >&2\nexit 3\n", encoding="utf-8")
    failing.chmod(0o755)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(failing))
    with pytest.raises(LiberationError) as failure:
        build_site(content)
    assert "Pagefind could not index the site" in str(failure.value)
    assert "cannot write the index" in str(failure.value)
    assert (site / "topic.html").read_bytes() == before
