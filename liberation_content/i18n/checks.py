"""The checks on translations: each entry against its English, each file's header, and
what GNU ``msgfmt --check`` reports where it is installed.

Every check says what is wrong in words a translator can act on; :mod:`.catalogs` runs
them for the publish gate and for ``i18n check``.
"""

from __future__ import annotations

import collections
import functools
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

from liberation_content.errors import Problem

__all__ = [
    "DO_NOT_TRANSLATE",
    "NO_TRANSLATOR",
    "check_entry",
    "check_header",
    "check_myst",
    "duplicates",
    "msgfmt",
    "syntax",
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
_PLACEHOLDER = re.compile(r"\{[a-z_]+\}(?!`)")


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


@functools.lru_cache(maxsize=4096)  # the English of a message is checked once per language
def _structure(text: str) -> tuple[collections.Counter[str], list[str], list[str]]:
    """The MyST elements of a message (text and line breaks left out), raw HTML in it,
    and its link addresses as the parser reads them (entities decoded)."""
    kinds: collections.Counter[str] = collections.Counter()
    html = []
    links = []
    for token in _myst_parser().parse(text):
        for item in [token, *(token.children or [])]:
            if item.type in ("html_inline", "html_block"):
                html.append(item.content.strip())
            elif item.type not in ("text", "softbreak", "hardbreak", "inline"):
                kinds[item.type] += 1
            if item.type == "link_open":
                links.append(str(item.attrGet("href") or ""))
    return kinds, html, links


def check_myst(msgid: str, msgstr: str) -> list[str]:
    """Whether the translation parses as MyST with the same elements as the English."""
    source, _, source_links = _structure(msgid)
    target, html, target_links = _structure(msgstr)
    found = [f"raw HTML is not allowed ({html[0][:40]}); use Markdown"] if html else []
    if sorted(source_links) != sorted(target_links):
        # Compared as a browser would follow them: "https&colon;//" is "https://".
        found.append("every link must lead exactly where the English one does")
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


#: Who translated a new catalog, until a translator writes their own name there.
NO_TRANSLATOR = "nobody yet: write your name here when you translate"


def check_header(po: Path, catalog: Any, lang: str, text: str) -> list[Problem]:
    """The header a catalog is read and published with: UTF-8, the language's plural
    rule, its language, and who translated it (once anything is translated). ``text`` is
    the file as written."""
    found = []
    headers = dict(catalog.mime_headers)
    if "charset=utf-8" not in headers.get("Content-Type", "").lower().replace(" ", ""):
        found.append(
            Problem(
                po, "the header must say 'Content-Type: text/plain; charset=UTF-8'", 1, "po-header"
            )
        )
    # (Babel reads a broken Plural-Forms as a default rule: the file's own text is checked.)
    written = re.search(r'^"Plural-Forms:\s*(.*?)(?:\\n)?"\s*$', text, re.MULTILINE)
    rule = written.group(1) if written else ""
    if not re.fullmatch(r"\s*nplurals=\d+;\s*plural=.+;?\s*", rule):
        line = text[: written.start()].count("\n") + 1 if written else 1
        found.append(
            Problem(
                po,
                "the header has no valid 'Plural-Forms'; "
                "run 'nox -s i18n-update -- LANG' to restore it",
                line,
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
    translated = any(m.id and m.string and not m.fuzzy for m in catalog)
    who = str(headers.get("Last-Translator", ""))
    if translated and (not who or "FULL NAME" in who or who == NO_TRANSLATOR):
        found.append(
            Problem(
                po,
                "the header must say who translated ('Last-Translator'); "
                "say honestly if it was machine-assisted",
                1,
                "po-credit",
            )
        )
    return found


def msgfmt(po: Path) -> list[Problem]:
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


#: A quoted PO string, with its escapes; and a line of an entry: a keyword and a string,
#: or a string that continues the one above.
_STRING = r'"(?:[^"\\]|\\.)*"'
_ENTRY_LINE = re.compile(rf"(?:(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+)?{_STRING}")


def syntax(po: Path, text: str) -> list[Problem]:
    """Lines a PO reader would read wrongly rather than refuse: a string left open (the
    reader drops its last character), a keyword it does not know, text outside quotes."""
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#") or _ENTRY_LINE.fullmatch(stripped):
            continue
        quoted = stripped[stripped.find('"') :] if '"' in stripped else ""
        if quoted and not re.fullmatch(rf"{_STRING}.*", quoted):
            message = 'this string is not closed: end it with a quote (")'
        elif quoted and not re.fullmatch(_STRING, quoted):
            message = "there is text after the closing quote; put it inside the quotes"
        else:
            message = (
                "this line is not part of an entry: each line is msgid, msgstr or msgctxt "
                'and a string in quotes, a string in quotes that continues it, or a "#" comment'
            )
        found.append(Problem(po, message, number, "po-syntax"))
    return found


def duplicates(po: Path, text: str) -> list[Problem]:
    """Messages given twice in the file ``po`` (its ``text``): a reader of PO files keeps
    only one of them."""
    seen: dict[str, int] = {}
    found = []
    key: list[str] = []
    start, field = 0, ""
    lines = text.splitlines()
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
