"""Right-to-left pages: numbers that must read left to right are isolated, and runs of
Latin script (a name such as "Brave Dreams", an abbreviation such as "CCSVI") are marked
as English, so that they read left to right as a block apart, and a screen reader reads
them as English (``lang="en"`` on the site, in the JSON and, as ``/Lang``, in the PDF).

In Arabic text the bidirectional algorithm reorders groups of digits separated by spaces
(a phone number: ``0800 123 4567`` would show as ``4567 123 0800``) and dates written with
hyphens. In a right-to-left language each such run is wrapped in the Unicode isolate
marks LRI ... PDI, which browsers, WeasyPrint and apps reading the JSON all honour.
"""

from __future__ import annotations

import re

from docutils import nodes
from sphinx.application import Sphinx

from liberation_content.model.languages import direction

from .collector import is_references

__all__ = ["isolate", "setup"]

_LRI, _PDI = "\u2066", "\u2069"
_RUNS = re.compile(r"\d{4}-\d{2}-\d{2}|\+?\d+(?:[ \u00a0.-]\d+)+")
#: Latin words, with the spaces, dots and hyphens between them: "MS Society", "CCSVI".
_LATIN = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[ .'\u2019-]+[A-Za-z0-9]+)*\.?")


def isolate(text: str) -> str:
    """Wrap every phone-number-like group of digits and every ISO date in LRI ... PDI."""
    return _RUNS.sub(lambda match: f"{_LRI}{match.group(0)}{_PDI}", text)


def _isolate_numbers(app: Sphinx, doctree: nodes.document) -> None:
    if direction(app.config.language or "en") != "rtl":
        return
    for text in list(doctree.findall(nodes.Text)):
        if isinstance(text.parent, (nodes.literal, nodes.literal_block)):
            continue
        changed = isolate(str(text))
        if changed != str(text):
            text.parent.replace(text, nodes.Text(changed))


def _mark_latin(app: Sphinx, doctree: nodes.document) -> None:
    """Wrap each Latin run of a right-to-left page in an inline marked as English."""
    if direction(app.config.language or "en") != "rtl":
        return
    for text in list(doctree.findall(nodes.Text)):
        parent = text.parent
        # (A link keeps its text whole: in a PDF the link must hold its own annotation.)
        skipped = (nodes.literal, nodes.literal_block, nodes.reference)
        if isinstance(parent, skipped) or is_references(text):
            continue
        source = str(text)
        pieces: list[nodes.Node] = []
        last = 0
        for match in _LATIN.finditer(source):
            if match.start() > last:
                pieces.append(nodes.Text(source[last : match.start()]))
            pieces.append(nodes.inline(match.group(0), match.group(0), classes=["language-en"]))
            last = match.end()
        if not pieces:
            continue
        if last < len(source):
            pieces.append(nodes.Text(source[last:]))
        index = parent.index(text)
        parent.remove(text)
        for offset, piece in enumerate(pieces):
            parent.insert(index + offset, piece)


def setup(app: Sphinx) -> None:
    app.connect("doctree-read", _isolate_numbers)
    # After the references are listed (they are marked English as a whole).
    app.connect("doctree-read", _mark_latin, priority=600)
