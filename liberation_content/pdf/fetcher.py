"""What WeasyPrint may read while it prints a leaflet: the package's fonts and print assets,
the brand's logo, and the images made for this leaflet (its QR code). Every other address,
a file or a URL, is refused and named in the error."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from .brand import Brand

__all__ = ["PackageOnlyFetcher", "refusal_message", "refused_url"]

PREFIX = "liberation:///"
#: The print assets a leaflet may use, in templates/print/.
PRINT_ASSETS = frozenset({"ISOcoated_v2_300_bas.icc"})


class _RefusedURL(Exception):
    """The renderer asked for an address it may not read."""


class PackageOnlyFetcher(URLFetcher):  # type: ignore[misc]
    """Serves ``liberation:///fonts/<file>``, ``/print/<file>``, ``/brand/logo`` and
    ``/generated/qr.svg``; refuses everything else."""

    def __init__(self, fonts: dict[str, bytes], print_assets: Path) -> None:
        super().__init__()
        self.fonts = fonts
        self.print_assets = print_assets
        self.brand: Brand | None = None
        self.generated: dict[str, tuple[bytes, str]] = {}
        #: Addresses refused while printing the current leaflet. WeasyPrint swallows some
        #: fetch errors (in SVG drawing), so they are recorded here as well.
        self.refused: list[str] = []

    def start(self, brand: Brand, url: str) -> None:
        """Get ready for one leaflet: its brand's logo, and a QR code of its address."""
        self.brand = brand
        self.refused = []
        self.generated.pop("qr.svg", None)
        if url:  # (no address, no QR code)
            self.generated["qr.svg"] = (_qr_svg(url), "image/svg+xml")

    def fetch(self, url: str, headers: Any = None) -> Any:
        body, mime = self.resolve(url)
        if body is None:
            self.refused.append(url)
            raise FatalURLFetchingError(_RefusedURL(url))
        return URLFetcherResponse(url, body=body, headers={"Content-Type": mime})

    def resolve(self, url: str) -> tuple[bytes | None, str]:
        if not url.startswith(PREFIX):
            return None, ""
        kind, _, name = url[len(PREFIX) :].partition("/")
        if kind == "fonts" and name in self.fonts:
            return self.fonts[name], "font/ttf"
        if kind == "print" and name in PRINT_ASSETS:
            return (self.print_assets / name).read_bytes(), "application/vnd.iccprofile"
        if kind == "generated" and name in self.generated:
            return self.generated[name]
        brand = self.brand
        if kind == "brand" and name == "logo" and brand is not None and brand.logo:
            return brand.logo.read_bytes(), brand.logo_type
        return None, ""


def refused_url(exc: BaseException) -> str | None:
    """The address behind a refusal, wherever WeasyPrint wrapped it; else ``None``."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, _RefusedURL):
            return str(seen.args[0])
        for arg in getattr(seen, "args", ()):
            if isinstance(arg, _RefusedURL):
                return str(arg.args[0])
        seen = seen.__cause__ or seen.__context__
    return None


def refusal_message(url: str, brand: Brand) -> str:
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
