"""Languages: which ones the content has, and what CLDR says of each, so that no code has
to list them: a language is added by adding its catalogs, nothing else.

:func:`language` is the one table of what the project needs to know of a language: its
name in itself and in English, its direction and its script (which picks the fonts), all
from CLDR through Babel; its plural rule and date formats are Babel's own, where catalogs
and dates are made. :func:`suggest` offers the known locales that
look like a code that is not one.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "SOURCE_LANGUAGE",
    "SOURCE_LOCALE",
    "Language",
    "available_languages",
    "date_locale",
    "direction",
    "language",
    "native_name",
    "script",
    "suggest",
]

#: The language the content is written in; every other language is a translation of it.
SOURCE_LANGUAGE = "en"
#: The CLDR locale the source language follows when it writes dates: international
#: English, as the content is written (British spelling, the day before the month:
#: "26 November 2026"), never the United States' order that Babel's plain "en" uses.
SOURCE_LOCALE = "en_001"


#: How a language's folder is named: a language code, and a region or script after ``_``.
_FOLDER_NAME = re.compile(r"^[a-z]{2,3}(?:_[A-Za-z0-9]{2,8})*$")


def available_languages(content: Path) -> list[str]:
    """The source language, then every language with a folder under ``content/locales``.
    A folder not named as a language (``fr``, ``pt_BR``) is an error: its name would be
    written into every page."""
    from liberation_content.errors import LiberationError, Problem  # noqa: PLC0415

    locales = content / "locales"
    found = (
        sorted(p.name for p in locales.iterdir() if p.is_dir() and p.name != "templates")
        if locales.is_dir()
        else []
    )
    wrong = [name for name in found if not _FOLDER_NAME.match(name)]
    if wrong:
        problems = tuple(
            Problem(locales / name, "this folder is not named as a language (such as fr or pt_BR)")
            for name in wrong
        )
        msg = "rename each folder under content/locales after its language's code"
        raise LiberationError(msg, problems)
    return [SOURCE_LANGUAGE, *[lang for lang in found if lang != SOURCE_LANGUAGE]]


@functools.cache
def _locale(lang: str) -> object:
    from babel import Locale, UnknownLocaleError  # noqa: PLC0415 - only builds need CLDR

    try:
        return Locale.parse(lang.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        return None


def date_locale(lang: str) -> str:
    """The locale whose formats write the dates of a page in ``lang``: the language's own
    (``fr``, ``pt_BR``), and :data:`SOURCE_LOCALE` for the source language."""
    code = lang.replace("-", "_")
    return SOURCE_LOCALE if code == SOURCE_LANGUAGE else code


def direction(lang: str) -> str:
    """``rtl`` for a language written right to left (Arabic, Hebrew, Persian, Urdu ...),
    else ``ltr``."""
    locale = _locale(lang)
    order = getattr(locale, "character_order", "left-to-right")
    return "rtl" if order == "right-to-left" else "ltr"


def native_name(lang: str) -> str:
    """The language's name in itself, as a language switcher shows it: ``Français``."""
    locale = _locale(lang)
    name = str(locale.get_display_name(locale) or lang) if locale is not None else lang  # type: ignore[attr-defined]
    return name[:1].upper() + name[1:]


def script(lang: str) -> str:
    """The script the language is usually written in, as CLDR's likely subtags say:
    ``Latn``, ``Arab``, ``Hebr`` ... (``Latn`` for a code CLDR does not know)."""
    from babel.core import get_global  # noqa: PLC0415

    likely = get_global("likely_subtags")
    code = lang.replace("-", "_")
    for key in (code, code.split("_", maxsplit=1)[0]):
        parts = str(likely.get(key, "")).split("_")
        if len(parts) > 1 and len(parts[1]) == 4:
            return parts[1]
    return "Latn"


@dataclass(frozen=True)
class Language:
    """What the project needs to know of one language, all from CLDR."""

    code: str
    #: Its name in itself, as a language switcher shows it: ``Français``.
    name: str
    #: Its name in English, for messages to maintainers.
    english_name: str
    #: ``ltr`` or ``rtl``: the site's and the leaflets' direction, and booklet imposition.
    direction: str
    #: The script it is usually written in (``Latn``, ``Arab`` ...): picks the fonts.
    script: str


@functools.cache
def language(lang: str) -> Language | None:
    """The language ``lang`` (a code such as ``fr``, ``pt_BR`` or ``pt-BR``), or None if
    CLDR does not know it."""
    locale = _locale(lang)
    if locale is None:
        return None
    english = str(locale.get_display_name("en") or lang)  # type: ignore[attr-defined]
    return Language(
        code=lang.replace("-", "_"),
        name=native_name(lang),
        english_name=english,
        direction=direction(lang),
        script=script(lang),
    )


def suggest(lang: str, count: int = 3) -> list[str]:
    """Known locale codes that look like ``lang``, closest first."""
    import difflib  # noqa: PLC0415

    from babel.localedata import locale_identifiers  # noqa: PLC0415

    known = locale_identifiers()
    lowered = lang.replace("-", "_").lower()
    same = [code for code in known if code.lower() == lowered]
    return same or difflib.get_close_matches(lowered, known, n=count, cutoff=0.5)
