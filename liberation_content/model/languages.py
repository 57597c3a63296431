"""Languages: which ones the content has, and what CLDR says of each (its direction and its
name in itself), so that no code has to list them."""

from __future__ import annotations

import functools
from pathlib import Path

__all__ = ["SOURCE_LANGUAGE", "available_languages", "direction", "native_name"]

#: The language the content is written in; every other language is a translation of it.
SOURCE_LANGUAGE = "en"


def available_languages(content: Path) -> list[str]:
    """The source language, then every language with a folder under ``content/locales``."""
    locales = content / "locales"
    found = (
        sorted(p.name for p in locales.iterdir() if p.is_dir() and p.name != "templates")
        if locales.is_dir()
        else []
    )
    return [SOURCE_LANGUAGE, *[lang for lang in found if lang != SOURCE_LANGUAGE]]


@functools.cache
def _locale(lang: str) -> object:
    from babel import Locale, UnknownLocaleError  # noqa: PLC0415 - only builds need CLDR

    try:
        return Locale.parse(lang.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        return None


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
