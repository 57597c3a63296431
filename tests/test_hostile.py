"""Content and translations written by a hostile contributor: no file outside the content
folder is read, nothing is fetched, no script address reaches the navigation, and the
build stops with the file, the line and what to write instead."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from helpers import FIXTURE_TODAY, edit, translate_every_page

from liberation_content.cli import main
from liberation_content.i18n.catalogs import check_catalogs

MARKER = "liberation-secret-7f3a"


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    """A file outside the content folder that must never be published."""
    path = tmp_path / "outside" / "secret.txt"
    path.parent.mkdir()
    path.write_text(f"{MARKER}\n", encoding="utf-8")
    return path


def _build(content: Path, out: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    capsys.readouterr()
    command = ["build", "html", "--lang", "en", "--content", str(content), "--out", str(out)]
    code = main([*command, "--today", FIXTURE_TODAY])
    return code, capsys.readouterr().err


def _published(out: Path) -> str:
    """Everything the build published (its caches and records are not published)."""
    return "".join(
        p.read_text(encoding="utf-8", errors="replace")
        for folder in ("html", "json", "pdf")
        for p in sorted((out / folder).rglob("*"))
        if p.is_file()
    )


@pytest.mark.parametrize(
    ("markup", "expected"),
    [
        ("```{literalinclude} MARKER\n```", "{literalinclude} directive is not allowed"),
        ("```{include} MARKER\n```", "{include} directive is not allowed"),
        ("```{csv-table} Data\n:file: MARKER\n```", "{csv-table} directive is not allowed"),
        ("```{csv-table} Data\n:url: http://127.0.0.1:9/x.csv\n```", "write a Markdown table"),
        ("```{raw} html\n:file: MARKER\n```", "{raw} directive is not allowed"),
        ("```{eval-rst}\n.. include:: MARKER\n```", "{eval-rst} directive is not allowed"),
        (
            "```{eval-rst}\n.. meta::\n   :http-equiv=refresh: 0; url=https://evil.example/\n```",
            "{eval-rst} directive is not allowed",
        ),
        ("Get {download}`this <MARKER>` now.", "{download} role is not allowed"),
        ("```{image} https://tracker.example/pixel.png\n```", "{image} directive is not allowed"),
    ],
)
def test_markup_that_reads_or_fetches_is_refused_with_its_line(
    content: Path,
    tmp_path: Path,
    secret: Path,
    capsys: pytest.CaptureFixture[str],
    markup: str,
    expected: str,
) -> None:
    out = tmp_path / "out"
    assert _build(content, out, capsys)[0] == 0
    before = _published(out)
    page = content / "topic.md"
    lines = len(page.read_text(encoding="utf-8").splitlines())
    relative = os.path.relpath(secret, content)
    page.write_text(
        page.read_text(encoding="utf-8") + "\n" + markup.replace("MARKER", relative) + "\n",
        encoding="utf-8",
    )
    code, err = _build(content, out, capsys)
    assert code == 1 and "Traceback" not in err and expected in err, err
    assert f"topic.md:{lines + 2}: " in err
    assert MARKER not in _published(out) and _published(out) == before


def test_a_script_address_never_reaches_the_navigation(
    content: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(
        content / "index.md",
        "```{toctree}\n",
        "```{toctree}\nClick me <javascript://%0aalert(document.domain)>\n",
    )
    code, err = _build(content, tmp_path / "out", capsys)
    assert code == 1 and "javascript" in err and "Traceback" not in err
    assert not (tmp_path / "out" / "html" / "en").exists()


def test_pages_and_catalogs_that_are_links_to_other_files_are_refused(
    content: Path, tmp_path: Path, secret: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (content / "leak.md").symlink_to(secret)
    code, err = _build(content, tmp_path / "out", capsys)
    assert code == 1 and f"{content / 'leak.md'}: this is a link to another file" in err
    (content / "leak.md").unlink()
    translate_every_page(content)
    po = content / "locales" / "fr" / "LC_MESSAGES" / "topic.po"
    po.unlink()
    po.symlink_to(secret)
    code, err = _build(content, tmp_path / "out", capsys)
    assert code == 1 and f"{po}: this is a link to another file" in err
    assert MARKER not in _published(tmp_path / "out")


@pytest.mark.parametrize(
    "address",
    [
        "https&colon;//evil.example/",
        "https&#58;//evil.example/",
        "java&#9;script:alert(1)",
    ],
)
def test_a_translated_link_must_lead_where_the_english_one_does(
    content: Path, address: str
) -> None:
    """Written with entities, a different address would pass a text comparison."""
    edit(content / "topic.md", "Ask these.", "Ask [the agency](https://www.fda.gov/).")
    translate_every_page(content)
    po = content / "locales" / "fr" / "LC_MESSAGES" / "topic.po"
    text = po.read_text(encoding="utf-8")
    po.write_text(
        text.replace(
            'msgstr "[fr] Ask [the agency](https://www.fda.gov/)."',
            f'msgstr "[fr] Ask [the agency]({address} \\"https://www.fda.gov/\\")."',
        ),
        encoding="utf-8",
    )
    problems = check_catalogs(content, "fr")
    assert any(
        "every link must lead exactly where the English one does" in p.message for p in problems
    )


def test_the_preview_serves_only_the_site(content: Path, tmp_path: Path, secret: Path) -> None:
    """No file a link leads out to, no folder listing, loopback only, and a port that is
    taken or impossible is a clear message."""
    import urllib.error  # noqa: PLC0415
    import urllib.request  # noqa: PLC0415

    from liberation_content.build import BuildOptions  # noqa: PLC0415
    from liberation_content.build.preview import Preview  # noqa: PLC0415
    from liberation_content.errors import LiberationError  # noqa: PLC0415

    preview = Preview(BuildOptions(out=tmp_path / "out", content=content, today=FIXTURE_TODAY))
    preview.build()
    (preview.html / "leak.txt").symlink_to(secret)
    address = preview.serve(0)
    assert address.startswith("http://127.0.0.1:")
    base = address.rsplit("/", 2)[0]
    for path in ("/en/leak.txt", "/en/_static/", "/api/"):
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(base + path, timeout=5)  # noqa: S310 - local
        refused.value.close()
        assert refused.value.code == 404, path
    port = int(base.rsplit(":", 1)[1])
    with pytest.raises(LiberationError, match=f"--port {port}: the preview cannot listen"):
        preview.serve(port)
    with pytest.raises(LiberationError, match="from 1 to 65535"):
        preview.serve(70000)


def test_a_leaflet_is_written_only_as_a_regular_file(
    test_data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = ["leaflet", "--data", str(test_data), "-o"]
    kept = tmp_path / "kept.pdf"
    kept.write_bytes(b"%PDF-1.7 the last good one")
    kept.chmod(0o444)
    for target, expected in (
        (tmp_path, "is a folder"),
        (tmp_path / "missing" / "x.pdf", "there is no folder"),
        (Path("/dev/null"), "is not a regular file"),
        (kept, "is read-only, so it was kept; give --force"),
    ):
        capsys.readouterr()
        assert main([*data, str(target)]) == 1
        err = capsys.readouterr().err
        assert expected in err and "Traceback" not in err, err
    assert kept.read_bytes() == b"%PDF-1.7 the last good one"
    link = tmp_path / "link.pdf"
    link.symlink_to(tmp_path / "elsewhere.pdf")
    assert main([*data, str(link)]) == 1 and not (tmp_path / "elsewhere.pdf").exists()
    assert main([*data, str(kept), "--force"]) == 0
    assert kept.read_bytes().startswith(b"%PDF-1.")


def _png_header(width: int, height: int) -> bytes:
    """A PNG whose header claims ``width`` x ``height`` pixels, with hardly any data."""
    import struct  # noqa: PLC0415
    import zlib  # noqa: PLC0415

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


@pytest.mark.parametrize(
    ("name", "logo", "expected"),
    [
        ("logo.png", _png_header(20000, 20000), "is 20000 x 20000 pixels; a logo may have at most"),
        ("logo.png", _png_header(12000, 12000), "is 12000 x 12000 pixels"),
        ("logo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 2_100_000, "a logo may be at most"),
        (
            "logo.svg",
            b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaa">]>'
            b'<svg xmlns="http://www.w3.org/2000/svg">&a;</svg>',
            "declares a DOCTYPE or XML entities",
        ),
        ("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><rect', "is not valid SVG (line 1"),
        (
            "logo.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg">' + b"<g/>" * 6000 + b"</svg>",
            "has 6,001 elements; a logo may have at most 5,000",
        ),
    ],
)
def test_a_logo_too_heavy_or_broken_is_refused_before_it_is_read(
    tmp_path: Path, name: str, logo: bytes, expected: str
) -> None:
    import resource  # noqa: PLC0415

    from liberation_content.errors import LiberationError  # noqa: PLC0415
    from liberation_content.pdf import load_brand  # noqa: PLC0415

    (tmp_path / name).write_bytes(logo)
    brand = tmp_path / "brand.toml"
    brand.write_text(f'name = "Group"\nlogo = "{name}"\n', encoding="utf-8")
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with pytest.raises(LiberationError) as refused:
        load_brand(brand)
    message = str(refused.value.problems[0])
    assert f"{brand}:2: 'logo': " in message and expected in message, message
    # Refused from the header: the picture was never decoded into memory.
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 200_000  # KiB


def test_wrong_output_folders_and_deep_settings_get_a_message(
    content: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a_file = tmp_path / "a-file"
    a_file.write_text("mine", encoding="utf-8")
    for out, expected in (
        (a_file, "this is a file, not a folder"),
        (content / "locales", "this is inside the content folder"),
    ):
        capsys.readouterr()
        assert main(["build", "json", "--content", str(content), "--out", str(out)]) == 1
        err = capsys.readouterr().err
        assert expected in err and "Traceback" not in err, err
    assert a_file.read_text(encoding="utf-8") == "mine"
    deep = tmp_path / "brand.toml"
    deep.write_text("a = " + "[" * 3000 + "]" * 3000 + "\n", encoding="utf-8")
    assert main(["leaflet", "--brand", str(deep), "-o", str(tmp_path / "x.pdf")]) == 1
    err = capsys.readouterr().err
    assert "nested too deeply" in err and "Traceback" not in err


@pytest.mark.parametrize(
    "markup",
    [
        '<a href="javascript:alert(1)">x</a>',
        "<a href='java&#9;script:alert(1)'>x</a>",
        '<a href=" &#x6a;avascript:alert(1)">x</a>',
        '<form action="data:text/html,x"></form>',
        '<meta http-equiv="refresh" content="0; url=https://evil.example/">',
        '<a href="//evil.example/">x</a>',
        '<meta property="og:url" content="javascript:alert(1)">',
        "<meta name='twitter:image' content='data:image/svg+xml,<svg onload=alert(1)>'>",
        '<script type="application/ld+json">{"publisher": {"url": "java\\tscript:x"}}</script>',
        '<script type="application/ld+json">{"@id": "vbscript:x"}</script>',
    ],
)
def test_the_last_check_refuses_any_page_or_snippet_with_an_unsafe_address(
    tmp_path: Path, markup: str
) -> None:
    """Whatever put it there: the check reads the written output, not the content."""
    import json  # noqa: PLC0415

    from liberation_content.build.site import check_links  # noqa: PLC0415
    from liberation_content.errors import LiberationError  # noqa: PLC0415

    html, snippets = tmp_path / "html", tmp_path / "json"
    html.mkdir()
    snippets.mkdir()
    (html / "ok.html").write_text('<a href="page.html#x">ok</a> <a href="https://a.example/">a</a>')
    check_links(html, snippets)
    (html / "page.html").write_text(f"<html><body>{markup}</body></html>", encoding="utf-8")
    with pytest.raises(LiberationError) as refused:
        check_links(html, snippets)
    assert f"{html / 'page.html'}: an address that is not allowed" in str(refused.value.problems[0])
    (html / "page.html").unlink()
    (snippets / "s.json").write_text(json.dumps({"sections": [{"html": markup}]}), "utf-8")
    with pytest.raises(LiberationError):
        check_links(html, snippets)


def test_a_second_build_into_the_same_folder_waits_its_turn(
    content: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from liberation_content.files import output_lock  # noqa: PLC0415

    out = tmp_path / "out"
    with output_lock(out):  # a build in progress
        code, err = _build(content, out, capsys)
    assert code == 1 and "another build is writing into" in err and "Traceback" not in err
    assert not (out / "html").exists()
    assert _build(content, out, capsys)[0] == 0  # the lock ends with the build that held it


_ORPHANS = """
import os, sys, threading, time
from liberation_content.build.parallel import run_each

def job(number):
    open(os.path.join(sys.argv[1], str(os.getpid())), "w").close()
    time.sleep(60)

if __name__ == "__main__":
    threading.Timer(2, lambda: os.kill(os.getpid(), 9)).start()
    for _ in run_each(job, [1, 2]):
        pass
"""


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="needs two cores for worker processes")
def test_workers_end_when_the_build_is_killed(tmp_path: Path) -> None:
    """kill -9 of a build leaves no worker running to write into its output."""
    import subprocess  # noqa: PLC0415
    import sys  # noqa: PLC0415
    import time  # noqa: PLC0415

    script = tmp_path / "orphans.py"
    script.write_text(_ORPHANS, encoding="utf-8")
    pids = tmp_path / "pids"
    pids.mkdir()
    done = subprocess.run([sys.executable, str(script), str(pids)], check=False, timeout=30)
    assert done.returncode == -9
    workers = [int(p.name) for p in pids.iterdir()]
    assert len(workers) == 2
    deadline = time.monotonic() + 5
    alive = workers
    while alive and time.monotonic() < deadline:
        time.sleep(0.2)
        alive = [pid for pid in workers if _running(pid)]
    assert not alive, f"workers still running after the build was killed: {alive}"


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A finished child of a killed parent is reaped by init; a zombie is not running.
    status = Path(f"/proc/{pid}/status")
    return not status.is_file() or "zombie" not in status.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("name", "limit"),
    [
        ("topic.md", "256 KB"),
        ("references.toml", "1024 KB"),
        ("locales/fr/LC_MESSAGES/x.po", "1024 KB"),
    ],
)
def test_a_page_or_catalog_too_large_is_refused_before_it_is_read(
    content: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, limit: str
) -> None:
    path = content / name
    path.parent.mkdir(parents=True, exist_ok=True)
    existing = path.read_text(encoding="utf-8") if path.is_file() else ""
    path.write_text(existing + "#" * (1100 * 1024) + "\n", encoding="utf-8")
    code, err = _build(content, tmp_path / "out", capsys)
    assert code == 1 and "Traceback" not in err
    assert f"{path}: this file is" in err and f"may be at most {limit}" in err
    assert not (tmp_path / "out" / "html").exists()


def test_a_file_system_refusal_outside_a_build_gets_a_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Every command, not only the build: the file system's refusal is a message."""
    content = tmp_path / "content"
    shutil.copytree(Path(__file__).parent / "data" / "minimal", content)
    (content / "locales").write_text("a file where a folder belongs", encoding="utf-8")
    code = main(["i18n", "extract", "--content", str(content)])
    err = capsys.readouterr().err
    assert code == 1 and "Traceback" not in err
    assert f"error: {content / 'locales' / 'templates'}: there is no such file or folder" in err


def test_a_language_folder_must_be_named_as_a_language(
    content: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Its name is written into every page (hreflang, lang): a name that is not a language
    code is refused before anything is built."""
    odd = content / "locales" / 'fr" onfocus="alert(1)'
    odd.mkdir(parents=True)
    code, err = _build(content, tmp_path / "out", capsys)
    assert code == 1 and "Traceback" not in err
    assert f"{odd}: this folder is not named as a language" in err
    assert not (tmp_path / "out" / "html").exists()


def test_the_preview_refuses_what_the_build_refuses(
    content: Path, tmp_path: Path, secret: Path
) -> None:
    """A page that is a link to a file elsewhere is refused by the preview too, and its
    problem is what the preview shows."""
    from liberation_content.build import BuildOptions  # noqa: PLC0415
    from liberation_content.build.preview import Preview  # noqa: PLC0415
    from liberation_content.errors import LiberationError  # noqa: PLC0415

    (content / "leak.md").symlink_to(secret)
    preview = Preview(BuildOptions(out=tmp_path / "out", content=content, today=FIXTURE_TODAY))
    with pytest.raises(LiberationError):
        preview.build()
    assert any("is a link to another file" in problem for problem in preview.problems)
    assert MARKER not in _published(tmp_path / "out" / "preview")
