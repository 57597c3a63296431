"""The ``liberation-content`` command.

A user's mistake (bad content, an unknown language, a malformed file) prints one clear
message and exits 1, without a traceback; a bug still shows its traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from liberation_content._version import __version__
from liberation_content.errors import LiberationError

__all__ = ["main"]


def _build(args: argparse.Namespace) -> int:
    try:
        from liberation_content.pipeline import BuildOptions, build  # noqa: PLC0415
    except ImportError as exc:
        msg = (
            f"building needs the build tools ({exc.name} is missing). Install them with: "
            "pip install 'liberation-content[build]'"
        )
        raise LiberationError(msg) from None
    options = BuildOptions(
        out=args.out,
        languages=tuple(args.lang or ()),
        content=args.content,
        today=args.today or "",
        allow_overdue=args.allow_overdue,
        brand=args.brand,
        verbose=args.verbose,
        **({"site_url": args.site_url} if args.site_url else {}),
    )
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


def _snippet(args: argparse.Namespace) -> int:
    from liberation_content import get  # noqa: PLC0415

    snippet = get(args.id, lang=args.lang, fallback=args.fallback)
    if args.format == "json":
        import json  # noqa: PLC0415

        print(json.dumps(snippet.data, ensure_ascii=False, indent=2, sort_keys=True))
    elif args.format == "html":
        print(snippet.html)
    else:
        print(snippet.title)
        print()
        print(snippet.text)
    if snippet.is_fallback:
        print(
            f"note: '{args.id}' is not published in '{args.lang}'; this is the "
            f"'{snippet.lang}' text",
            file=sys.stderr,
        )
    if snippet.review_overdue():
        print(f"note: the review of this text was due on {snippet.review_due}", file=sys.stderr)
    return 0


def _ids(args: argparse.Namespace) -> int:
    from liberation_content import ids, manifest  # noqa: PLC0415

    entries = manifest()["snippets"]
    for snippet_id in ids(lang=args.lang, type=args.type):
        entry = entries[snippet_id]
        print(f"{snippet_id}\t{entry['type']}\t{entry['title']}")
    return 0


def _leaflet(args: argparse.Namespace) -> int:
    try:
        from liberation_content.pipeline.pdf import (  # noqa: PLC0415
            EDITIONS,
            LeafletPrinter,
            compose,
            file_name,
            load_brand,
            load_definitions,
        )
    except ImportError as exc:
        msg = (
            f"printing leaflets needs the build tools ({exc.name} is missing). Install "
            "them with: pip install 'liberation-content[build]'"
        )
        raise LiberationError(msg) from None
    from liberation_content import where  # noqa: PLC0415
    from liberation_content._resources import content_dir  # noqa: PLC0415

    definitions = load_definitions((args.content or content_dir()) / "leaflets")
    if args.name not in definitions:
        msg = f"there is no leaflet '{args.name}'. Leaflets: {', '.join(definitions)}"
        raise LiberationError(msg)
    definition = definitions[args.name]
    edition = EDITIONS[args.edition]
    size = args.size or edition.size_for(definition.default_size)
    brand = load_brand(args.brand)
    leaflet = compose(definition, args.lang, args.data or where())
    pdf = LeafletPrinter().render(leaflet, edition, size, brand)
    out = args.output or Path(file_name(args.name, edition.name, size))
    partial = out.with_name(f".{out.name}.partial")
    partial.write_bytes(pdf)
    partial.replace(out)  # never leave half a PDF where the last good one was
    print(f"wrote {out}")
    return 0


def _catalog_languages(content: Path, languages: tuple[str, ...]) -> list[str]:
    """The languages asked for (every translated one if none), each checked to exist."""
    from liberation_content.pipeline.options import available_languages  # noqa: PLC0415

    known = [lang for lang in available_languages(content) if lang != "en"]
    for lang in languages:
        if lang not in known:
            msg = f"there is no '{lang}' catalog. Languages: {', '.join(known) or 'none yet'}"
            raise LiberationError(msg)
    return list(languages) or known


def _i18n_status(content: Path, languages: tuple[str, ...], *, as_json: bool) -> int:
    from liberation_content.pipeline.translations import status  # noqa: PLC0415

    report = {lang: status(content, lang) for lang in _catalog_languages(content, languages)}
    if as_json:
        import json  # noqa: PLC0415

        data = {lang: [page.as_json() for page in pages.values()] for lang, pages in report.items()}
        print(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True))
        return 0
    print("lang  page                 translated  fuzzy  untranslated   done  words left  status")
    for lang, pages in report.items():
        for page in pages.values():
            print(
                f"{lang:5} {page.page:20} {page.translated:10} {page.fuzzy:6} "
                f"{page.untranslated:13} {page.percent:5.1f}% {page.words_outstanding:11}  "
                f"{page.state}{'' if page.state == 'complete' else ' (held back)'}"
            )
            for problem in page.problems:
                print(f"      {problem}")
    return 0


def _i18n_check(content: Path, languages: tuple[str, ...], *, as_json: bool) -> int:
    from liberation_content.pipeline.translations import check_catalogs  # noqa: PLC0415

    chosen = _catalog_languages(content, languages)
    problems = [p for lang in chosen for p in check_catalogs(content, lang)]
    if as_json:
        import json  # noqa: PLC0415

        data = [
            {"file": str(p.path), "line": p.line, "message": p.message, "check": p.code}
            for p in problems
        ]
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        for problem in problems:
            print(problem)
        checked = ", ".join(chosen) or "no language"
        print(f"{len(problems)} problem(s) in the catalogs of {checked}")
    return 1 if problems else 0


def _preview(args: argparse.Namespace) -> int:
    from liberation_content.pipeline import BuildOptions  # noqa: PLC0415
    from liberation_content.pipeline.preview import Preview  # noqa: PLC0415

    content = args.content
    if content is None and (Path("content") / "index.md").is_file():
        content = Path("content")
    options = BuildOptions(out=args.out, content=content, brand=args.brand)
    preview = Preview(options, lang=args.lang, leaflet=args.leaflet)
    if not args.no_serve:
        preview.root.joinpath("html").mkdir(parents=True, exist_ok=True)
        print(f"preview: {preview.serve(args.port)}")
    print(f"preview: watching {options.content_root}; stop with Ctrl+C")
    preview.watch()
    return 0


def _i18n(args: argparse.Namespace) -> int:
    from liberation_content.pipeline import BuildOptions, i18n  # noqa: PLC0415

    content = args.content
    if content is None and (Path("content") / "index.md").is_file():
        content = Path("content")
    options = BuildOptions(content=content, allow_overdue=True)
    languages = tuple(getattr(args, "languages", ()))
    if args.action == "status":
        return _i18n_status(options.content_root, languages, as_json=args.json)
    if args.action == "check":
        return _i18n_check(options.content_root, languages, as_json=args.json)
    written = i18n.extract(options) if args.action == "extract" else i18n.update(options, languages)
    for path in written:
        print(f"wrote {path}")
    return 0


def _add_preview(commands: Any) -> None:
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


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="liberation-content",
        description="Patient information about the liberation procedure for MS: "
        "build it, or read it.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    build = commands.add_parser(
        "build",
        help="build products into a folder",
        description="Build the HTML site (and the other products that exist) into --out.",
    )
    build.add_argument(
        "products", nargs="*", metavar="PRODUCT", help="what to build: html (default: everything)"
    )
    build.add_argument(
        "--lang",
        action="append",
        metavar="LANG",
        help="a language to build; repeat for several (default: every language)",
    )
    build.add_argument(
        "--out", type=Path, default=Path("build"), help="folder for the products (default: build)"
    )
    build.add_argument(
        "--content",
        type=Path,
        default=None,
        help="build this content folder instead of the package's own",
    )
    build.add_argument(
        "--site-url",
        default=None,
        help="address the site is published at (default: $LIBERATION_SITE_URL)",
    )
    build.add_argument(
        "--today", default=None, metavar="YYYY-MM-DD", help="judge review dates as of this day"
    )
    build.add_argument(
        "--brand",
        type=Path,
        default=None,
        help="brand file (TOML) for the leaflets (default: a neutral brand)",
    )
    build.add_argument(
        "--allow-overdue",
        action="store_true",
        help="build even if a review is overdue; the pages still say so",
    )
    build.add_argument("-v", "--verbose", action="store_true", help="show Sphinx's progress")
    build.set_defaults(run=_build)

    snippet = commands.add_parser(
        "snippet",
        help="print one snippet of the content",
        description="Print a page or block by its ID.",
    )
    snippet.add_argument("id", help="the snippet ID, such as key-facts (see: ids)")
    snippet.add_argument("--lang", default="en", help="language (default: en)")
    snippet.add_argument(
        "--format",
        choices=("text", "html", "json"),
        default="text",
        help="output format (default: text)",
    )
    snippet.add_argument(
        "--fallback",
        action="store_true",
        help="print the English text if the translation is not complete",
    )
    snippet.set_defaults(run=_snippet)

    leaflet = commands.add_parser(
        "leaflet",
        help="print a leaflet to PDF, in your own branding",
        description="Print one leaflet in one language and edition. The text comes from "
        "the JSON shipped in the package (or --data).",
    )
    leaflet.add_argument(
        "name",
        nargs="?",
        default="leaflet",
        help="which leaflet: leaflet (default), article or questions",
    )
    leaflet.add_argument("--lang", default="en", help="language (default: en)")
    leaflet.add_argument(
        "--edition",
        default="home",
        choices=("home", "booklet", "large-print", "print-shop"),
        help="home (default), booklet, large-print or print-shop",
    )
    leaflet.add_argument(
        "--size",
        choices=("A5", "A4", "Letter"),
        default=None,
        help="paper size (default: the leaflet's own)",
    )
    leaflet.add_argument(
        "--brand", type=Path, default=None, help="your brand file (TOML); default: a neutral brand"
    )
    leaflet.add_argument(
        "-o",
        "--output",
        type=Path,
        default=None,
        help="where to write the PDF (default: a self-explaining name here)",
    )
    leaflet.add_argument(
        "--data", type=Path, default=None, help="a folder of JSON snippets, such as build/json"
    )
    leaflet.add_argument("--content", type=Path, default=None, help=argparse.SUPPRESS)
    leaflet.set_defaults(run=_leaflet)

    i18n = commands.add_parser(
        "i18n",
        help="catalogs for translators: extract the English, update a language",
        description="extract: write content/locales/templates/*.pot from the English pages. "
        "update LANG...: merge them into content/locales/LANG/LC_MESSAGES/*.po (changed "
        "English becomes fuzzy, new entries arrive empty, removed ones are kept as obsolete). "
        "status [LANG...]: what is translated, fuzzy and outstanding per page, and what "
        "can be published.",
    )
    actions = i18n.add_subparsers(dest="action", required=True, metavar="ACTION")
    content_help = (
        "content folder holding locales/ (default: ./content when run in a checkout, "
        "else the installed package's own)"
    )
    for name, help_text, languages_help in (
        ("extract", "write locales/templates/*.pot from the English pages", None),
        ("update", "merge the POT files into these languages' PO files", "languages to update"),
        ("status", "what is translated, fuzzy and outstanding per page", "languages to report"),
        ("check", "run every check on the PO files; exit 1 if one fails", "languages to check"),
    ):
        action = actions.add_parser(
            name, help=help_text, description=help_text[0].upper() + help_text[1:] + "."
        )
        if languages_help is not None:
            action.add_argument(
                "languages",
                nargs="*",
                metavar="LANG",
                help=languages_help,
            )
        if name in ("status", "check"):
            action.add_argument("--json", action="store_true", help="print JSON for machines")
        action.add_argument("--content", type=Path, default=None, help=content_help)
    i18n.set_defaults(run=_i18n)

    _add_preview(commands)

    ids = commands.add_parser(
        "ids",
        help="list the snippet IDs",
        description="List every snippet ID with its type and title.",
    )
    ids.add_argument("--lang", default=None, help="only IDs complete in this language")
    ids.add_argument(
        "--type",
        default=None,
        choices=("page", "section", "faq", "checklist", "key-facts"),
        help="only IDs of this type",
    )
    ids.set_defaults(run=_ids)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        code: int = args.run(args)
    except LiberationError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted; the previous outputs were left as they were", file=sys.stderr)
        return 130
    return code
