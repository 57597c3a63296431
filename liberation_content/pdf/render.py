"""Print a composed leaflet to PDF with WeasyPrint, reading only the package's own assets.

:class:`LeafletPrinter` keeps one font configuration and one set of templates for many
PDFs, so a process that prints a whole set loads its fonts once. The pipeline of one PDF
(:meth:`LeafletPrinter.render`): template -> HTML -> WeasyPrint (restricted fetcher) ->
tagged PDF -> checks, then for the other editions of the same pages: imposition (booklet)
or preparation for press (print-shop).
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import logging
import re
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from liberation_content.errors import LiberationError
from liberation_content.i18n.interface import LEAFLET_LABELS
from liberation_content.model.dates import build_moment, review_day
from liberation_content.model.languages import direction, script
from liberation_content.model.leaflets import Leaflet
from liberation_content.model.sanitize import clean_html
from liberation_content.resources import templates_dir

from .brand import Brand
from .editions import HOME_BODY_PT, HOME_FINE_PT, LARGE_PRINT_PT, Edition
from .fetcher import PackageOnlyFetcher, refusal_message, refused_url
from .fonts import check_families, font_face_css, font_files
from .tagging import mend
from .weasy import RUNS

#: Why a file for press is not made without the site's address.
NO_ADDRESS = (
    "the print-shop file carries the address of the information online, as text and as "
    "a QR code, and the site's address was not set. Build with --site-url "
    "https://your.site/ (or set LIBERATION_SITE_URL), then print again"
)

__all__ = ["NO_ADDRESS", "LeafletPrinter"]

#: How many layouts' PDFs a printer keeps: enough for every layout of one leaflet.
_LAYOUTS_KEPT = 3


class LeafletPrinter:
    """Prints leaflets; one instance shares fonts and templates across many PDFs.

    ``today`` (YYYY-MM-DD) is the day review dates are judged against (default:
    SOURCE_DATE_EPOCH, else the real date).
    """

    def __init__(self, today: str = "") -> None:
        import jinja2  # noqa: PLC0415
        from weasyprint import CSS  # noqa: PLC0415
        from weasyprint.text.fonts import FontConfiguration  # noqa: PLC0415

        from .weasy import install  # noqa: PLC0415

        install()
        self._templates = templates_dir() / "leaflet"
        self._env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(self._templates),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self._env.filters["address"] = address
        self._env.filters["numbers"] = numbers
        self.today = today
        self._created = build_moment()
        self._fetcher = PackageOnlyFetcher(font_files(), templates_dir() / "print")
        self._page_styles: dict[tuple[Any, ...], Any] = {}
        # The tagged PDFs of the last layouts, with the font families they use: editions
        # printed from the same pages (Edition.layout) are laid out and written once.
        self._layouts: OrderedDict[tuple[str, ...], bytes] = OrderedDict()
        # The booklet sheets' printing instruction, by language and words.
        self._notes: dict[tuple[str, str], bytes] = {}
        self.font_config = FontConfiguration()
        self._base_css = [
            CSS(
                string=font_face_css("liberation:///fonts/"),
                font_config=self.font_config,
                url_fetcher=self._fetcher,
            ),
            CSS(
                filename=str(self._templates / "leaflet.css"),
                font_config=self.font_config,
                url_fetcher=self._fetcher,
            ),
        ]

    @property
    def moment(self) -> str:
        """When the PDFs were made: SOURCE_DATE_EPOCH if set, else when this printer was
        made, so that a set printed together carries one date."""
        return build_moment(self._created)

    def _html(self, leaflet: Leaflet, edition: Edition, brand: Brand) -> str:
        from markupsafe import Markup  # noqa: PLC0415

        def safe(markup: str) -> Markup:
            return Markup(clean_html(markup))  # noqa: S704 - cleaned against the allowlist

        blocks = [
            {
                **block,
                "html": safe(block["html"]),
                "sections": [{**s, "html": safe(s["html"])} for s in block["sections"]],
                "items": [{**i, "html": safe(i["html"])} for i in block["items"]],
            }
            for block in leaflet.blocks
        ]
        labels = leaflet.labels
        # The charity's text in the leaflet's language; where it has none, the neutral
        # contact text (translated with the labels), never a second language.
        covered = brand.covers(leaflet.lang)
        brand = brand.in_language(leaflet.lang)
        import jinja2  # noqa: PLC0415

        context = {
            "leaflet": leaflet,
            "blocks": blocks,
            "brand": brand,
            "edition": edition,
            "labels": labels,
            # The neutral brand's contact text is translated with the labels; a charity's
            # own text is printed as the charity wrote it.
            "contact": labels.get("neutral_contact", brand.contact)
            if not covered or brand.contact == LEAFLET_LABELS["neutral_contact"]
            else brand.contact,
            "direction": direction(leaflet.lang),
            "script": script(leaflet.lang),
            "large_print": edition.body_pt >= LARGE_PRINT_PT,
            "timestamp": self.moment,
            "review_overdue": leaflet.review_due < review_day(self.today),
        }
        try:
            return str(self._env.get_template("leaflet.html.j2").render(**context))
        except jinja2.UndefinedError as exc:
            msg = (
                f"the composed '{leaflet.name}' leaflet ({leaflet.lang}) lacks what this version "
                f"prints ({exc.message}): it was made by another version. Build the JSON "
                "again (liberation-content build json), then print"
            )
            raise LiberationError(msg) from None

    def _page_style(self, size: str, body_pt: float, brand: Brand) -> Any:
        """The page stylesheet of a size and body size, parsed once per process."""
        from weasyprint import CSS  # noqa: PLC0415

        key = (size, body_pt, tuple(sorted(brand.colours.items())))
        if key not in self._page_styles:
            self._page_styles[key] = CSS(
                string=_page_css(size, body_pt, brand),
                font_config=self.font_config,
                url_fetcher=self._fetcher,
            )
        return self._page_styles[key]

    def _layout(
        self, leaflet: Leaflet, html: str, size: str, body_pt: float, brand: Brand
    ) -> bytes:
        """The tagged PDF/UA-1 file of one layout, laid out once and kept for the other
        editions printed from the same pages."""
        from weasyprint import HTML  # noqa: PLC0415

        logo = hashlib.sha256(brand.logo.read_bytes()).hexdigest() if brand.logo else ""
        key = (html, _page_css(size, body_pt, brand), str(brand.path), logo)
        cached = self._layouts.get(key)
        if cached is not None:
            self._layouts.move_to_end(key)
            return cached
        self._fetcher.start(brand, leaflet.url)
        with _weasyprint_warnings() as warnings:
            try:
                document = HTML(
                    string=html, url_fetcher=self._fetcher, base_url="liberation:///"
                ).render(
                    stylesheets=[*self._base_css, self._page_style(size, body_pt, brand)],
                    font_config=self.font_config,
                )
                pdf = mend(bytes(document.write_pdf(pdf_variant="pdf/ua-1")), RUNS, _links(leaflet))
            except BaseException as exc:
                url = refused_url(exc)
                if url is None:
                    raise
                raise LiberationError(refusal_message(url, brand)) from None
        if self._fetcher.refused:
            raise LiberationError(refusal_message(self._fetcher.refused[0], brand))
        what = f"{leaflet.name} ({leaflet.lang})"
        # Never a leaflet without the charity's logo, or with a letter it cannot show.
        for sign, problem in (
            ("Failed to load image", f"{brand.path}: the logo {brand.logo} cannot be drawn"),
            (".notdef", f"{what}: a character has no glyph in the leaflet fonts"),
        ):
            seen = [w for w in warnings if sign in w]
            if seen:
                fix = "Export it again" if sign != ".notdef" else "Remove it or add a font"
                raise LiberationError(f"{problem} ({seen[0][:120]}). {fix}")
        check_families({font.family for font in document.fonts.values()}, what)
        self._layouts[key] = pdf
        while len(self._layouts) > _LAYOUTS_KEPT:
            self._layouts.popitem(last=False)
        return pdf

    def _sheet_note(self, leaflet: Leaflet) -> bytes:
        """The printing instruction for a booklet's sheets, in the leaflet's language, as a
        one-line PDF the imposition places at the top of each sheet."""
        from markupsafe import escape  # noqa: PLC0415
        from weasyprint import CSS, HTML  # noqa: PLC0415

        words = leaflet.labels.get("duplex", LEAFLET_LABELS["duplex"])
        made = self._notes.get((leaflet.lang, words))
        if made is not None:
            return made
        lang = escape(leaflet.lang)
        html = (
            f'<html lang="{lang}" dir="{direction(leaflet.lang)}"><body><p>{escape(words)}'
            "</p></body></html>"
        )
        style = CSS(
            string="@page { size: 136mm 6mm; margin: 0 } body { margin: 0; font: 7pt "
            '"Atkinson Hyperlegible", "Noto Sans", "Noto Sans Arabic"; text-align: center }'
            " p { margin: 0; line-height: 6mm }",
            font_config=self.font_config,
        )
        document = HTML(string=html, url_fetcher=self._fetcher, base_url="liberation:///")
        rendered = document.render(
            stylesheets=[*self._base_css[:1], style], font_config=self.font_config
        )
        made = self._notes[(leaflet.lang, words)] = mend(bytes(rendered.write_pdf()), RUNS)
        return made

    def _keep_to_pages(self, leaflet: Leaflet, edition: Edition, brand: Brand, pdf: bytes) -> None:
        """Refuse a leaflet that has grown past its page limit, naming what made it grow:
        the brand's text (tried without it), or the leaflet's own text in its language."""
        pages = _page_count(pdf)
        limit = leaflet.max_pages or pages
        if pages <= limit:
            return
        over = f"runs to {pages} pages, {pages - limit} more than its limit of {limit}"
        local = brand.in_language(leaflet.lang)
        fields = {k: getattr(local, k) for k in ("contact", "helpline_hours", "charity_number")}
        if any(fields.values()):
            bare = dataclasses.replace(
                brand, contact="", helpline_hours="", charity_number="", translations={}
            )
            size, body = leaflet.default_size, HOME_BODY_PT
            html = self._html(leaflet, edition, bare)
            if _page_count(self._layout(leaflet, html, size, body, bare)) <= limit:
                own = leaflet.lang.split("_")[0] == brand.language.split("_")[0]
                prefix = "" if own else f"translations.{leaflet.lang}."
                named = ", ".join(
                    f"'{prefix}{key}' ({len(value.split())} words)"
                    for key, value in sorted(fields.items(), key=lambda kv: -len(kv[1]))
                    if value
                )
                msg = (
                    f"{brand.path}: with this brand the '{leaflet.name}' leaflet in "
                    f"'{leaflet.lang}' {over}: the brand's text ({named}) is too long for "
                    "the page. Shorten it, the first most"
                )
                raise LiberationError(msg)
        msg = (
            f"the '{leaflet.name}' leaflet in '{leaflet.lang}' {over}: its text in that "
            "language is too long. Shorten the blocks it prints (content/leaflets/"
            f"{leaflet.name}.toml) in that language"
        )
        raise LiberationError(msg)

    def render(self, leaflet: Leaflet, edition: Edition, size: str, brand: Brand) -> bytes:
        """The leaflet as PDF bytes; raises :class:`LiberationError` on any problem."""
        if size not in edition.sizes:
            msg = f"the {edition.name} edition is made in {', '.join(edition.sizes)}, not {size}"
            raise LiberationError(msg)
        if edition.bleed_mm and not leaflet.url:
            raise LiberationError(NO_ADDRESS)
        layout_size, body_pt = edition.layout(size)
        pdf = self._layout(
            leaflet, self._html(leaflet, edition, brand), layout_size, body_pt, brand
        )
        if leaflet.max_pages and (layout_size, body_pt) == (leaflet.default_size, HOME_BODY_PT):
            self._keep_to_pages(leaflet, edition, brand, pdf)
        if edition.imposed:
            from .impose import impose_booklet  # noqa: PLC0415

            pdf = impose_booklet(
                pdf,
                right_to_left=direction(leaflet.lang) == "rtl",
                note=self._sheet_note(leaflet),
            )
        if edition.bleed_mm:
            from .colour import Ink  # noqa: PLC0415
            from .press import prepare_for_press  # noqa: PLC0415

            own = {
                tuple(int(brand.colours[key][i : i + 2], 16) for i in (1, 3, 5)): Ink(
                    values, brand.spot.get(key, "")
                )
                for key, values in brand.press.items()
            }
            background = brand.colours["background"]
            pdf = prepare_for_press(pdf, edition.bleed_mm, background, own)  # type: ignore[arg-type]
        return pdf


def address(url: str) -> Any:
    """A web address as printed: it may break after a "/" and nowhere else, never at a
    hyphen (a reader who copies "liberation-⏎content" gets "liberationcontent")."""
    from markupsafe import Markup, escape  # noqa: PLC0415

    parts = [Markup('<span class="nobreak">{}</span>').format(p) for p in str(url).split("/")]
    return Markup("/").join(parts) if parts else escape(url)


def numbers(label: str, **places: str) -> Any:
    """A label with each ``{placeholder}`` replaced by a piece of the template's own
    markup (a page counter); the label's words are escaped."""
    from markupsafe import Markup, escape  # noqa: PLC0415

    pattern = "|".join(re.escape("{" + name + "}") for name in places)
    pieces = []
    for part in re.split(f"({pattern})", str(label)):
        own = places.get(part[1:-1]) if part.startswith("{") else None
        pieces.append(own if own is not None else str(escape(part)))
    return Markup("".join(pieces))  # noqa: S704 - escaped words and the template's markup


def _page_count(pdf: bytes) -> int:
    import pikepdf  # noqa: PLC0415

    with pikepdf.open(io.BytesIO(pdf)) as doc:
        return len(doc.pages)


def _links(leaflet: Leaflet) -> dict[str, str]:
    """What each link to a place in the leaflet says to a screen reader, in the leaflet's
    language: "Source 3" for a citation, the heading for a part of the leaflet."""
    words = leaflet.labels.get("source", LEAFLET_LABELS["source"])
    found = {
        f"ref-{ref['key']}": words.replace("{number}", str(ref["number"]))
        for ref in leaflet.references
    }
    for block in leaflet.blocks:
        found[str(block["id"])] = str(block["title"])
        for section in block.get("sections", []):
            found[str(section["id"])] = str(section["headline"])
    return found


def _page_css(size: str, body_pt: float, brand: Brand) -> str:
    """The page size, the brand's colours and the type sizes: in large print nothing is
    smaller than the body text."""
    size_name = size if size != "Letter" else "letter"
    colours = " ".join(f"--{k.replace('_', '-')}: {v};" for k, v in brand.colours.items())
    large = body_pt >= LARGE_PRINT_PT
    fine = body_pt if large else round(body_pt * HOME_FINE_PT / HOME_BODY_PT, 2)
    aside = body_pt if large else round(body_pt * 0.9, 2)
    sizes = f"--body-size: {body_pt}pt; --aside-size: {aside}pt; --fine-size: {fine}pt;"
    return f"@page {{ size: {size_name}; }}\n:root {{ {colours} {sizes} }}"


@contextmanager
def _weasyprint_warnings() -> Iterator[list[str]]:
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
