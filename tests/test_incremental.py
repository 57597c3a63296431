"""Incremental, parallel builds, progress and the live preview: what an author notices."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from babel.messages.pofile import read_po, write_po
from helpers import FIXTURE_TODAY, edit, translate_every_page, translate_interface

from liberation_content.build import BuildOptions, build
from liberation_content.build.preview import Preview
from liberation_content.build.progress import Progress
from liberation_content.cli import main


def _french(content: Path) -> None:
    translate_every_page(content)
    translate_interface(content)


def _french_preview(content: Path, tmp_path: Path) -> Preview:
    """A preview of the French site and the short leaflet, in tmp/out/preview."""
    options = BuildOptions(out=tmp_path / "out", content=content, today=FIXTURE_TODAY)
    return Preview(options, lang="fr", leaflet="leaflet")


def _mtimes(out: Path) -> dict[Path, int]:
    return {
        path: path.stat().st_mtime_ns
        for path in out.rglob("*")
        if path.is_file() and ".cache" not in path.parts and path.name != ".liberation-build.json"
    }


def _change_one_french_entry(content: Path, suffix: str = " Encore.") -> None:
    po = content / "locales" / "fr" / "LC_MESSAGES" / "topic.po"
    with po.open("rb") as handle:
        catalog = read_po(handle)
    entry = next(m for m in catalog if m.id and "`" not in str(m.id) and "?" not in str(m.id))
    entry.string = str(entry.string) + suffix
    with po.open("wb") as handle:
        write_po(handle, catalog, width=79)


@pytest.fixture
def built(content: Path, tmp_path: Path) -> tuple[Path, BuildOptions]:
    """English and French, every product, built once."""
    _french(content)
    options = BuildOptions(out=tmp_path / "out", content=content, today=FIXTURE_TODAY)
    build(options)
    return content, options


def test_a_build_with_nothing_to_do_writes_nothing_and_loads_no_heavy_tool(
    built: tuple[Path, BuildOptions],
) -> None:
    content, options = built
    before = _mtimes(options.out)
    assert any(p.suffix == ".pdf" for p in before) and any(p.suffix == ".html" for p in before)
    time.sleep(0.01)
    script = (
        "import sys\n"
        "from liberation_content.cli import main\n"
        f"code = main(['build', '--content', {str(content)!r}, '--out', {str(options.out)!r},"
        f" '--today', {FIXTURE_TODAY!r}])\n"
        "print(code, 'sphinx' in sys.modules, 'weasyprint' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd="/"
    )
    assert done.stdout.strip().splitlines()[-1] == "0 False False", done.stdout + done.stderr
    assert "everything is up to date" in done.stdout
    assert _mtimes(options.out) == before


def test_one_changed_french_entry_rebuilds_only_french(
    built: tuple[Path, BuildOptions],
) -> None:
    content, options = built
    before = _mtimes(options.out)
    _change_one_french_entry(content)
    build(options)
    after = _mtimes(options.out)
    changed = {p.relative_to(options.out) for p in after if after[p] != before.get(p)}
    assert changed, "the French outputs must be rebuilt"
    for path in changed:
        parts = path.parts
        # The manifest lists every file with its hash, and the feed every changed text, so
        # they change with them.
        assert "fr" in parts or path.name in ("index.json", "changes.json"), path
    assert any(p.parts[:2] == ("html", "fr") for p in changed)
    assert any(p.parts[:2] == ("pdf", "fr") for p in changed)
    page = (options.out / "html" / "fr" / "topic.html").read_text(encoding="utf-8")
    assert "Encore." in page


def test_a_changed_brand_file_reprints_the_leaflets_only(
    built: tuple[Path, BuildOptions], tmp_path: Path
) -> None:
    _, options = built
    before = _mtimes(options.out)
    brand = tmp_path / "brand.toml"
    brand.write_text('name = "Our MS Group"\n', encoding="utf-8")
    build(options.with_(brand=brand))
    after = _mtimes(options.out)
    changed = {p.relative_to(options.out) for p in after if after[p] != before.get(p)}
    assert changed and all(p.parts[0] == "pdf" for p in changed), changed


def test_a_deleted_output_is_made_again(built: tuple[Path, BuildOptions]) -> None:
    _, options = built
    target = options.out / "pdf" / "en" / "leaflet-home-a5.pdf"
    target.unlink()
    build(options)
    assert target.is_file()


def test_a_failed_language_leaves_its_last_good_output_and_builds_the_others(
    built: tuple[Path, BuildOptions],
) -> None:
    content, options = built
    page = options.out / "html" / "fr" / "topic.html"
    good = page.read_bytes()
    po = content / "locales" / "fr" / "LC_MESSAGES" / "topic.po"
    po.write_text(po.read_text(encoding="utf-8") + '\nmsgid "broken\n', encoding="utf-8")
    edit(content / "index.md", "- It is a test.", "- It is a test, again.")
    with pytest.raises(Exception, match=r"topic\.po"):
        build(options)
    assert page.read_bytes() == good
    english = (options.out / "html" / "en" / "index.html").read_text(encoding="utf-8")
    assert "It is a test, again." in english


def test_progress_is_plain_lines_when_not_on_a_terminal(
    content: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    code = main(["build", "--content", str(content), "--out", str(out), "--today", FIXTURE_TODAY])
    assert code == 0
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if line.startswith("[")]
    assert lines[0].startswith("[1/") and "html and json en" in lines[0]
    assert any("pdf en leaflet" in line for line in lines)
    assert "\r" not in err


def test_progress_draws_a_bar_on_a_terminal() -> None:
    class Terminal:
        def __init__(self) -> None:
            self.text = ""

        def write(self, text: str) -> None:
            self.text += text

        def flush(self) -> None:
            pass

        def isatty(self) -> bool:
            return True

    terminal = Terminal()
    progress = Progress(2, terminal)  # type: ignore[arg-type]
    progress.step("html and json fr")
    progress.step("pdf fr leaflet")
    assert "\r" in terminal.text and "[############" in terminal.text
    assert "2/2 pdf fr leaflet" in terminal.text and terminal.text.endswith("\n")


def test_preview_refreshes_a_changed_translation_in_a_warm_process(
    content: Path, tmp_path: Path
) -> None:
    _french(content)
    preview = _french_preview(content, tmp_path)
    preview.build()
    page = preview.html / "topic.html"
    assert (
        page.is_file() and (tmp_path / "out" / "preview" / "pdf" / "fr" / "leaflet.pdf").is_file()
    )
    assert not (tmp_path / "out" / "html").exists(), "a preview never touches the products"
    for suffix in (" Encore.", " Toujours."):
        _change_one_french_entry(content, suffix)
        preview.build()
        assert suffix.strip() in page.read_text(encoding="utf-8")


def test_preview_serves_the_site_on_this_machine(content: Path, tmp_path: Path) -> None:
    import urllib.request  # noqa: PLC0415

    preview = Preview(BuildOptions(out=tmp_path / "out", content=content, today=FIXTURE_TODAY))
    preview.watch(interval=0, rounds=1)
    address = preview.serve(0)
    with urllib.request.urlopen(address, timeout=5) as response:  # noqa: S310 - local
        assert response.status == 200 and b"<html" in response.read()


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="needs two cores")
def test_languages_are_built_in_parallel_processes(content: Path, tmp_path: Path) -> None:
    _french(content)
    options = BuildOptions(out=tmp_path / "out", content=content, today=FIXTURE_TODAY)
    build(options, ("html",))
    for lang in ("en", "fr"):
        assert (options.out / "html" / lang / "index.html").is_file()


def test_preview_follows_renamed_blocks_and_changed_labels(content: Path, tmp_path: Path) -> None:
    _french(content)
    preview = _french_preview(content, tmp_path)
    preview.build()
    snippets = tmp_path / "out" / "preview" / "json" / "fr"
    assert (snippets / "topic-in-brief.json").is_file()
    edit(content / "topic.md", "(topic-in-brief)=", "(topic-summary)=")
    for definition in (content / "leaflets").glob("*.toml"):
        text = definition.read_text(encoding="utf-8")
        definition.write_text(text.replace('"topic-in-brief"', '"topic-summary"'), "utf-8")
    po = content / "locales" / "fr" / "LC_MESSAGES" / "interface.po"
    po.write_text(
        po.read_text(encoding="utf-8").replace('msgstr "[fr] Version"', 'msgstr "[fr] Révision"'),
        encoding="utf-8",
    )
    preview.build()
    assert (snippets / "topic-summary.json").is_file()
    assert not (snippets / "topic-in-brief.json").exists(), "a removed block's snippet is gone"
    import pdfplumber  # noqa: PLC0415

    with pdfplumber.open(tmp_path / "out" / "preview" / "pdf" / "fr" / "leaflet.pdf") as doc:
        assert "[fr] Révision" in (doc.pages[0].extract_text() or "")


def test_printing_brings_the_composed_leaflets_up_to_date_first(
    built: tuple[Path, BuildOptions],
) -> None:
    """Leaflets are printed from the current content: missing composed leaflets (a build
    folder made by an older version, say) are made again, never taken as "no leaflets"."""
    content, options = built
    pdfs = sorted((options.out / "pdf" / "fr").glob("*.pdf"))
    shutil.rmtree(options.out / "json" / "leaflets")
    build(options, ("pdf",))
    assert sorted((options.out / "pdf" / "fr").glob("*.pdf")) == pdfs and len(pdfs) == 12
    edit(content / "topic.md", "Ask these.", "Ask these now.")
    build(options, ("pdf",))  # the site first: the leaflet says what the page now says
    composed = (options.out / "json" / "leaflets" / "en" / "leaflet.json").read_text("utf-8")
    assert "Ask these now." in composed


def test_preview_shows_what_the_build_would_refuse_and_reloads_the_page(
    content: Path, tmp_path: Path
) -> None:
    """A translation that fails a check is held back silently by a build; the preview
    says so with file and line, in the terminal's words and as a banner on the page, and
    the page reloads itself when a rebuild finishes."""
    import json  # noqa: PLC0415
    import urllib.request  # noqa: PLC0415

    _french(content)
    preview = _french_preview(content, tmp_path)
    preview.build()
    assert preview.problems == []
    po = content / "locales" / "fr" / "LC_MESSAGES" / "topic.po"
    text = po.read_text(encoding="utf-8")
    # The translator drops the citation: the page would be held back in English.
    po.write_text(
        text.replace("[fr] No. Trials found no gain {cite}`trial2018`.", "[fr] Non."), "utf-8"
    )
    preview.build()
    assert any(re.match(rf"{re.escape(str(po))}:\d+: ", p) for p in preview.problems)
    address = preview.serve(0)
    with urllib.request.urlopen(address, timeout=5) as response:  # noqa: S310 - local
        page = response.read().decode("utf-8")
    assert "__preview__/state.json" in page and "location.reload()" in page
    state_address = address.rsplit("/", 2)[0] + "/__preview__/state.json"
    with urllib.request.urlopen(state_address, timeout=5) as response:  # noqa: S310 - local
        state = json.loads(response.read())
    assert state["problems"] == preview.problems and state["generation"] == 2
    po.write_text(text, "utf-8")
    preview.build()
    with urllib.request.urlopen(state_address, timeout=5) as response:  # noqa: S310 - local
        state = json.loads(response.read())
    assert state == {"generation": 3, "problems": []}
