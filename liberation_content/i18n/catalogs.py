"""Which translations may be published: counts, checks and the publish gate, per page.

A page is published in a language only when its catalog is 100 % translated, has no fuzzy
entry and passes every check (:mod:`.checks`). Otherwise the site shows the English page
under a notice, the JSON says ``outdated`` or ``missing`` and names the real language of
its text, and no leaflet that needs the page is printed in that language.
"""

from __future__ import annotations

import io
import re
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from liberation_content.errors import Problem
from liberation_content.files import write_if_changed

from .checks import check_entry, check_header, check_myst, duplicates, msgfmt, syntax

__all__ = [
    "PUBLISHING",
    "UNREADABLE",
    "PageStatus",
    "check_catalogs",
    "compiled_catalogs",
    "credit",
    "not_yet_published",
    "status",
]

_WORD = re.compile(r"\w+")
#: Problems that mean a catalog cannot be read exactly as written: that language's build
#: stops rather than publish it truncated or with the wrong header.
UNREADABLE = ("po-syntax", "po-header")
_REVIEWED_BY = re.compile(r"^#\s*Reviewed by:\s*(\S.*)$", re.IGNORECASE | re.MULTILINE)


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


def check_catalogs(content: Path, lang: str) -> list[Problem]:
    """Every check on every PO file of ``lang``: what ``nox -s i18n-check`` reports.

    Syntax and headers (as ``msgfmt --check``, and GNU msgfmt itself when installed),
    each translation against its English (MyST structure, roles, links, numbers, names
    that stay as they are, no raw HTML), duplicated messages, and the language's termbase
    (:mod:`.termbase`).
    """
    from babel.messages.pofile import read_po  # noqa: PLC0415

    from .termbase import check_term, load_termbase  # noqa: PLC0415

    problems: list[Problem] = []
    for page in status(content, lang).values():
        problems.extend(page.problems)
    terms, found = load_termbase(content, lang)
    problems.extend(found)
    folder = content / "locales" / lang / "LC_MESSAGES"
    for po in sorted(folder.glob("*.po")):
        if any(p.path == po and p.code == "po-syntax" for p in problems):
            continue
        raw = po.read_bytes()
        catalog = read_po(io.BytesIO(raw))
        header = check_header(po, catalog, lang, raw.decode("utf-8", "replace"))
        problems.extend(p for p in header if p.code == "po-credit")
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
            for term in terms:
                if text := check_term(term, msgid, msgstr):
                    problems.append(Problem(po, text, message.lineno, "termbase"))
        problems.extend(msgfmt(po))
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


def _read_exactly(po: Path, result: PageStatus) -> tuple[Any, str] | None:
    """The catalog in ``po`` and the file's text, or None with a problem recorded where it
    cannot be read exactly as written."""
    from babel.messages.pofile import PoFileError, read_po  # noqa: PLC0415

    raw = po.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        result.problems.append(
            Problem(po, "this is not UTF-8 text; save the file as UTF-8", line, "po-syntax")
        )
        return None
    lexical = syntax(po, text)
    if lexical:
        result.problems.extend(lexical)
        return None
    try:
        return read_po(io.BytesIO(raw), abort_invalid=True), text
    except LookupError as exc:  # the header names a character set there is no codec for
        result.problems.append(
            Problem(
                po,
                f"the header names a character set that is not known ({exc}); write "
                "'Content-Type: text/plain; charset=UTF-8'",
                text[: text.find("Content-Type")].count("\n") + 1 if "Content-Type" in text else 1,
                "po-syntax",
            )
        )
        return None
    except (PoFileError, ValueError) as exc:
        result.problems.append(
            Problem(
                po,
                f"this is not a valid PO file ({exc}). Fix the quoting or the entry there, "
                "or run 'nox -s i18n-update' to rewrite the file",
                getattr(exc, "lineno", None),
                "po-syntax",
            )
        )
        return None


def status(
    content: Path, lang: str, english: dict[str, list[str]] | None = None
) -> dict[str, PageStatus]:
    """Counts and checks for every page's catalog in ``lang``.

    ``english`` (page -> its messages, as :func:`liberation_content.build.catalogs.english`
    reads them from the pages as they are now) judges each catalog against today's
    English, as the build does: a message the catalog lacks counts as untranslated, and
    one the English no longer has is not counted. Without it, each catalog is judged
    against the English it was last updated from.
    """
    from babel.messages.pofile import read_po  # noqa: PLC0415

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
        current = (english or {}).get(page)
        if not po.is_file():
            if current is None and pot.is_file():
                with pot.open("rb") as handle:
                    current = [str(m.id) for m in read_po(handle) if m.id]
            result.total = len(current or [])
            result.words_outstanding = sum(len(_WORD.findall(i)) for i in current or [])
            continue
        read = _read_exactly(po, result)
        if read is None:
            continue
        catalog, text = read
        result.credit = credit(catalog)
        result.problems.extend(duplicates(po, text))
        # (Who translated is a check before publishing, not a reason the file misreads.)
        header = check_header(po, catalog, lang, text)
        result.problems.extend(p for p in header if p.code != "po-credit")
        entries = {str(m.id): m for m in catalog if m.id}
        for msgid in current if current is not None else list(entries):
            result.total += 1
            message = entries.get(msgid)
            if message is not None and message.fuzzy:
                result.fuzzy += 1
                result.words_outstanding += len(_WORD.findall(msgid))
            elif message is None or not message.string:
                result.words_outstanding += len(_WORD.findall(msgid))
            else:
                result.translated += 1
                text = str(message.string)
                for found_problem in check_entry(msgid, text) + check_myst(msgid, text):
                    result.problems.append(
                        Problem(po, found_problem, message.lineno, "translation")
                    )
    return found


#: The content's setting of when a new language is published.
PUBLISHING = "publishing.toml"
_DEFAULT_REQUIRED = ("index",)


def _required_pages(content: Path) -> tuple[str, ...]:
    """The pages a language must have fully translated to be published
    (``required_pages`` in ``content/publishing.toml``; the home page if there is none)."""
    from liberation_content.errors import LiberationError  # noqa: PLC0415
    from liberation_content.files import read_toml, toml_key_line  # noqa: PLC0415

    path = content / PUBLISHING
    if not path.is_file():
        return _DEFAULT_REQUIRED
    text, data = read_toml(path, "publishing")
    pages = data.get("required_pages", list(_DEFAULT_REQUIRED))
    unknown = [k for k in data if k != "required_pages"]
    wrong = not isinstance(pages, list) or not all(
        isinstance(p, str) and (content / f"{p}.md").is_file() for p in pages
    )
    if unknown or wrong:
        key = unknown[0] if unknown else "required_pages"
        problem = Problem(
            path,
            f"'{key}': the only setting is required_pages, a list of page names such as "
            '["index"] (each a .md file of the content)',
            toml_key_line(text, key),
            "publishing",
        )
        raise LiberationError(f"{path}: the publishing setting cannot be used", (problem,))
    return tuple(pages)


def _fully_translated(po: Path) -> bool:
    """Whether every entry of a catalog has a translation that is not fuzzy."""
    from babel.messages.pofile import PoFileError, read_po  # noqa: PLC0415

    try:
        with po.open("rb") as handle:
            catalog = read_po(handle, abort_invalid=True)
    except (OSError, PoFileError, LookupError, ValueError):
        return False  # the build names what is wrong with it, when the language is built
    return all(m.string and not m.fuzzy for m in catalog if m.id)


def not_yet_published(content: Path, languages: Iterable[str]) -> dict[str, str]:
    """Why each of ``languages`` is not published yet, for those that do not pass the
    threshold of ``content/publishing.toml`` (read once)."""
    required = _required_pages(content)
    found = {}
    for lang in languages:
        folder = content / "locales" / lang / "LC_MESSAGES"
        waiting = [page for page in required if not _fully_translated(folder / f"{page}.po")]
        if waiting:
            pages = ", ".join(f"'{page}'" for page in waiting)
            found[lang] = (
                f"'{lang}' is not published yet: {pages} must be fully translated first "
                f"({content / PUBLISHING}). See it in the preview (nox -s preview -- --lang "
                f"{lang}) and in nox -s i18n-status -- {lang}"
            )
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
        write_if_changed(target / f"{page}.mo", buffer.getvalue())
    for mo in target.glob("*.mo"):
        if mo.stem not in publish:
            mo.unlink()
    return root
