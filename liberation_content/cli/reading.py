"""``snippet`` and ``ids``: read the content as an app would, from the JSON."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from liberation_content.api import SnippetStore, default_store
from liberation_content.files import json_text
from liberation_content.model.ids import BLOCK_TYPES

__all__ = ["add_ids", "add_snippet"]

_DATA_HELP = "a folder of snippet JSON, such as build/json (default: the package's own)"


def _store(args: argparse.Namespace) -> SnippetStore:
    return SnippetStore(args.data) if args.data else default_store()


def _snippet(args: argparse.Namespace) -> int:
    snippet = _store(args).get(args.id, lang=args.lang, fallback=args.fallback)
    if args.format == "json":
        print(json_text(snippet.data), end="")
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


def add_snippet(commands: Any) -> None:
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
    snippet.add_argument("--data", type=Path, default=None, help=_DATA_HELP)
    snippet.set_defaults(run=_snippet)


def _ids(args: argparse.Namespace) -> int:
    store = _store(args)
    entries = store.manifest()["snippets"]
    for snippet_id in store.ids(lang=args.lang, type=args.type):
        entry = entries[snippet_id]
        print(f"{snippet_id}\t{entry['type']}\t{entry['title']}")
    return 0


def add_ids(commands: Any) -> None:
    ids = commands.add_parser(
        "ids",
        help="list the snippet IDs",
        description="List every snippet ID with its type and title.",
    )
    ids.add_argument("--lang", default=None, help="only IDs complete in this language")
    ids.add_argument("--type", default=None, choices=BLOCK_TYPES, help="only IDs of this type")
    ids.add_argument("--data", type=Path, default=None, help=_DATA_HELP)
    ids.set_defaults(run=_ids)
