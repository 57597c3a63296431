"""The ``liberation-content`` command.

A user's mistake (bad content, an unknown language, a malformed file) prints one clear
message and exits 1, without a traceback; a bug still shows its traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

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
        verbose=args.verbose,
        **({"site_url": args.site_url} if args.site_url else {}),
    )
    for path in build(options, tuple(args.products)):
        print(f"wrote {path}")
    return 0


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
        "--allow-overdue",
        action="store_true",
        help="build even if a review is overdue; the pages still say so",
    )
    build.add_argument("-v", "--verbose", action="store_true", help="show Sphinx's progress")
    build.set_defaults(run=_build)
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
