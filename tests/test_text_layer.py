"""The text a screen reader, a search or a copy gets from the printed PDFs is the text that
was printed: judged with poppler's ``pdftotext``, in every language and edition."""

from __future__ import annotations

import html
import json
import re
import unicodedata
from collections import Counter
from pathlib import Path

import pytest
from helpers import pdftotext

from liberation_content.model.sanitize import clean_html
from liberation_content.pdf import print_leaflet

pytestmark = pytest.mark.content

_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def words(text: str) -> list[str]:
    """Words as a reader compares them: NFKC, case and marks folded, punctuation gone;
    pdftotext's bidi embedding marks are where one direction's run ends: a word break."""
    text = unicodedata.normalize("NFKC", _CONTROLS.sub(" ", text)).casefold()
    text = "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")
    return re.findall(r"\w+", text)


def printed_words(leaflet: dict[str, object]) -> list[str]:
    """The words of a composed leaflet's text: its title, summary and blocks."""
    parts = [str(leaflet["title"]), str(leaflet["summary"])]
    for block in leaflet["blocks"]:  # type: ignore[attr-defined]
        parts.append(str(block["title"]))
        markup = block["html"] or "".join(i["html"] for i in block["items"])
        parts.append(html.unescape(re.sub(r"<[^>]+>", " ", clean_html(markup))))
    return words(" ".join(parts))


def extracted_words(pdf: bytes) -> list[str]:
    return words(pdftotext(pdf))


def share_found(expected: list[str], found: list[str]) -> float:
    have = Counter(found)
    hits = 0
    for word in expected:
        if have[word] > 0:
            have[word] -= 1
            hits += 1
    return hits / len(expected)


@pytest.mark.parametrize("lang", ["en", "fr", "es", "ar"])
@pytest.mark.parametrize("edition", ["home", "booklet", "large-print", "print-shop"])
def test_pdftotext_reads_the_printed_words(published: Path, lang: str, edition: str) -> None:
    composed = published / "leaflets" / lang / "leaflet.json"
    expected = printed_words(json.loads(composed.read_text(encoding="utf-8")))
    pdf = print_leaflet("leaflet", lang, edition_name=edition, data=published)
    found = extracted_words(pdf)
    share = share_found(expected, found)
    missing = (Counter(expected) - Counter(found)).most_common(8)
    assert share >= 0.99, f"{share:.1%} of {len(expected)} words; missing: {missing}"


def test_an_arabic_word_shaped_from_shared_glyphs_is_read_as_printed(published: Path) -> None:
    """Noto Sans Arabic draws ب, ت and ث from one skeleton and shared dots: each letter
    must still be read as itself."""
    pdf = print_leaflet("leaflet", "ar", data=published)
    found = set(extracted_words(pdf))
    assert {"اجراء", "التحرير", "المتعدد"} <= found


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_printed_addresses_break_only_after_a_slash(published: Path, lang: str) -> None:
    """Copied from the PDF, every address is whole: a line may end after a "/", never at
    a hyphen (which a reader's copy would drop)."""
    composed = json.loads((published / "leaflets" / lang / "article.json").read_text("utf-8"))
    pdf = print_leaflet("article", lang, data=published)
    text = pdftotext(pdf)
    flat = "".join(_CONTROLS.sub("", text).split())
    addresses = [("doi:" + r["doi"]) if r.get("doi") else r["url"] for r in composed["references"]]
    assert addresses and not [a for a in addresses if a not in flat]
    # (In Arabic, pdftotext puts the label's colon after "https://": the rest is whole.)
    assert composed["url"].split("//", 1)[1] in flat
