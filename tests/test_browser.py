"""The real site in a real browser, as a reader on a phone meets it: Chromium, driven by
Playwright (tests/browser/check_site.mjs), over the site served on this machine.

Every language fits a 320 px wide screen with its heading in the first screen; the list
of all pages waits behind a labelled control that opens and closes by mouse and keyboard;
a search finds pages with excerpts and the live region says how many; without scripts the
search page says why there is no search and lists the pages, and opened from files it says
why it cannot search; no page logs an error; and
axe-core finds no accessibility violation. ``nox -s tests`` installs Chromium (as root)
and the npm packages; where they are missing these tests are skipped, saying why (in CI
they fail instead).
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import shutil
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from helpers import ROOT, SITE

pytestmark = pytest.mark.content

BROWSER_TESTS = ROOT / "tests" / "browser"
#: A word to search for in each language. The Arabic one is written without the article
#: and prefixes that most of its uses in the text carry (التجربة، للتجربة): only Arabic
#: stemming finds those.
WORDS = {"en": "trial", "fr": "essai", "es": "ensayo", "ar": "تجربة"}
PAGES = ("index.html", "evidence.html", "safety.html", "search.html", "404.html")
NARROW = 320


def _why_not() -> str:
    """Why the browser cannot be driven here, or ''."""
    if shutil.which("node") is None:
        return "Node.js is not installed"
    if not (BROWSER_TESTS / "node_modules" / "playwright-core").is_dir():
        return "Playwright is not installed in tests/browser/ (nox -s tests installs it)"
    if _chromium() is None:
        return "Chromium is not installed (apt-get install chromium)"
    return ""


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def _served(folder: Path) -> Iterator[str]:
    """``folder`` served over HTTP on this machine only, at the address yielded."""
    handler = functools.partial(_Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def seen(published: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """What the browser found on the real site, in every language."""
    why = _why_not()
    if why:
        if os.environ.get("CI"):
            pytest.fail(f"the browser tests must run in CI, but {why}")
        pytest.skip(why)
    site = published.parent / "html"
    plan_file = tmp_path_factory.mktemp("browser") / "plan.json"
    with _served(site) as base:
        plan = {
            "chromium": _chromium(),
            "base": base,
            "files": site.resolve().as_uri() + "/",
            "site": SITE,  # the site's own address, answered from the local copy
            "languages": WORDS,
            "pages": PAGES,
            # Every page, in every language, the search results included.
            "axe": {
                "languages": list(WORDS),
                "pages": [
                    *(p.name for p in sorted((site / "en").glob("*.html")) if p.stem != "search"),
                    "search.html?q={word}",
                ],
            },
            # Set LIBERATION_SCREENSHOTS to a folder to see the pages as the test saw them.
            "screenshots": os.environ.get("LIBERATION_SCREENSHOTS", ""),
        }
        plan_file.write_text(json.dumps(plan), encoding="utf-8")
        ran = subprocess.run(
            [str(shutil.which("node")), str(BROWSER_TESTS / "check_site.mjs"), str(plan_file)],
            capture_output=True,
            text=True,
            timeout=400,
            check=False,
        )
    assert ran.returncode == 0, ran.stderr
    found: dict[str, Any] = json.loads(ran.stdout)
    return found


@pytest.mark.parametrize("lang", WORDS)
def test_every_page_fits_a_phone_with_its_heading_in_the_first_screen(
    seen: dict[str, Any], lang: str
) -> None:
    pages = [page for page in seen["pages"] if page["lang"] == lang]
    assert {page["page"] for page in pages} == set(PAGES)
    for page in pages:
        assert page["scrollWidth"] <= NARROW, page
        assert page["headingTop"] is not None, page
        assert page["headingTop"] < page["viewportHeight"], page


@pytest.mark.parametrize("lang", WORDS)
def test_the_list_of_pages_waits_behind_a_labelled_control_on_a_phone(
    seen: dict[str, Any], lang: str
) -> None:
    control = seen["pageList"][lang]
    assert control["label"]
    assert control["label"] == control["navLabel"]
    assert control["closedAtFirst"]
    assert control["openedByClick"]
    assert control["closedByKeyboard"]
    assert control["openedByKeyboard"]
    # On a wide screen the list is simply shown.
    assert control["openWhenWide"]
    assert control["summaryHiddenWhenWide"]


@pytest.mark.parametrize("lang", WORDS)
def test_search_finds_pages_with_excerpts_and_says_how_many(
    seen: dict[str, Any], lang: str
) -> None:
    search = seen["search"][lang]
    for results in (search["fromHeader"], search["again"]):
        assert results["count"] >= 1
        assert all(results["excerpts"]), results
        assert all(results["titles"]), results
        assert results["marks"] >= 1
        assert results["statusRole"] == "status"
        assert str(results["count"]) in results["status"]
        assert WORDS[lang] in results["status"]
        assert all(link.startswith(f"/{lang}/") for link in results["links"]), results
    assert "search.html?q=" in search["fromHeader"]["url"]
    assert search["scrollWidth"] <= NARROW


def test_arabic_search_finds_words_with_prefixes(seen: dict[str, Any]) -> None:
    marked = seen["search"]["ar"]["fromHeader"]["marked"]
    # Pagefind matches the start of a word; words found with a prefix were stemmed.
    assert any(not word.startswith(WORDS["ar"]) for word in marked), marked


@pytest.mark.parametrize("lang", WORDS)
def test_without_scripts_the_search_page_lists_the_pages(seen: dict[str, Any], lang: str) -> None:
    page = seen["noScript"][lang]
    assert "JavaScript" in page["message"]
    assert page["links"] >= 10
    assert not page["searchFormShown"]
    assert not page["headerSearchShown"]


def test_opened_from_files_the_search_page_says_it_cannot_search(seen: dict[str, Any]) -> None:
    assert seen["fromFiles"]["status"] == seen["fromFiles"]["expected"]
    assert "file" in seen["fromFiles"]["status"]


def test_no_page_logs_an_error_or_reaches_outside(seen: dict[str, Any]) -> None:
    assert seen["consoleErrors"] == []
    assert seen["outsideRequests"] == []


def test_axe_finds_no_accessibility_violation(seen: dict[str, Any]) -> None:
    assert len(seen["axe"]) >= 4 * 16  # every page of every language
    found = {f"{run['lang']}/{run['page']}": run["violations"] for run in seen["axe"]}
    assert all(not violations for violations in found.values()), found
