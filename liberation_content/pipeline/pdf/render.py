"""Print a composed leaflet to PDF with WeasyPrint, reading only the package's own assets.

:class:`LeafletPrinter` keeps one font configuration and one set of templates for many
PDFs, so a process that prints a whole set loads its fonts once. The pipeline of one PDF:
template -> HTML -> WeasyPrint (restricted fetcher) -> checks -> imposition (booklet).
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from liberation_content._resources import templates_dir
from liberation_content.errors import LiberationError
from liberation_content.pipeline.sanitize import clean_html

from .brand import Brand
from .compose import Leaflet

__all__ = ["EDITIONS", "Edition", "LeafletPrinter"]

RTL_LANGUAGES = frozenset({"ar", "fa", "he", "ur"})
_CITATION = re.compile(r'<a href="[^"]*#ref-([A-Za-z0-9_-]+)">\d+</a>')


@dataclass(frozen=True)
class Edition:
    """A way of printing: for screens and office printers, booklets, large print, or presses."""

    name: str
    sizes: tuple[str, ...]
    body_pt: float
    variant: str
    bleed_mm: float = 0.0
    imposed: bool = False
    help: str = ""


EDITIONS: dict[str, Edition] = {
    "home": Edition(
        "home",
        ("A5", "A4", "Letter"),
        12,
        "pdf/ua-1",
        help="For screens and office printers; a tagged, accessible PDF/UA-1.",
    ),
    "booklet": Edition(
        "booklet",
        ("A4",),
        12,
        "",  # imposition drops the structure tree: the home edition is the accessible one
        imposed=True,
        help="A5 pages two to an A4 sheet, in booklet order, for double-sided "
        "printing at home; fold the stack in half.",
    ),
    "large-print": Edition(
        "large-print",
        ("A4", "Letter"),
        16,
        "pdf/ua-1",
        help="Body text at 16 pt, for readers who need larger print.",
    ),
    "print-shop": Edition(
        "print-shop",
        ("A5", "A4", "Letter"),
        12,
        "pdf/x-4",
        bleed_mm=3,
        help="For professional printing: PDF/X-4, CMYK output intent, 3 mm bleed and crop marks.",
    ),
}

_LABELS = {
    "version": "Version",
    "last_reviewed": "Last reviewed",
    "next_review_due": "Next review due",
    "page": "Page",
    "of": "of",
    "contents": "Contents",
    "contact": "Support and contact",
    "helpline": "Helpline",
    "email": "Email",
    "website": "Website",
    "online": "Read this online, with every source:",
    "qr_alt": "QR code: a link to this information online",
    "references": "References",
    "licence": "This information is licensed CC BY 4.0 by liberation-content contributors. "
    "It is general information, not medical advice for you.",
    "overdue": "The review of this information is overdue. Check with your MS team before "
    "you act on it.",
}


class _RefusedURL(Exception):
    """The renderer asked for an address it may not read."""


def _fonts() -> dict[str, Path]:
    import fontpkg_atkinson_hyperlegible as atkinson  # noqa: PLC0415
    import fontpkg_noto_sans as noto  # noqa: PLC0415
    import fontpkg_noto_sans_arabic as noto_arabic  # noqa: PLC0415

    found: dict[str, Path] = {}
    for package in (atkinson, noto, noto_arabic):
        for path in sorted((Path(package.ROOT) / "files").glob("*.ttf")):
            found[path.name] = path
    return found


_FONT_FACES = [
    ("Atkinson Hyperlegible", "normal", "normal", "AtkinsonHyperlegible-Regular.ttf"),
    ("Atkinson Hyperlegible", "bold", "normal", "AtkinsonHyperlegible-Bold.ttf"),
    ("Atkinson Hyperlegible", "normal", "italic", "AtkinsonHyperlegible-Italic.ttf"),
    ("Atkinson Hyperlegible", "bold", "italic", "AtkinsonHyperlegible-BoldItalic.ttf"),
    ("Noto Sans", "normal", "normal", "NotoSans[wdth,wght].ttf"),
    ("Noto Sans", "bold", "normal", "NotoSans[wdth,wght].ttf"),
    ("Noto Sans", "normal", "italic", "NotoSans-Italic[wdth,wght].ttf"),
    ("Noto Sans Arabic", "normal", "normal", "NotoSansArabic[wdth,wght].ttf"),
    ("Noto Sans Arabic", "bold", "normal", "NotoSansArabic[wdth,wght].ttf"),
]


def _cmyk(colour: str) -> str:
    red, green, blue = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    black = 1 - max(red, green, blue)
    if black >= 1:
        return "device-cmyk(0 0 0 1)"
    parts = [(1 - c - black) / (1 - black) for c in (red, green, blue)]
    return "device-cmyk(" + " ".join(f"{p:.3f}" for p in [*parts, black]) + ")"


def _timestamp() -> str:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = (
        dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
        if epoch and epoch.isdigit()
        else dt.datetime.now(tz=dt.UTC).replace(microsecond=0)
    )
    return moment.isoformat()


class LeafletPrinter:
    """Prints leaflets; one instance shares fonts and templates across many PDFs."""

    def __init__(self) -> None:
        import jinja2  # noqa: PLC0415
        from weasyprint import CSS  # noqa: PLC0415
        from weasyprint.text.fonts import FontConfiguration  # noqa: PLC0415

        self._templates = templates_dir() / "leaflet"
        self._env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(self._templates),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self._fonts = _fonts()
        self._generated: dict[str, tuple[bytes, str]] = {}
        self._brand_logo: Brand | None = None
        self._refused: list[str] = []
        self._page_styles: dict[tuple[Any, ...], tuple[Any, dict[str, Any]]] = {}
        self.font_config = FontConfiguration()
        faces = "\n".join(
            f'@font-face {{ font-family: "{family}"; font-weight: {weight}; '
            f"font-style: {style}; src: url(liberation:///fonts/{file}); }}"
            for family, weight, style, file in _FONT_FACES
        )
        fetcher = self._fetcher()
        self._base_css = [
            CSS(string=faces, font_config=self.font_config, url_fetcher=fetcher),
            CSS(
                filename=str(self._templates / "leaflet.css"),
                font_config=self.font_config,
                url_fetcher=fetcher,
            ),
        ]

    # -- what WeasyPrint may read ----------------------------------------------------------
    def _fetcher(self) -> Any:
        from weasyprint.urls import (  # noqa: PLC0415
            FatalURLFetchingError,
            URLFetcher,
            URLFetcherResponse,
        )

        printer = self

        class PackageOnlyFetcher(URLFetcher):  # type: ignore[misc]
            """Serves fonts, print assets, the brand logo and generated images; refuses the rest."""

            def fetch(self, url: str, headers: Any = None) -> Any:
                body, mime = printer._resolve(url)
                if body is None:
                    # WeasyPrint swallows some fetch errors (in SVG drawing): keep a record.
                    printer._refused.append(url)
                    raise FatalURLFetchingError(_RefusedURL(url))
                return URLFetcherResponse(url, body=body, headers={"Content-Type": mime})

        return PackageOnlyFetcher()

    def _resolve(self, url: str) -> tuple[bytes | None, str]:
        prefix = "liberation:///"
        if not url.startswith(prefix):
            return None, ""
        kind, _, name = url[len(prefix) :].partition("/")
        if kind == "fonts" and name in self._fonts:
            return self._fonts[name].read_bytes(), "font/ttf"
        if kind == "print" and name in {"ISOcoated_v2_300_bas.icc"}:
            return (templates_dir() / "print" / name).read_bytes(), "application/vnd.iccprofile"
        if kind == "generated" and name in self._generated:
            return self._generated[name]
        brand = self._brand_logo
        if kind == "brand" and name == "logo" and brand is not None and brand.logo:
            return brand.logo.read_bytes(), brand.logo_type
        return None, ""

    # -- one PDF ---------------------------------------------------------------------------
    def _html(self, leaflet: Leaflet, edition: Edition, brand: Brand) -> str:
        numbers = {ref["key"]: ref["number"] for ref in leaflet.references}

        def renumbered(markup: str) -> Any:
            from markupsafe import Markup  # noqa: PLC0415

            def swap(match: re.Match[str]) -> str:
                key = match.group(1)
                return f'<a href="#ref-{key}">{numbers.get(key, "?")}</a>'

            return Markup(_CITATION.sub(swap, clean_html(markup)))  # noqa: S704 - cleaned

        blocks = []
        for block in leaflet.blocks:
            blocks.append(
                {
                    **block,
                    "html": renumbered("".join(s["html"] for s in block["sections"])),
                    "sections": [{**s, "html": renumbered(s["html"])} for s in block["sections"]],
                    "items": [{**i, "html": renumbered(i["html"])} for i in block["items"]],
                }
            )
        overdue = leaflet.review_due < dt.datetime.now(tz=dt.UTC).date().isoformat()
        template = self._env.get_template("leaflet.html.j2")
        return template.render(
            leaflet=leaflet,
            blocks=blocks,
            brand=brand,
            edition=edition,
            labels=_LABELS,
            direction="rtl" if leaflet.lang.split("-")[0] in RTL_LANGUAGES else "ltr",
            timestamp=_timestamp(),
            review_overdue=overdue,
        )

    def _page_style(
        self, edition: Edition, size: str, brand: Brand, fetcher: Any
    ) -> tuple[Any, dict[str, Any]]:
        """The page stylesheet of an edition, parsed once: with it, the print-shop ICC
        profile (1 MB) is read and parsed once per process instead of once per PDF."""
        from weasyprint import CSS  # noqa: PLC0415

        key = (edition.name, size, tuple(sorted(brand.colours.items())))
        if key not in self._page_styles:
            profiles: dict[str, Any] = {}  # filled by @color-profile: the CMYK output intent
            css = CSS(
                string=self._page_css(edition, size, brand),
                font_config=self.font_config,
                url_fetcher=fetcher,
                color_profiles=profiles,
            )
            for name, profile in list(profiles.items()):
                profiles[name] = _KeptProfile(profile)
            self._page_styles[key] = (css, profiles)
        return self._page_styles[key]

    def _page_css(self, edition: Edition, size: str, brand: Brand) -> str:
        colours = brand.colours
        convert = _cmyk if edition.variant == "pdf/x-4" else (lambda c: c)
        size_name = size if size != "Letter" else "letter"
        rules = [
            f"@page {{ size: {'A5' if edition.imposed else size_name}; }}",
            ":root { "
            + " ".join(f"--{k.replace('_', '-')}: {convert(v)};" for k, v in colours.items())
            + f" --body-size: {edition.body_pt}pt; }}",
        ]
        if edition.bleed_mm:
            rules.append(f"@page {{ bleed: {edition.bleed_mm}mm; marks: crop; }}")
            rules.append(
                "@color-profile device-cmyk { "
                "src: url(liberation:///print/ISOcoated_v2_300_bas.icc); "
                "components: cyan, magenta, yellow, black; }"
            )
        return "\n".join(rules)

    def render(self, leaflet: Leaflet, edition: Edition, size: str, brand: Brand) -> bytes:
        """The leaflet as PDF bytes; raises :class:`LiberationError` on any problem."""
        from weasyprint import HTML  # noqa: PLC0415

        if size not in edition.sizes:
            msg = f"the {edition.name} edition is made in {', '.join(edition.sizes)}, not {size}"
            raise LiberationError(msg)
        self._brand_logo = brand
        self._refused = []
        self._generated["qr.svg"] = (_qr_svg(leaflet.url), "image/svg+xml")
        fetcher = self._fetcher()
        html = self._html(leaflet, edition, brand)
        intent = {"output_intent": "device-cmyk"} if edition.bleed_mm else {}
        with _watch_weasyprint() as warnings:
            try:
                page_css, profiles = self._page_style(edition, size, brand, fetcher)
                stylesheets = [*self._base_css, page_css]
                document = HTML(
                    string=html,
                    url_fetcher=fetcher,
                    base_url="liberation:///",
                ).render(
                    stylesheets=stylesheets,
                    font_config=self.font_config,
                    color_profiles=profiles,
                    **intent,
                )
                identity = f"{leaflet.url}|{leaflet.lang}|{edition.name}|{size}|{_timestamp()}"
                with _stable_document_id(identity):
                    # Print-shop files carry a 1 MB colour profile that takes half a second
                    # to deflate for every PDF; presses do not mind uncompressed streams.
                    pdf: bytes = document.write_pdf(
                        pdf_variant=edition.variant or None, uncompressed_pdf=bool(edition.bleed_mm)
                    )
            except BaseException as exc:
                refused = _refused(exc)
                if refused is None:
                    raise
                raise LiberationError(_refusal_message(refused, brand)) from None
        if self._refused:
            raise LiberationError(_refusal_message(self._refused[0], brand))
        missing = [w for w in warnings if ".notdef" in w]
        if missing:
            msg = (
                f"{leaflet.definition.name} ({leaflet.lang}): a character has no glyph in "
                f"the leaflet fonts: {missing[0]}. Remove the character or add a font"
            )
            raise LiberationError(msg)
        _check_fonts({font.family for font in document.fonts.values()}, leaflet)
        if edition.imposed:
            from .impose import impose_booklet  # noqa: PLC0415

            pdf = impose_booklet(pdf)
        return pdf


class _KeptProfile:
    """A colour profile whose bytes are serialized once, not again for every PDF."""

    def __init__(self, profile: Any) -> None:
        self.src = profile.src
        self.rendering_intent = profile.rendering_intent
        self.components = profile.components
        self.name = profile.name
        self.content = profile.content
        self.pdf_reference: Any = None


@contextmanager
def _stable_document_id(identity: str) -> Iterator[None]:
    """WeasyPrint gives PDF/X files a random XMP DocumentID; derive it from the inputs
    instead, so the same inputs give the same bytes."""
    import uuid  # noqa: PLC0415

    from weasyprint.pdf import metadata  # noqa: PLC0415

    original = metadata.uuid4
    metadata.uuid4 = lambda: uuid.uuid5(uuid.NAMESPACE_URL, identity)
    try:
        yield
    finally:
        metadata.uuid4 = original


def _refused(exc: BaseException) -> str | None:
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, _RefusedURL):
            return str(seen.args[0])
        for arg in getattr(seen, "args", ()):
            if isinstance(arg, _RefusedURL):
                return str(arg.args[0])
        seen = seen.__cause__ or seen.__context__
    return None


def _refusal_message(url: str, brand: Brand) -> str:
    origin = "the leaflet templates"
    if brand.logo and url in brand.logo.read_bytes().decode("utf-8", "replace"):
        origin = f"the logo {brand.logo} (named in the brand file {brand.path})"
    return (
        f"the leaflet tried to read '{url[:80]}', which came from {origin}. Leaflets may "
        "only use the package's own fonts and assets and the brand's logo file: embed "
        "images in the logo instead of linking to them"
    )


def _qr_svg(url: str) -> bytes:
    import segno  # noqa: PLC0415

    buffer = io.BytesIO()
    segno.make(url, error="m").save(
        buffer, kind="svg", border=2, dark="#000000", xmldecl=False, svgns=True, nl=False
    )
    return buffer.getvalue()


@contextmanager
def _watch_weasyprint() -> Iterator[list[str]]:
    messages: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            messages.append(record.getMessage())

    handler = Collect(logging.WARNING)
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    try:
        yield messages
    finally:
        logger.removeHandler(handler)


def embedded_fonts(pdf: bytes) -> set[str]:
    """The base names of every font the PDF's pages use, without subset prefixes."""
    from pypdf import PdfReader  # noqa: PLC0415

    names = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        fonts = page.get("/Resources", {}).get("/Font", {})
        for ref in fonts.values():
            names.add(str(ref.get_object()["/BaseFont"]).lstrip("/").split("+")[-1])
    return names


def _check_fonts(families: set[str], leaflet: Leaflet) -> None:
    """Fail if any text was set in a font that is not one of the package's own."""
    others = sorted(families - {family for family, *_ in _FONT_FACES})
    if others:
        msg = (
            f"{leaflet.definition.name} ({leaflet.lang}): some text needed a font that is "
            f"not part of the package ({', '.join(others)}): a character is missing from "
            "the leaflet fonts. Remove the character or add a font"
        )
        raise LiberationError(msg)
