"""Flesch-Kincaid grade level of the text readers see, and the limits the content keeps."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

__all__ = ["BLOCK_LIMIT", "PAGE_LIMIT", "fk_grade"]

#: Highest grade allowed for a whole page.
PAGE_LIMIT = 8.0
#: Highest grade allowed for key facts, each checklist, FAQ answer, glossary entry and
#: urgent-help box.
BLOCK_LIMIT = 7.0

_SENTENCE_END = re.compile(r"[.!?]+(?:[\"'\u201d\u2019)\]]*)(?=\s|$)")
_TRAILING_END = re.compile(r"[.!?][\"'\u201d\u2019)\]]*$")
_WORD = re.compile(r"[A-Za-z\u00c0-\u024f0-9]+(?:['\u2019][A-Za-z]+)?")


@functools.cache
def _dictionary() -> object:
    import pyphen  # noqa: PLC0415 - only the build needs it

    return pyphen.Pyphen(lang="en_US")


def _syllables(word: str) -> int:
    if word.isdigit():
        return max(1, len(word) - 1)  # "2018" is read as two words of about two syllables
    dic = _dictionary()
    return len(dic.positions(word.lower())) + 1  # type: ignore[attr-defined]


def _counts(units: Iterable[str]) -> tuple[int, int, int]:
    sentences = words = syllables = 0
    for unit in units:
        text = unit.strip()
        if not text:
            continue
        # Each paragraph, list item and heading is at least one sentence.
        ends = _TRAILING_END.search(text) is not None
        sentences += len(_SENTENCE_END.findall(text)) + (0 if ends else 1)
        for word in _WORD.findall(text):
            words += 1
            syllables += _syllables(word)
    return sentences, words, syllables


def fk_grade(units: Iterable[str]) -> float:
    """Grade level of text given as units (paragraphs, list items, headings).

    A unit that does not end with sentence punctuation counts as one sentence, so a
    bullet list is not read as one endless sentence.
    """
    sentences, words, syllables = _counts(units)
    if not words:
        return 0.0
    return round(0.39 * words / max(sentences, 1) + 11.8 * syllables / words - 15.59, 2)
