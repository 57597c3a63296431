"""Which translations may be published: counts, checks and the publish gate, per page.

A page is published in a language only when its catalog is 100 % translated, has no fuzzy
entry and passes every check. Otherwise the site shows the English page under a notice,
the JSON says ``outdated`` or ``missing`` and names the real language of its text, and no
leaflet that needs the page is printed in that language.
"""

from __future__ import annotations

import collections
import functools
import io
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from liberation_content.errors import Problem

__all__ = [
    "DO_NOT_TRANSLATE",
    "PageStatus",
    "check_catalogs",
    "check_entry",
    "compiled_catalogs",
    "credit",
    "duplicates",
    "status",
]

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
# A tag, but not a Markdown autolink such as <https://example.org> or <mailto:a@b.org>.
_HTML = re.compile(r"<(?![A-Za-z][A-Za-z0-9+.-]*:[^\s>]*>)\s*/?\s*[A-Za-z][^>]*>")
# A thousands separator between digit groups: 1,767 / 1 767 / 1.767 are the same number.
_GROUPING = re.compile(r"(?<=\d)[ ,.\u00a0\u202f](?=\d{3}(?!\d))")
_WORD = re.compile(r"\w+")
_REVIEWED_BY = re.compile(r"^#\s*Reviewed by:\s*(\S.*)$", re.IGNORECASE | re.MULTILINE)
_PLACEHOLDER = re.compile(r"\{[a-z_]+\}(?!`)")


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
    #: Who translated the page (:func:`credit`); ``None`` while there is no catalog.
    credit: dict[str, Any] | None = None

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
    source_numbers, target_numbers = (
        _DIGITS.findall(_GROUPING.sub("", _ROLE.sub("", text))) for text in (msgid, msgstr)
    )
    if source_numbers != target_numbers:
        found.append("the numbers differ from the English: " + " ".join(source_numbers))
    if sorted(_PLACEHOLDER.findall(msgid)) != sorted(_PLACEHOLDER.findall(msgstr)):
        found.append(
            "keep the placeholders exactly as in the English: "
            + " ".join(_PLACEHOLDER.findall(msgid))
        )
    for name in DO_NOT_TRANSLATE:
        if name in msgid and name not in msgstr:
            found.append(f"'{name}' must stay as it is")
    return found


@functools.cache
def _myst_parser() -> Any:
    from markdown_it.renderer import RendererHTML  # noqa: PLC0415
    from myst_parser.config.main import MdParserConfig  # noqa: PLC0415
    from myst_parser.parsers.mdit import create_md_parser  # noqa: PLC0415

    return create_md_parser(MdParserConfig(), RendererHTML)


def _structure(text: str) -> tuple[collections.Counter[str], list[str]]:
    """The MyST elements of a message (text and line breaks left out), and raw HTML in it."""
    kinds: collections.Counter[str] = collections.Counter()
    html = []
    for token in _myst_parser().parse(text):
        for item in [token, *(token.children or [])]:
            if item.type in ("html_inline", "html_block"):
                html.append(item.content.strip())
            elif item.type not in ("text", "softbreak", "hardbreak", "inline"):
                kinds[item.type] += 1
    return kinds, html


def check_myst(msgid: str, msgstr: str) -> list[str]:
    """Whether the translation parses as MyST with the same elements as the English."""
    source, _ = _structure(msgid)
    target, html = _structure(msgstr)
    found = [f"raw HTML is not allowed ({html[0][:40]}); use Markdown"] if html else []
    if source != target:
        missing = ", ".join(sorted((source - target).elements()))
        extra = ", ".join(sorted((target - source).elements()))
        detail = "; ".join(
            part
            for part in (
                missing and f"missing: {missing}",
                extra and f"not in the English: {extra}",
            )
            if part
        )
        found.append(
            f"the translation does not parse as the same MyST as the English ({detail}). "
            "Check for a lost backtick, asterisk or bracket, or a line that starts with "
            "'#', '-' or a number followed by '.'"
        )
    return found


def _check_header(po: Path, catalog: Any, lang: str) -> list[Problem]:
    found = []
    headers = dict(catalog.mime_headers)
    if "charset=utf-8" not in headers.get("Content-Type", "").lower().replace(" ", ""):
        found.append(
            Problem(
                po, "the header must say 'Content-Type: text/plain; charset=UTF-8'", 1, "po-header"
            )
        )
    if not re.fullmatch(r"\s*nplurals=\d+;\s*plural=.+;?\s*", headers.get("Plural-Forms", "")):
        found.append(
            Problem(
                po,
                "the header has no valid 'Plural-Forms'; "
                "run 'nox -s i18n-update -- LANG' to restore it",
                1,
                "po-header",
            )
        )
    if (
        headers.get("Language", lang).replace("-", "_").split("_")[0]
        != lang.split("_", maxsplit=1)[0]
    ):
        found.append(
            Problem(
                po,
                f"the header's Language is '{headers.get('Language')}' "
                f"but the file is in the '{lang}' folder",
                1,
                "po-header",
            )
        )
    if not headers.get("Last-Translator") or "FULL NAME" in headers.get("Last-Translator", ""):
        found.append(
            Problem(
                po,
                "the header must say who translated ('Last-Translator'); "
                "say honestly if it was machine-assisted",
                1,
                "po-header",
            )
        )
    return found


def _msgfmt(po: Path) -> list[Problem]:
    """GNU msgfmt's own --check, where it is installed."""
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        return []
    done = subprocess.run(
        [msgfmt, "--check", "--output-file=/dev/null", str(po)],
        capture_output=True,
        text=True,
        check=False,
    )
    found = []
    for line in done.stderr.splitlines():
        match = re.match(r"(.+?):(\d+): (.*)", line)
        if match and "fatal error" not in match.group(3):
            found.append(Problem(po, f"msgfmt: {match.group(3)}", int(match.group(2)), "msgfmt"))
        elif line.strip() and not match and "found" not in line:
            found.append(Problem(po, f"msgfmt: {line.strip()}", None, "msgfmt"))
    if done.returncode and not found:
        found.append(Problem(po, "msgfmt --check refused this file", None, "msgfmt"))
    return found


def duplicates(po: Path) -> list[Problem]:
    """Messages given twice in one file (a reader of PO files keeps only one of them)."""
    seen: dict[str, int] = {}
    found = []
    key: list[str] = []
    start, field = 0, ""
    lines = po.read_text(encoding="utf-8", errors="replace").splitlines()
    for number, line in enumerate(lines, start=1):
        if line.startswith("msgctxt "):
            key, start, field = ["context:", line[8:].strip()[1:-1]], number, "context"
        elif line.startswith("msgid "):
            if field != "context":
                key, start = [], number
            key.extend(["id:", line[6:].strip()[1:-1]])
            field = "id"
        elif line.startswith('"') and field in ("context", "id"):
            key.append(line.strip()[1:-1])  # a continued string: only its text counts
        elif line.startswith(("msgstr", "msgid_plural")) and field == "id":
            text = "".join(key)
            if text != "id:":  # the header
                if text in seen:
                    found.append(
                        Problem(
                            po,
                            f"this message is already at line {seen[text]}; keep one of them",
                            start,
                            "po-syntax",
                        )
                    )
                seen.setdefault(text, start)
            field = ""
    return found


def check_catalogs(content: Path, lang: str) -> list[Problem]:
    """Every check on every PO file of ``lang``: what ``nox -s i18n-check`` reports.

    Syntax and headers (as ``msgfmt --check``, and GNU msgfmt itself when installed),
    each translation against its English (MyST structure, roles, links, numbers, names
    that stay as they are, no raw HTML), and duplicated messages.
    """
    from babel.messages.pofile import read_po  # noqa: PLC0415

    problems: list[Problem] = []
    for page in status(content, lang).values():
        problems.extend(page.problems)
    folder = content / "locales" / lang / "LC_MESSAGES"
    for po in sorted(folder.glob("*.po")):
        if any(p.path == po and p.code == "po-syntax" for p in problems):
            continue
        with po.open("rb") as handle:
            catalog = read_po(handle)
        problems.extend(_check_header(po, catalog, lang))
        for message in catalog:
            if not message.id:
                continue
            if not message.string or message.fuzzy:
                continue
            msgid, msgstr = str(message.id), str(message.string)
            if msgid.startswith("\n") != msgstr.startswith("\n") or msgid.endswith(
                "\n"
            ) != msgstr.endswith("\n"):
                problems.append(
                    Problem(
                        po,
                        "the translation must begin and end with a line break "
                        "exactly where the English does",
                        message.lineno,
                        "msgfmt",
                    )
                )
            for text in check_myst(msgid, msgstr):
                problems.append(Problem(po, text, message.lineno, "translation"))
        problems.extend(_msgfmt(po))
    return sorted(set(problems), key=lambda p: (str(p.path), p.line or 0, p.message))


def credit(catalog: Any) -> dict[str, Any]:
    """Who translated a catalog, as its header says.

    ``Last-Translator`` names the translator; the words "machine-assisted" in it mark a
    machine-assisted translation; a line ``# Reviewed by: NAME`` in the header comment
    names the native-speaking health professional who reviewed it, once one has.
    """
    who = str(catalog.last_translator or "")
    reviewed = _REVIEWED_BY.search(catalog.header_comment or "")
    return {
        "by": who.split("(", maxsplit=1)[0].split("<", maxsplit=1)[0].strip() or "unknown",
        "machine_assisted": "machine-assisted" in who.lower(),
        "reviewed_by": reviewed.group(1).strip() if reviewed else None,
    }


def status(content: Path, lang: str) -> dict[str, PageStatus]:
    """Counts and checks for every page's catalog in ``lang``."""
    from babel.messages.pofile import PoFileError, read_po  # noqa: PLC0415

    pages = sorted(p.stem for p in content.glob("*.md"))
    if (content / "locales" / "templates" / "interface.pot").is_file():
        pages.append("interface")  # the labels of the site and the leaflets
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
        result.credit = credit(catalog)
        result.problems.extend(duplicates(po))
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
                for text in check_entry(str(message.id), str(message.string)) + check_myst(
                    str(message.id), str(message.string)
                ):
                    result.problems.append(Problem(po, text, line, "translation"))
    return found


def compiled_catalogs(
    content: Path, lang: str, publish: set[str], root: Path | None = None
) -> Path:
    """A folder of MO files for the pages that may be published, and for no other page.

    With ``root`` (a cache folder kept between builds) a MO file is rewritten only when
    its catalog changed, so Sphinx reads again only the pages whose translation changed.
    """
    from babel.messages.mofile import write_mo  # noqa: PLC0415
    from babel.messages.pofile import read_po  # noqa: PLC0415

    root = root if root is not None else Path(tempfile.mkdtemp(prefix="liberation-mo-"))
    target = root / lang / "LC_MESSAGES"
    target.mkdir(parents=True, exist_ok=True)
    for page in sorted(publish):
        with (content / "locales" / lang / "LC_MESSAGES" / f"{page}.po").open("rb") as handle:
            catalog = read_po(handle)
        buffer = io.BytesIO()
        write_mo(buffer, catalog)
        mo = target / f"{page}.mo"
        if not mo.is_file() or mo.read_bytes() != buffer.getvalue():
            mo.write_bytes(buffer.getvalue())
    for mo in target.glob("*.mo"):
        if mo.stem not in publish:
            mo.unlink()
    return root
