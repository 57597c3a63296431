"""The one options object of a build: data with help text, from which the command line's
options and the docs' table are made."""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from liberation_content.resources import default_content

__all__ = ["DEFAULT_SITE_URL", "SITE_URL_VARIABLE", "BuildOptions"]

#: Where the published site lives unless told otherwise: nowhere known, so addresses in
#: the site and the JSON are relative, and nothing is printed.
DEFAULT_SITE_URL = ""
#: The environment variable that sets the site's address for every build.
SITE_URL_VARIABLE = "LIBERATION_SITE_URL"


def _cli(help: str, *, flag: str = "", metavar: str = "") -> dict[str, str]:
    """A field's help text, and its command-line flag (``--name`` unless given)."""
    return {"help": help, "flag": flag, "metavar": metavar}


@dataclass(frozen=True)
class BuildOptions:
    """Everything a build can be told. The CLI's options and the docs come from these fields."""

    out: Path = field(
        default=Path("build"),
        metadata=_cli("Folder that receives every product (html/, json/, pdf/).", metavar="DIR"),
    )
    languages: tuple[str, ...] = field(
        default=(),
        metadata=_cli(
            "A language to build, as a code such as en or fr; repeat for several. "
            "Default: every language.",
            flag="--lang",
            metavar="LANG",
        ),
    )
    content: Path = field(
        default_factory=default_content,
        metadata=_cli(
            "Content folder to build. Default: ./content when there is one (a checkout), "
            "else the installed package's own.",
            metavar="DIR",
        ),
    )
    site_url: str = field(
        default_factory=lambda: os.environ.get(SITE_URL_VARIABLE, DEFAULT_SITE_URL),
        metadata=_cli(
            "Address the HTML site is published at; canonical links, the sitemap, the "
            "addresses in the JSON, and the address and QR code printed on leaflets are "
            f"made from it. Default: ${SITE_URL_VARIABLE}, else none: addresses are then "
            "relative, leaflets print no address or QR code, and no print-shop files are "
            "made",
            metavar="URL",
        ),
    )
    today: str = field(
        default="",
        metadata=_cli(
            "Date review dates are checked against. Default: SOURCE_DATE_EPOCH, else today.",
            metavar="YYYY-MM-DD",
        ),
    )
    brand: Path | None = field(
        default=None,
        metadata=_cli(
            "Brand file (TOML) for the leaflets. Default: a neutral brand.", metavar="FILE"
        ),
    )
    allow_overdue: bool = field(
        default=False,
        metadata=_cli("Build even if a page's review is overdue (the products still say so)."),
    )
    verbose: bool = field(default=False, metadata=_cli("Show Sphinx's progress output.", flag="-v"))

    @property
    def base_url(self) -> str:
        """The site's address, ending with a slash; '' when it is not set."""
        if not self.site_url:
            return ""
        return self.site_url if self.site_url.endswith("/") else self.site_url + "/"

    def with_(self, **changes: Any) -> BuildOptions:
        return dataclasses.replace(self, **changes)
