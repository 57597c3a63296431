"""``build`` (every product, or some) and ``preview`` (one language, rebuilt on every save).

The build's options are made from the fields of
:class:`~liberation_content.build.options.BuildOptions`, so the command line, the Python
API and the docs always agree.
"""

from __future__ import annotations

import argparse
import dataclasses
import typing
from pathlib import Path
from typing import Any

from liberation_content.errors import LiberationError, shown_path
from liberation_content.resources import default_content

__all__ = [
    "PRINTING_TOOLS",
    "SITE_TOOLS",
    "add_build",
    "add_options",
    "add_preview",
    "options_from",
    "require",
]

TYPE_CHECKING = False
if TYPE_CHECKING:
    from liberation_content.build import BuildOptions

#: What building the site, the JSON and the catalogs imports (the ``build`` extra).
SITE_TOOLS = ("sphinx", "myst_parser", "babel", "yaml", "nh3", "pyphen", "jinja2")
#: What printing leaflets imports (the ``build`` extra).
PRINTING_TOOLS = ("weasyprint", "jinja2", "pikepdf", "segno", "uharfbuzz", "fontpkg_noto_sans")


def require(task: str, modules: tuple[str, ...]) -> None:
    """Stop with one clear message if the build tools ``task`` needs are not installed."""
    import importlib.util  # noqa: PLC0415

    missing = [name for name in modules if importlib.util.find_spec(name) is None]
    if missing:
        msg = (
            f"{task} needs the build tools ({', '.join(missing)} missing). Install them "
            "with: pip install 'liberation-content[build]'"
        )
        raise LiberationError(msg)


def _options_class() -> type[BuildOptions]:
    from liberation_content.build import BuildOptions  # noqa: PLC0415

    return BuildOptions


def add_options(parser: argparse.ArgumentParser) -> None:
    """One command-line option per field of BuildOptions, with the field's help text."""
    from liberation_content.build.options import BuildOptions  # noqa: PLC0415 - no heavy imports

    hints = typing.get_type_hints(BuildOptions)
    for spec in dataclasses.fields(BuildOptions):
        kind = hints[spec.name]
        flags = [spec.metadata["flag"] or "--" + spec.name.replace("_", "-")]
        if flags[0] == "-v":
            flags.append("--verbose")
        extra: dict[str, Any] = {"dest": spec.name, "default": None, "help": spec.metadata["help"]}
        if kind is bool:
            extra |= {"action": "store_true"}
        else:
            extra["metavar"] = spec.metadata["metavar"] or None
            if typing.get_origin(kind) is tuple:
                extra["action"] = "append"
            elif Path in (kind, *typing.get_args(kind)):
                extra["type"] = Path
        parser.add_argument(*flags, **extra)


def options_from(args: argparse.Namespace) -> BuildOptions:
    """The BuildOptions the arguments give (defaults for what was not given)."""
    options_class = _options_class()
    given: dict[str, Any] = {}
    for spec in dataclasses.fields(options_class):
        value = getattr(args, spec.name, None)
        if value is not None and value is not False:
            given[spec.name] = tuple(value) if isinstance(value, list) else value
    return options_class(**given)


def _build(args: argparse.Namespace) -> int:
    asked = set(args.products) or {"html", "json", "pdf"}
    require("building", SITE_TOOLS + (PRINTING_TOOLS if "pdf" in asked else ()))
    options = options_from(args)
    from liberation_content.build import build  # noqa: PLC0415

    print(f"content: {shown_path(options.content)}", flush=True)
    written = build(options, tuple(args.products))
    pdfs: dict[Path, int] = {}
    for path in written:
        if path.suffix == ".pdf":
            pdfs[path.parent] = pdfs.get(path.parent, 0) + 1
        else:
            print(f"wrote {path}")
    for folder, count in pdfs.items():
        print(f"wrote {folder} ({count} PDF{'s' if count > 1 else ''})")
    if not written:
        print(f"{options.out}: everything is up to date; nothing was written")
    return 0


def add_build(commands: Any) -> None:
    from liberation_content.build.orchestrator import PRODUCTS  # noqa: PLC0415

    names = ", ".join(f"{'/'.join(p.asked_as)} ({p.help})" for p in PRODUCTS)
    build = commands.add_parser(
        "build",
        help="build products into a folder",
        description="Build the products into --out: " + names + ".",
    )
    build.add_argument(
        "products",
        nargs="*",
        metavar="PRODUCT",
        help="what to build: html, json or pdf (default: everything)",
    )
    add_options(build)
    build.set_defaults(run=_build)


def _preview(args: argparse.Namespace) -> int:
    require("the preview", SITE_TOOLS + (PRINTING_TOOLS if args.leaflet else ()))
    options_class = _options_class()
    from liberation_content.build.preview import Preview  # noqa: PLC0415

    options = options_class(
        out=args.out, content=args.content or default_content(), brand=args.brand
    )
    preview = Preview(options, lang=args.lang, leaflet=args.leaflet)
    if not args.no_serve:
        preview.root.joinpath("html").mkdir(parents=True, exist_ok=True)
        print(f"preview: {preview.serve(args.port)}")
    print(f"preview: watching {options.content}; stop with Ctrl+C")
    preview.watch()
    return 0


def add_preview(commands: Any) -> None:
    preview = commands.add_parser(
        "preview",
        help="rebuild one language's site (and a leaflet) whenever you save",
        description="Build one language's site and JSON into OUT/preview/, serve it on this "
        "machine, and rebuild it each time a page, catalog, template or brand file is saved. "
        "Stop with Ctrl+C.",
    )
    preview.add_argument("--lang", default="en", help="the language to preview (default: en)")
    preview.add_argument(
        "--leaflet", default=None, metavar="NAME", help="also print this leaflet (home edition)"
    )
    preview.add_argument("--out", type=Path, default=Path("build"), help="default: build")
    preview.add_argument(
        "--content",
        type=Path,
        default=None,
        help="content folder (default: ./content when run in a checkout)",
    )
    preview.add_argument("--brand", type=Path, default=None, help="brand file for the leaflet")
    preview.add_argument("--port", type=int, default=8000, help="port to serve on (0: any)")
    preview.add_argument("--no-serve", action="store_true", help="build and watch only")
    preview.set_defaults(run=_preview)
