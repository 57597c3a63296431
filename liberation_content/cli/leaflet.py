"""``leaflet``: print one leaflet, in a charity's own branding, from the installed package."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any

from liberation_content.api import where
from liberation_content.errors import LiberationError
from liberation_content.files import atomic_write
from liberation_content.model.leaflets import SIZES, load_leaflet
from liberation_content.pdf import EDITIONS, edition, file_name, print_leaflet

from .building import PRINTING_TOOLS, require

__all__ = ["add_leaflet"]


def _output(args: argparse.Namespace, name: str, size: str) -> Path:
    """Where the PDF goes, checked before it is printed."""
    default = file_name(name, args.edition, size)
    out: Path = args.output if args.output is not None else Path(default)
    if out.is_dir():
        msg = f"{out} is a folder; give -o a file name, such as {out / default}"
        raise LiberationError(msg)
    if not out.parent.is_dir():
        msg = f"there is no folder {out.parent} to write {out.name} into; create it first"
        raise LiberationError(msg)
    if out.is_symlink() or (out.exists() and not out.is_file()):
        msg = (
            f"{out} is not a regular file (a link, a device or a pipe); the PDF is written "
            "only as a file of its own. Give -o another name"
        )
        raise LiberationError(msg)
    # (Read-only by its mode too: root may write anything, but asked not to here.)
    writable = out.is_file() and os.access(out, os.W_OK) and out.stat().st_mode & 0o222
    if out.is_file() and not writable and not args.force:
        msg = f"{out} is read-only, so it was kept; give --force to replace it"
        raise LiberationError(msg)
    return out


def _leaflet(args: argparse.Namespace) -> int:
    require("printing leaflets", PRINTING_TOOLS)
    data = args.data if args.data is not None else where()
    leaflet = load_leaflet(data, args.name, args.lang)  # a wrong name or language first
    chosen = edition(args.edition)
    size = args.size or chosen.size_for(leaflet.default_size)
    out = _output(args, args.name, size)
    pdf = print_leaflet(
        args.name, args.lang, edition_name=chosen.name, size=size, brand=args.brand, data=data
    )
    atomic_write(out, pdf)  # never leave half a PDF where the last good one was
    print(f"wrote {out}")
    return 0


def add_leaflet(commands: Any) -> None:
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
        choices=tuple(EDITIONS),
        help="home (default), booklet, large-print or print-shop",
    )
    leaflet.add_argument(
        "--size", choices=SIZES, default=None, help="paper size (default: the leaflet's own)"
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
        "--force", action="store_true", help="replace the PDF even if it is read-only"
    )
    leaflet.add_argument(
        "--data", type=Path, default=None, help="a folder of JSON snippets, such as build/json"
    )
    leaflet.set_defaults(run=_leaflet)
