"""Print a composed leaflet to PDF with WeasyPrint, reading only the package's own assets.

:class:`LeafletPrinter` keeps one font configuration and one set of templates for many
PDFs, so a process that prints a whole set loads its fonts once. The pipeline of one PDF:
template -> HTML -> WeasyPrint (restricted fetcher) -> tagged PDF -> checks, then for the
other editions of the same pages: imposition (booklet), enlargement (large print on A4)
or preparation for press (print-shop).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import logging
import os
import re
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from liberation_content._resources import content_dir, templates_dir
from liberation_content.errors import LiberationError
from liberation_content.pipeline.sanitize import clean_html

from .brand import Brand
from .compose import Leaflet
from .pdffile import PAGE_SIZES

__all__ = ["EDITIONS", "Edition", "LeafletPrinter"]

#: How many layouts' PDFs a printer keeps: enough for every layout of one leaflet.
_LAYOUTS_KEPT = 3
RTL_LANGUAGES = frozenset({"ar", "fa", "he", "ur"})
_CITATION = re.compile(r'<a href="[^"]*#ref-([A-Za-z0-9_-]+)">\d+</a>')


@dataclass(frozen=True)
class Edition:
    """A way of printing: for screens and office printers, booklets, large print, or presses."""

    name: str
    sizes: tuple[str, ...]
    body_pt: float
    bleed_mm: float = 0.0
    imposed: bool = False
    #: Sizes made by enlarging the home edition's pages of a smaller size: (size, from).
    enlarged: tuple[tuple[str, str], ...] = ()
    help: str = ""

    def size_for(self, wanted: str) -> str:
        """``wanted`` (a leaflet's default size) if this edition is made in it, else the
        edition's first size."""
        return wanted if wanted in self.sizes else self.sizes[0]

    def layout(self, size: str) -> tuple[str, float]:
        """The page size and body size this edition's ``size`` is laid out in. Editions
        with the same layout are printed from the same pages."""
        if self.imposed:
            return "A5", self.body_pt
        smaller = dict(self.enlarged).get(size)
        if smaller is not None:
            return smaller, HOME_BODY_PT
        return size, self.body_pt


#: Body text of the home edition, in points.
HOME_BODY_PT = 12

EDITIONS: dict[str, Edition] = {
    "home": Edition(
        "home",
        ("A5", "A4", "Letter"),
        HOME_BODY_PT,
        help="For screens and office printers; a tagged, accessible PDF/UA-1.",
    ),
    "booklet": Edition(
        "booklet",
        ("A4",),
        12,
        imposed=True,  # imposition drops the structure tree: home is the accessible one
        help="A5 pages two to an A4 sheet, in booklet order, for double-sided "
        "printing at home; fold the stack in half.",
    ),
    "large-print": Edition(
        "large-print",
        ("A4", "Letter"),
        16,
        # A5 pages enlarged to A4 (x1.41): 17 pt text, and the same pages as the A5 home
        # edition. A5 does not enlarge to Letter at 16 pt, so Letter is laid out at 16 pt.
        enlarged=(("A4", "A5"),),
        help="Body text of 16 pt or more, for readers who need larger print: on A4, the "
        "A5 pages enlarged (17 pt); on US Letter, laid out at 16 pt.",
    ),
    "print-shop": Edition(
        "print-shop",
        ("A5", "A4", "Letter"),
        12,
        bleed_mm=3,
        help="For professional printing: PDF/X-4, CMYK output intent, 3 mm bleed and crop marks.",
    ),
}

#: The leaflet's labels, by the English interface message they translate.
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

    def __init__(self, content: Path | None = None, today: str | None = None) -> None:
        import jinja2  # noqa: PLC0415

        from .libraries import import_weasyprint  # noqa: PLC0415

        import_weasyprint()
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
        self._created = _timestamp()
        #: The content folder whose interface catalogs translate the labels.
        self.content = content if content is not None else content_dir()
        self._label_cache: dict[tuple[str, tuple[int, int]], dict[str, str]] = {}
        #: The day review dates are judged against (YYYY-MM-DD); default: the real date.
        self.today = today
        self._fonts = _fonts()
        self._generated: dict[str, tuple[bytes, str]] = {}
        self._brand_logo: Brand | None = None
        self._refused: list[str] = []
        self._page_styles: dict[tuple[Any, ...], Any] = {}
        # The tagged PDFs of the last layouts, with the font families they use: editions
        # printed from the same pages (Edition.layout) are laid out and written once.
        self._layouts: OrderedDict[tuple[str, ...], tuple[set[str], bytes]] = OrderedDict()
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

    @property
    def moment(self) -> str:
        """When the PDFs were made: SOURCE_DATE_EPOCH if set, else when this printer was
        made, so that a set printed together carries one date."""
        return _timestamp() if os.environ.get("SOURCE_DATE_EPOCH") else self._created

    def _labels(self, lang: str) -> dict[str, str]:
        """The leaflet's labels in ``lang``; refuses a language whose labels are not all
        translated, so that a leaflet never mixes two languages."""
        from liberation_content.pipeline.interface import complete, labels  # noqa: PLC0415

        po = self.content / "locales" / lang / "LC_MESSAGES" / "interface.po"
        stat = po.stat() if po.is_file() else None
        key = (lang, (stat.st_mtime_ns, stat.st_size) if stat else (0, 0))  # edited: read again
        if key not in self._label_cache:
            if not complete(self.content, lang):
                msg = (
                    f"the leaflet labels are not all translated into '{lang}' "
                    f"({self.content / 'locales' / lang / 'LC_MESSAGES' / 'interface.po'}); "
                    "a leaflet is printed only when everything on it is in one language"
                )
                raise LiberationError(msg)
            self._label_cache[key] = labels(self.content, lang)
        return self._label_cache[key]

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
        today = self.today or dt.datetime.now(tz=dt.UTC).date().isoformat()
        overdue = leaflet.review_due < today
        template = self._env.get_template("leaflet.html.j2")
        return template.render(
            leaflet=leaflet,
            blocks=blocks,
            brand=brand,
            edition=edition,
            labels={key: self._labels(leaflet.lang)[text] for key, text in _LABELS.items()},
            # The neutral brand's contact text is one of the labels, so it is translated;
            # a charity's own text is printed as the charity wrote it.
            contact=self._labels(leaflet.lang).get(brand.contact, brand.contact),
            direction="rtl" if leaflet.lang.split("-")[0] in RTL_LANGUAGES else "ltr",
            timestamp=self.moment,
            review_overdue=overdue,
        )

    def _page_style(self, size: str, body_pt: float, brand: Brand, fetcher: Any) -> Any:
        """The page stylesheet of a size and body size, parsed once per process."""
        from weasyprint import CSS  # noqa: PLC0415

        key = (size, body_pt, tuple(sorted(brand.colours.items())))
        if key not in self._page_styles:
            self._page_styles[key] = CSS(
                string=self._page_css(size, body_pt, brand),
                font_config=self.font_config,
                url_fetcher=fetcher,
            )
        return self._page_styles[key]

    @staticmethod
    def _page_css(size: str, body_pt: float, brand: Brand) -> str:
        size_name = size if size != "Letter" else "letter"
        colours = " ".join(f"--{k.replace('_', '-')}: {v};" for k, v in brand.colours.items())
        return f"@page {{ size: {size_name}; }}\n:root {{ {colours} --body-size: {body_pt}pt; }}"

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
        layout_size, body_pt = edition.layout(size)
        page_css_text = self._page_css(layout_size, body_pt, brand)
        logo = hashlib.sha256(brand.logo.read_bytes()).hexdigest() if brand.logo else ""
        layout_key = (html, page_css_text, str(brand.path), logo)
        # The booklet is imposed from the tagged PDF of the same A5 pages as the home
        # edition, large print on A4 is those pages enlarged, and the print-shop PDF is
        # made from the home PDF of its size.
        cached = self._layouts.get(layout_key)
        with _watch_weasyprint() as warnings:
            try:
                if cached is not None:
                    families, pdf = cached
                else:
                    page_css = self._page_style(layout_size, body_pt, brand, fetcher)
                    document = HTML(
                        string=html,
                        url_fetcher=fetcher,
                        base_url="liberation:///",
                    ).render(stylesheets=[*self._base_css, page_css], font_config=self.font_config)
                    # Every edition is made from this tagged PDF/UA-1 file.
                    pdf = bytes(document.write_pdf(pdf_variant="pdf/ua-1"))
                    families = {font.family for font in document.fonts.values()}
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
        _check_fonts(families, leaflet)
        self._layouts[layout_key] = (families, pdf)
        self._layouts.move_to_end(layout_key)
        while len(self._layouts) > _LAYOUTS_KEPT:
            self._layouts.popitem(last=False)
        if edition.imposed:
            from .impose import impose_booklet  # noqa: PLC0415

            pdf = impose_booklet(pdf)
        elif layout_size != size:
            from .enlarge import enlarge  # noqa: PLC0415

            pdf = enlarge(pdf, *PAGE_SIZES[size])
        if edition.bleed_mm:
            from .press import prepare_for_press  # noqa: PLC0415

            pdf = prepare_for_press(pdf, edition.bleed_mm)
        return pdf


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
