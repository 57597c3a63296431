"""Right-to-left pages: numbers that must read left to right are isolated.

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

__all__ = ["isolate", "setup"]

_LRI, _PDI = "\u2066", "\u2069"
_RUNS = re.compile(r"\d{4}-\d{2}-\d{2}|\+?\d+(?:[ \u00a0.-]\d+)+")


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


def setup(app: Sphinx) -> None:
    app.connect("doctree-read", _isolate_numbers)
