"""The one options object of a build, with help text, and the function that runs a build."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from liberation_content._resources import content_dir
from liberation_content.errors import LiberationError

__all__ = ["DEFAULT_SITE_URL", "PRODUCTS", "BuildOptions", "build", "review_day"]

#: Where the published site lives; set LIBERATION_SITE_URL or --site-url for your own host.
DEFAULT_SITE_URL = "https://liberation-content.example.org/"


def _help(text: str) -> dict[str, str]:
    return {"help": text}


@dataclass(frozen=True)
class BuildOptions:
    """Everything a build can be told. The CLI's options and the docs come from these fields."""

    out: Path = field(
        default=Path("build"),
        metadata=_help("Folder that receives every product (html/, json/, pdf/)."),
    )
    languages: tuple[str, ...] = field(
        default=(),
        metadata=_help(
            "Languages to build, as codes such as en or fr; empty means every language."
        ),
    )
    content: Path | None = field(
        default=None,
        metadata=_help(
            "Content folder to build instead of the package's own (for previews and tests)."
        ),
    )
    site_url: str = field(
        default_factory=lambda: os.environ.get("LIBERATION_SITE_URL", DEFAULT_SITE_URL),
        metadata=_help("Address the HTML site is published at; canonical links are made from it."),
    )
    today: str = field(
        default="",
        metadata=_help(
            "Date (YYYY-MM-DD) that review dates are checked against; default: "
            "SOURCE_DATE_EPOCH, else today."
        ),
    )
    brand: Path | None = field(
        default=None,
        metadata=_help("Brand file (TOML) for the leaflets; default: the neutral brand."),
    )
    allow_overdue: bool = field(
        default=False,
        metadata=_help("Build even if a page's review is overdue (the products still say so)."),
    )
    verbose: bool = field(default=False, metadata=_help("Show Sphinx's progress output."))

    @property
    def content_root(self) -> Path:
        return self.content if self.content is not None else content_dir()

    @property
    def base_url(self) -> str:
        return self.site_url if self.site_url.endswith("/") else self.site_url + "/"

    def with_(self, **changes: object) -> BuildOptions:
        return dataclasses.replace(self, **changes)  # type: ignore[arg-type]


def review_day(today: str = "") -> str:
    """The day (YYYY-MM-DD) review dates are judged against: ``today`` if given, else
    SOURCE_DATE_EPOCH, else the real date. The site, the leaflets and the decision of
    what to rebuild all use this one answer."""
    if today:
        return today
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date().isoformat()
    return dt.datetime.now(tz=dt.UTC).date().isoformat()


def available_languages(content: Path) -> list[str]:
    """English plus every language with a folder under ``content/locales``."""
    locales = content / "locales"
    found = (
        sorted(p.name for p in locales.iterdir() if p.is_dir() and p.name != "templates")
        if locales.is_dir()
        else []
    )
    return ["en", *[lang for lang in found if lang != "en"]]


def _site(options: BuildOptions, lang: str) -> list[Path]:
    from .site import build_site  # noqa: PLC0415

    return build_site(options, lang)


def _pdf(options: BuildOptions, lang: str) -> list[Path]:
    from .pdf import build_pdfs  # noqa: PLC0415

    return build_pdfs(options, lang)


#: What each product name builds, in the order they must run. The HTML site and the JSON
#: snippets come from one run; the leaflets are printed from the JSON.
PRODUCTS: dict[str, Callable[[BuildOptions, str], list[Path]]] = {
    "html": _site,
    "json": _site,
    "pdf": _pdf,
}


def build(options: BuildOptions, products: tuple[str, ...] = ()) -> list[Path]:
    """Validate the inputs, then build each product in each language; return what was written."""
    content = options.content_root
    if not (content / "index.md").is_file():
        msg = f"{content}: no index.md here, so this is not a content folder"
        raise LiberationError(msg)
    known = available_languages(content)
    languages = options.languages or tuple(known)
    for lang in languages:
        if lang not in known:
            msg = (
                f"there is no '{lang}' translation. Available languages: "
                f"{', '.join(known)}. Add content/locales/{lang}/ to start one"
            )
            raise LiberationError(msg)
    from .references import load_references  # noqa: PLC0415

    load_references(content / "references.toml")
    unknown = [p for p in products if p not in PRODUCTS]
    if unknown:
        msg = f"unknown product '{unknown[0]}'; choose from {', '.join(PRODUCTS)}"
        raise LiberationError(msg)
    runs = list(dict.fromkeys(PRODUCTS[p] for p in products or tuple(PRODUCTS)))
    if _pdf in runs and _site not in runs and not (options.out / "json" / "index.json").is_file():
        runs.insert(0, _site)  # the leaflets are printed from the JSON snippets
    from .incremental import BuildState  # noqa: PLC0415
    from .progress import Progress  # noqa: PLC0415

    state = BuildState(options.out)
    progress = Progress(0, quiet=options.verbose)
    written: list[Path] = []
    if _site in runs:
        written.extend(_sites(options, languages, known, state, progress))
    if _pdf in runs:
        from .pdf import build_all_pdfs  # noqa: PLC0415

        written.extend(build_all_pdfs(options, languages, state, progress))
    return written


def _sites(
    options: BuildOptions,
    languages: tuple[str, ...],
    known: list[str],
    state: Any,
    progress: Any,
) -> list[Path]:
    """The site and JSON of each language whose inputs changed, languages in parallel."""
    from .incremental import site_fingerprint  # noqa: PLC0415
    from .parallel import run_each  # noqa: PLC0415

    todo = {}
    for lang in languages:
        fingerprint = site_fingerprint(options, lang, known)
        outputs = (options.out / "html" / lang, options.out / "json" / lang)
        if not state.current(f"site/{lang}", fingerprint, *outputs):
            todo[lang] = fingerprint
    progress.add(len(todo))
    written: list[Path] = []
    failures: list[LiberationError] = []

    def done(lang: str, paths: list[Path]) -> None:
        written.extend(paths)
        state.record(f"site/{lang}", todo[lang])
        progress.step(f"html and json {lang}")

    # Each language in its own process: Sphinx keeps some state per process.
    for lang, result in run_each(functools.partial(_site, options), list(todo)):
        try:
            done(lang, result())
        except LiberationError as exc:
            state.forget(f"site/{lang}")
            failures.append(exc)
    state.save()
    if todo or not (options.out / "json" / "index.json").is_file():
        from .site import publish_json  # noqa: PLC0415

        written.extend(publish_json(options, known))
    if failures:
        raise failures[0]
    return written
