"""A charity's brand file: its name, logo, helpline and colours, validated before printing."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from liberation_content.errors import LiberationError, Problem, did_you_mean
from liberation_content.files import read_toml, toml_key_line
from liberation_content.model.urls import is_web_address
from liberation_content.resources import templates_dir

__all__ = ["BRAND_FIELDS", "Brand", "contrast_ratio", "default_brand_path", "load_brand"]

_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")
_AA = 4.5

#: Every key of a brand file, with what it is for; the docs' table is made from this.
BRAND_FIELDS: dict[str, str] = {
    "name": "The organisation's name, printed on the cover and in the footer. Required.",
    "logo": "Path to the logo, relative to the brand file: an .svg or .png file.",
    "logo_alt": "Text that describes the logo for screen readers (default: the name).",
    "helpline": "The helpline number, printed so that it reads correctly in every language.",
    "helpline_hours": "When the helpline is open.",
    "email": "A contact email address.",
    "website": "The organisation's website, an https:// address.",
    "charity_number": "The registration line, such as 'Registered charity 123456'.",
    "contact": "A short contact paragraph printed on the back page.",
    "colours": "A table of colours as #rrggbb: text, background, accent (headings and "
    "rules), accent_text (text on accent panels).",
    "press": "Your own CMYK for the print-shop file, for any colour of [colours]: a table "
    "such as [press] with accent = [100, 60, 0, 10] (percentages of cyan, magenta, "
    "yellow and black). Colours not listed are converted through the press profile.",
    "spot": "A spot ink for the print-shop file, for a colour that also has its CMYK in "
    '[press]: a table such as [spot] with accent = "PANTONE 2945 C" (the ink\'s name as '
    "your printer knows it). The CMYK is how proofs and screens show that ink.",
    "language": "The language the text above is written in, as a code such as en (default: en).",
    "translations": "The text in other languages: a table per language, such as "
    "[translations.fr], with contact, helpline_hours, charity_number and logo_alt. A "
    "leaflet in a language the brand has no text for prints the neutral contact text "
    "instead, never text in another language.",
}
#: The brand's text that is written in a language (the name and numbers are not).
TRANSLATABLE = ("contact", "helpline_hours", "charity_number", "logo_alt")
_LANGUAGE = re.compile(r"^[a-z]{2,3}(_[A-Z]{2})?$")
_COLOUR_KEYS = ("text", "background", "accent", "accent_text")
_DEFAULT_COLOURS = {
    "text": "#1a1a1a",
    "background": "#ffffff",
    "accent": "#0a4d94",
    "accent_text": "#ffffff",
}


@dataclass(frozen=True)
class Brand:
    """A validated brand: every value is plain text, to be escaped where it is printed."""

    name: str
    path: Path
    logo: Path | None = None
    logo_alt: str = ""
    helpline: str = ""
    helpline_hours: str = ""
    email: str = ""
    website: str = ""
    charity_number: str = ""
    contact: str = ""
    colours: dict[str, str] = field(default_factory=lambda: dict(_DEFAULT_COLOURS))
    #: A colour key of ``colours`` -> its CMYK (0-1) for the print-shop file.
    press: dict[str, tuple[float, float, float, float]] = field(default_factory=dict)
    #: A colour key of ``colours`` -> the name of the spot ink it is printed with.
    spot: dict[str, str] = field(default_factory=dict)
    #: The language of the text fields, and the same fields in other languages.
    language: str = "en"
    translations: dict[str, dict[str, str]] = field(default_factory=dict)

    def covers(self, lang: str) -> bool:
        """Whether the brand has its text in ``lang``."""
        base = lang.split("_", maxsplit=1)[0]
        return base == self.language.split("_", maxsplit=1)[0] or lang in self.translations

    def in_language(self, lang: str) -> Brand:
        """The brand with its text in ``lang``; where it has none, without its own text
        (the leaflet prints the neutral contact text), never in another language."""
        if lang.split("_", maxsplit=1)[0] == self.language.split("_")[0]:
            return self
        given = self.translations.get(lang, {})
        text = {key: given.get(key, "") for key in TRANSLATABLE}  # (none in another language)
        return dataclasses.replace(
            self,
            contact=text["contact"],
            helpline_hours=text["helpline_hours"],
            charity_number=text["charity_number"],
            logo_alt=text["logo_alt"] or self.name,
        )

    @property
    def logo_type(self) -> str:
        return "image/svg+xml" if self.logo and self.logo.suffix == ".svg" else "image/png"


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(foreground: str, background: str) -> float:
    """The WCAG contrast ratio of two #rrggbb colours."""
    high, low = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def default_brand_path() -> Path:
    return templates_dir() / "brand" / "default.toml"


#: Limits on a logo, so that no logo can exhaust the printer's memory or time: a logo
#: is printed about 10 mm high, where 1,000 pixels are already more than a press needs.
LOGO_MAX_BYTES = 2_000_000
LOGO_MAX_PIXELS = 4_000_000
LOGO_MAX_ELEMENTS = 5_000


def _png_problem(path: Path, data: bytes) -> str | None:
    import struct  # noqa: PLC0415

    from PIL import Image  # noqa: PLC0415 - Pillow comes with WeasyPrint

    # The size, from the PNG's own header, before anything is decoded.
    if data[12:16] == b"IHDR":
        width, height = struct.unpack(">II", data[16:24])
        if width * height > LOGO_MAX_PIXELS:
            return (
                f"{path.name} is {width} x {height} pixels; a logo may have at most "
                f"{LOGO_MAX_PIXELS:,} pixels (2000 x 2000). Export it smaller"
            )
    try:
        with Image.open(path) as image:
            image.load()
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        return f"{path.name} cannot be read as an image ({exc}). Export it again"
    return None


def _svg_problem(path: Path, data: bytes) -> str | None:
    import xml.etree.ElementTree as ET  # noqa: PLC0415

    if b"<!DOCTYPE" in data.upper() or b"<!ENTITY" in data.upper():
        return (
            f"{path.name} declares a DOCTYPE or XML entities, which a logo does not need "
            "and which can make a small file expand without end. Export it as plain SVG"
        )
    try:
        root = ET.fromstring(data)  # noqa: S314 - no DOCTYPE or entity gets here
    except ET.ParseError as exc:
        line = exc.position[0] if exc.position else "?"
        return f"{path.name} is not valid SVG (line {line}: {exc}). Export it again"
    if not root.tag.endswith("svg"):
        return f"{path.name} is named .svg but is not an SVG image"
    count = sum(1 for _ in root.iter())
    if count > LOGO_MAX_ELEMENTS:
        return (
            f"{path.name} has {count:,} elements; a logo may have at most "
            f"{LOGO_MAX_ELEMENTS:,}. Simplify it or export it as PNG"
        )
    return None


def _image_problem(path: Path) -> str | None:
    if not path.is_file():
        return (
            f"the logo file {path} does not exist. Fix the path (it is relative to the brand file)"
        )
    size = path.stat().st_size
    if size > LOGO_MAX_BYTES:
        return (
            f"{path.name} is {size:,} bytes; a logo may be at most {LOGO_MAX_BYTES:,} bytes. "
            "Export it smaller"
        )
    data = path.read_bytes()
    if path.suffix.lower() == ".png":
        if not data.startswith(b"\x89PNG\r\n\x1a\n"):
            return f"{path.name} is named .png but is not a PNG image"
        return _png_problem(path, data)
    if path.suffix.lower() == ".svg":
        return _svg_problem(path, data)
    return (
        f"the logo must be an .svg or .png file; {path.name} is not supported. Export "
        "it as SVG or PNG"
    )


def _read(path: Path) -> tuple[str, dict[str, Any]]:
    if not path.is_file():
        msg = f"{path}: no brand file here. Check the path given to --brand"
        raise LiberationError(msg)
    return read_toml(path, "brand")


def _text_values(data: dict[str, Any], problem: Callable[[str, str], None]) -> dict[str, str]:
    for key in data:
        if key not in BRAND_FIELDS:
            hint = did_you_mean(key, BRAND_FIELDS)
            problem(key, f"unknown key.{hint} Brand files may contain: " + ", ".join(BRAND_FIELDS))
    values: dict[str, str] = {}
    for key in BRAND_FIELDS:
        if key in data and key not in ("colours", "translations", "press", "spot"):
            if isinstance(data[key], str):
                values[key] = data[key].strip()
            else:
                problem(key, "must be text in quotes")
    if not values.get("name"):
        problem("name", 'the organisation\'s name is required. Add name = "Your charity"')
    if values.get("website") and not is_web_address(values["website"]):
        problem("website", f"must start with https:// (got '{values['website']}')")
    return values


def _colours(given: Any, problem: Callable[[str, str], None]) -> dict[str, str]:
    colours = dict(_DEFAULT_COLOURS)
    if not isinstance(given, dict):
        problem("colours", "must be a table: [colours] with " + ", ".join(_COLOUR_KEYS))
        return colours
    for key, value in given.items():
        if key not in _COLOUR_KEYS:
            problem(f"colours.{key}", "unknown colour. Use " + ", ".join(_COLOUR_KEYS))
        elif not isinstance(value, str) or not _HEX.match(value):
            problem(f"colours.{key}", f"must be a colour written #rrggbb, got '{value}'")
        else:
            colours[key] = value.lower()
    for fore, back in (("text", "background"), ("accent", "background"), ("accent_text", "accent")):
        ratio = contrast_ratio(colours[fore], colours[back])
        if ratio < _AA:
            problem(
                f"colours.{fore}",
                f"{colours[fore]} on {back} {colours[back]} has a "
                f"contrast of {ratio:.2f}:1; print needs at least {_AA}:1 (WCAG AA). "
                "Choose a darker or lighter colour",
            )
    return colours


def _press(
    given: Any, problem: Callable[[str, str], None]
) -> dict[str, tuple[float, float, float, float]]:
    """``[press]``: a colour key -> four percentages of cyan, magenta, yellow and black."""
    if not isinstance(given, dict):
        problem("press", "must be a table: [press] with a colour key = [c, m, y, k]")
        return {}
    found: dict[str, tuple[float, float, float, float]] = {}
    for key, value in given.items():
        numbers = value if isinstance(value, list) else []
        valid = len(numbers) == 4 and all(
            isinstance(n, int | float) and not isinstance(n, bool) and 0 <= n <= 100
            for n in numbers
        )
        if key not in _COLOUR_KEYS:
            problem(f"press.{key}", "unknown colour. Use " + ", ".join(_COLOUR_KEYS))
        elif not valid or sum(numbers) > 300:
            problem(
                f"press.{key}",
                "must be four percentages [c, m, y, k] from 0 to 100, at most 300 in all",
            )
        else:
            c, m, y, k = (float(n) / 100 for n in numbers)
            found[key] = (c, m, y, k)
    return found


#: A spot ink's name: what a PDF name and a print shop's workflow both take.
_SPOT_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 .+_-]{0,62}$")


def _spot(
    given: Any,
    press: dict[str, tuple[float, float, float, float]],
    problem: Callable[[str, str], None],
) -> dict[str, str]:
    """``[spot]``: a colour key -> the name of the spot ink that prints it."""
    if not isinstance(given, dict):
        problem("spot", 'must be a table: [spot] with a colour key = "ink name"')
        return {}
    found: dict[str, str] = {}
    for key, value in given.items():
        if key not in _COLOUR_KEYS:
            problem(f"spot.{key}", "unknown colour. Use " + ", ".join(_COLOUR_KEYS))
        elif not isinstance(value, str) or not _SPOT_NAME.match(value.strip()):
            problem(
                f"spot.{key}",
                'must be the ink\'s name in quotes, such as "PANTONE 2945 C": letters, '
                "digits, spaces and . + _ -, at most 63 characters",
            )
        elif value.strip() in ("All", "None"):
            problem(f"spot.{key}", f"'{value}' is reserved in PDF; use the ink's own name")
        elif key not in press:
            problem(
                f"spot.{key}",
                f"give its CMYK too, under [press] ({key} = [c, m, y, k]): proofs and "
                "screens show the ink with it",
            )
        else:
            found[key] = value.strip()
    return found


def _translations(given: Any, problem: Callable[[str, str], None]) -> dict[str, dict[str, str]]:
    """``[translations.<lang>]`` tables, each with only the brand's text fields."""
    if not isinstance(given, dict):
        problem("translations", "must be a table per language, such as [translations.fr]")
        return {}
    found: dict[str, dict[str, str]] = {}
    for lang, fields in given.items():
        if not _LANGUAGE.match(lang) or not isinstance(fields, dict):
            problem(f"translations.{lang}", "must be a language code with a table of text")
            continue
        for key, value in fields.items():
            if key not in TRANSLATABLE:
                problem(
                    f"translations.{lang}.{key}",
                    "only " + ", ".join(TRANSLATABLE) + " differ by language",
                )
            elif not isinstance(value, str):
                problem(f"translations.{lang}.{key}", "must be text in quotes")
        found[lang] = {
            k: v.strip() for k, v in fields.items() if k in TRANSLATABLE and isinstance(v, str)
        }
    return found


def load_brand(path: Path | None = None) -> Brand:
    """Read and validate a brand file; every problem is named with its key and line."""
    path = path or default_brand_path()
    text, data = _read(path)
    problems: list[Problem] = []

    def problem(key: str, message: str) -> None:
        line = toml_key_line(text, key)
        problems.append(Problem(path, f"'{key}': {message}", line, "brand"))

    values = _text_values(data, problem)
    logo = None
    if values.get("logo"):
        logo = (path.parent / values["logo"]).resolve()
        if message := _image_problem(logo):
            problem("logo", message)
    colours = _colours(data.get("colours", {}), problem)
    language = values.get("language", "en")
    if not _LANGUAGE.match(language):
        problem("language", f"must be a language code such as en or fr, got '{language}'")
    translations = _translations(data.get("translations", {}), problem)
    press = _press(data.get("press", {}), problem)
    spot = _spot(data.get("spot", {}), press, problem)
    if problems:
        msg = f"{path}: the brand file has {len(problems)} problem(s); nothing was printed."
        raise LiberationError(msg, tuple(problems))
    return Brand(
        name=values["name"],
        path=path,
        logo=logo,
        logo_alt=values.get("logo_alt") or values["name"],
        **{
            k: values.get(k, "")
            for k in ("helpline", "helpline_hours", "email", "website", "charity_number", "contact")
        },
        colours=colours,
        language=language,
        translations=translations,
        press=press,
        spot=spot,
    )
