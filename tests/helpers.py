"""Helpers the tests share (fixtures live in conftest.py). Tests import from here, never
from one another."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path

from babel.messages.pofile import read_po, write_po

from liberation_content.cli import main

#: A day on which the fixtures' reviews are current.
FIXTURE_TODAY = "2026-06-01"

#: The address the tests publish at (without one, leaflets print no address and no
#: print-shop file is made).
SITE = "https://leaflets.example.net/"

#: The repository's root folder.
ROOT = Path(__file__).parents[1]

BuildSite = Callable[..., Path]


def edit(path: Path, old: str, new: str) -> None:
    """Replace text in a file, failing loudly if the text is not there."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def prepare(content: Path) -> None:
    """Extract the English and make (or update) the French catalogs."""
    assert main(["i18n", "extract", "--content", str(content)]) == 0
    assert main(["i18n", "update", "fr", "--content", str(content)]) == 0


def translate(content: Path, page: str, lang: str = "fr", *, skip: str = "") -> None:
    """Fill a page's catalog with a stand-in translation that keeps markup and numbers."""
    po = content / "locales" / lang / "LC_MESSAGES" / f"{page}.po"
    with po.open("rb") as handle:
        catalog = read_po(handle)
    for message in catalog:
        if message.id and message.id != skip:
            message.string = f"[{lang}] {message.id}"
            message.flags.discard("fuzzy")
    with po.open("wb") as handle:
        write_po(handle, catalog, width=79)


def translate_every_page(content: Path) -> None:
    """Catalogs for French, with every page of the test content translated."""
    prepare(content)
    for page in ("index", "topic"):
        translate(content, page)


def translate_interface(content: Path) -> None:
    """The French interface catalog, every label translated as "[fr] <English>"."""
    translate(content, "interface")


def json_of(site: Path, name: str) -> dict[str, object]:
    """The snippet ``name`` of a built site's language."""
    path = site.parents[1] / "json" / site.name / f"{name}.json"
    data: dict[str, object] = json.loads(path.read_text(encoding="utf-8"))
    return data


def pdf_text(pdf: bytes) -> str:
    """The text of every page, as pdfplumber reads it."""
    import pdfplumber  # noqa: PLC0415

    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        return "\n".join(page.extract_text() or "" for page in doc.pages)


def pdftotext(pdf: bytes) -> str:
    """The text poppler's ``pdftotext`` extracts, as a screen reader or a copy gets it
    (poppler-utils is installed by the tests session; see noxfile.py)."""
    import subprocess  # noqa: PLC0415

    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"],  # noqa: S607
        input=pdf,
        capture_output=True,
        check=True,
    ).stdout.decode("utf-8")


def page_count(pdf: bytes) -> int:
    from pypdf import PdfReader  # noqa: PLC0415

    return len(PdfReader(io.BytesIO(pdf)).pages)
