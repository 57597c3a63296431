"""Which translations may be published: counts, checks and the publish gate, per page.

A page is published in a language only when its catalog is 100 % translated, has no fuzzy
entry and passes every check. Otherwise the site shows the English page under a notice,
the JSON says ``outdated`` or ``missing`` and names the real language of its text, and no
leaflet that needs the page is printed in that language.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from liberation_content.errors import Problem

__all__ = ["DO_NOT_TRANSLATE", "PageStatus", "check_entry", "compiled_catalogs", "status"]

#: Names that stay as they are in every language.
DO_NOT_TRANSLATE = (
    "CCSVI",
    "ocrelizumab",
    "Brave Dreams",
    "CoSMo",
    "PREMiSe",
    "ClinicalTrials.gov",
    "Medicare",
    "FDA",
)

_ROLE = re.compile(r"\{[a-z:-]+\}`[^`]*`")
_LINK_URL = re.compile(r"\]\(([^)\s]+)\)")
_BARE_URL = re.compile(r"https?://[^\s)>\]]+")
_DIGITS = re.compile(r"\d+")
_HTML = re.compile(r"<\s*/?\s*[A-Za-z][^>]*>")
_WORD = re.compile(r"\w+")


@dataclass
class PageStatus:
    """The state of one page's translation in one language."""

    page: str
    lang: str
    total: int = 0
    translated: int = 0
    fuzzy: int = 0
    words_outstanding: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def untranslated(self) -> int:
        return self.total - self.translated - self.fuzzy

    @property
    def percent(self) -> float:
        return round(100 * self.translated / self.total, 1) if self.total else 0.0

    @property
    def state(self) -> str:
        """``complete`` (publishable), ``outdated`` (partly done or failing), ``missing``."""
        if self.total and self.translated == self.total and not self.problems:
            return "complete"
        return "missing" if self.translated == 0 and self.fuzzy == 0 else "outdated"

    def as_json(self) -> dict[str, Any]:
        return {
            "page": self.page,
            "lang": self.lang,
            "total": self.total,
            "translated": self.translated,
            "fuzzy": self.fuzzy,
            "untranslated": self.untranslated,
            "percent": self.percent,
            "words_outstanding": self.words_outstanding,
            "status": self.state,
            "publishable": self.state == "complete",
            "problems": [str(p) for p in self.problems],
        }


def _markup(text: str) -> dict[str, Any]:
    return {
        "roles": sorted(_ROLE.findall(text)),
        "links": sorted(_LINK_URL.findall(text)),
        "urls": sorted(set(_BARE_URL.findall(_ROLE.sub("", text)))),
        "bold": text.count("**"),
        "emphasis": text.replace("**", "").count("*"),
        "code": text.count("`") - 2 * len(_ROLE.findall(text)),
    }


def check_entry(msgid: str, msgstr: str) -> list[str]:
    """What is wrong with one translation, in words a translator can act on."""
    found = []
    if _HTML.search(msgstr):
        found.append("raw HTML is not allowed; use Markdown")
    source, target = _markup(msgid), _markup(msgstr)
    if source["roles"] != target["roles"]:
        found.append(f"keep the roles exactly as in the English: {', '.join(source['roles'])}")
    if source["links"] != target["links"] or source["urls"] != target["urls"]:
        found.append("keep every link address unchanged")
    for kind in ("bold", "emphasis", "code"):
        if source[kind] != target[kind]:
            found.append(f"the {kind} markup differs from the English")
    without_roles = _ROLE.sub("", msgid), _ROLE.sub("", msgstr)
    if _DIGITS.findall(without_roles[0]) != _DIGITS.findall(without_roles[1]):
        found.append(
            "the numbers differ from the English: " + " ".join(_DIGITS.findall(without_roles[0]))
        )
    for name in DO_NOT_TRANSLATE:
        if name in msgid and name not in msgstr:
            found.append(f"'{name}' must stay as it is")
    return found


def status(content: Path, lang: str) -> dict[str, PageStatus]:
    """Counts and checks for every page's catalog in ``lang``."""
    from babel.messages.pofile import PoFileError, read_po  # noqa: PLC0415

    pages = sorted(p.stem for p in content.glob("*.md"))
    found: dict[str, PageStatus] = {}
    folder = content / "locales" / lang / "LC_MESSAGES"
    template_dir = content / "locales" / "templates"
    for page in pages:
        result = PageStatus(page, lang)
        found[page] = result
        po = folder / f"{page}.po"
        pot = template_dir / f"{page}.pot"
        if not po.is_file():
            if pot.is_file():
                with pot.open("rb") as handle:
                    template = read_po(handle)
                ids = [m.id for m in template if m.id]
                result.total = len(ids)
                result.words_outstanding = sum(len(_WORD.findall(str(i))) for i in ids)
            continue
        try:
            with po.open("rb") as handle:
                catalog = read_po(handle, abort_invalid=True)
        except (PoFileError, ValueError) as exc:
            line = getattr(exc, "lineno", None)
            result.problems.append(
                Problem(
                    po,
                    f"this is not a valid PO file ({exc}). Fix the quoting or the entry "
                    "there, or run 'nox -s i18n-update' to rewrite the file",
                    line,
                    "po-syntax",
                )
            )
            continue
        for message in catalog:
            if not message.id:
                continue
            result.total += 1
            line = message.lineno
            if message.fuzzy:
                result.fuzzy += 1
                result.words_outstanding += len(_WORD.findall(str(message.id)))
            elif not message.string:
                result.words_outstanding += len(_WORD.findall(str(message.id)))
            else:
                result.translated += 1
                for text in check_entry(str(message.id), str(message.string)):
                    result.problems.append(Problem(po, text, line, "translation"))
    return found


def compiled_catalogs(content: Path, lang: str, publish: set[str]) -> Path:
    """A folder of MO files for the pages that may be published, and for no other page."""
    from babel.messages.mofile import write_mo  # noqa: PLC0415
    from babel.messages.pofile import read_po  # noqa: PLC0415

    root = Path(tempfile.mkdtemp(prefix="liberation-mo-"))
    target = root / lang / "LC_MESSAGES"
    target.mkdir(parents=True)
    for page in sorted(publish):
        with (content / "locales" / lang / "LC_MESSAGES" / f"{page}.po").open("rb") as handle:
            catalog = read_po(handle)
        with (target / f"{page}.mo").open("wb") as handle:
            write_mo(handle, catalog)
    return root
