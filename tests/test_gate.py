"""The publish gate judged against the English being built: an author changes an English
sentence and builds at once, without extracting or updating the catalogs. No page,
snippet or leaflet labelled French, Spanish or Arabic may carry the new sentence, and
``i18n status`` must say what the build did."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import SITE, edit, pdftotext

from liberation_content.build import BuildOptions, build
from liberation_content.resources import content_dir

pytestmark = pytest.mark.content

OLD = "If you have had it, tell your MS team."
NEW = "If you have had it, tell your MS team today, and bring this sheet."
TRANSLATED = ("fr", "es", "ar")


@pytest.fixture(scope="module")
def edited(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The shipped content with one English sentence of the key facts changed, built at
    once into every product and language."""
    root = tmp_path_factory.mktemp("gate")
    content = root / "content"
    shutil.copytree(content_dir(), content)
    edit(content / "index.md", OLD, NEW)
    out = root / "out"
    build(BuildOptions(out=out, content=content, allow_overdue=True, site_url=SITE))
    return content, out


@pytest.mark.parametrize("lang", TRANSLATED)
def test_a_page_whose_english_changed_is_held_back_whole(
    edited: tuple[Path, Path], lang: str
) -> None:
    _, out = edited
    html = (out / "html" / lang / "index.html").read_text(encoding="utf-8")
    body = html.split('<div class="body"', 1)[1]
    # The whole page is English, says so, and sits under the reader's-language notice.
    assert body.startswith(' lang="en" dir="ltr">') and NEW in re.sub(r"<[^>]+>", "", body)
    assert 'class="translation-held-back"' in html
    snippet = json.loads((out / "json" / lang / "index.json").read_text(encoding="utf-8"))
    assert snippet["translationStatus"] == "outdated" and snippet["lang"] == "en"
    # The pages whose English did not change are still published in the language.
    other = json.loads((out / "json" / lang / "safety.json").read_text(encoding="utf-8"))
    assert other["translationStatus"] == "complete" and other["lang"] == lang


@pytest.mark.parametrize("lang", TRANSLATED)
def test_no_output_labelled_in_the_language_carries_the_new_english(
    edited: tuple[Path, Path], lang: str
) -> None:
    _, out = edited
    for path in sorted((out / "json" / lang).rglob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        if NEW in json.dumps(data, ensure_ascii=False):
            assert data.get("lang") == "en", path
            assert data.get("translationStatus", "outdated") != "complete", path
    leaflets = out / "json" / "leaflets" / lang
    for path in sorted(leaflets.glob("*.json")):
        assert NEW not in path.read_text(encoding="utf-8"), path
    pdfs = sorted((out / "pdf" / lang).glob("*.pdf"))
    assert pdfs, "the leaflets that do not print the key facts are still made"
    for path in pdfs:
        assert "tell your MS team today" not in " ".join(pdftotext(path.read_bytes()).split()), path
    assert not (out / "pdf" / lang / "leaflet-home-a5.pdf").exists()


@pytest.mark.parametrize("lang", TRANSLATED)
def test_the_status_command_agrees_without_extracting_first(
    edited: tuple[Path, Path], lang: str
) -> None:
    content, _ = edited
    command = [sys.executable, "-m", "liberation_content", "i18n", "status", lang]
    report = subprocess.run(
        [*command, "--json", "--content", str(content)], capture_output=True, check=True
    )
    pages = {page["page"]: page for page in json.loads(report.stdout)[lang]}
    assert pages["index"]["status"] == "outdated" and not pages["index"]["publishable"]
    assert pages["index"]["untranslated"] >= 1
    assert pages["safety"]["status"] == "complete"
