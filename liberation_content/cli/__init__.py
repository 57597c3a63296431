"""The ``liberation-content`` command.

Each subcommand lives in its own module and registers itself with :func:`build_parser`.
A user's mistake (bad content, an unknown language, a malformed file) prints the problems,
``file:line: what is wrong [code]``, then one ``error:`` line, and exits 1 without a
traceback, as does a refusal from the file system (a full disk, a permission); a bug
still shows its traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from liberation_content._version import __version__
from liberation_content.errors import LiberationError

from . import building, content, i18n, leaflet, pdfcheck, reading

__all__ = ["build_parser", "main"]


def build_parser() -> argparse.ArgumentParser:
    """The command's argument parser, with every subcommand."""
    parser = argparse.ArgumentParser(
        prog="liberation-content",
        description="Patient information about the liberation procedure for MS: "
        "build it, or read it.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    building.add_build(commands)
    reading.add_snippet(commands)
    leaflet.add_leaflet(commands)
    i18n.add_i18n(commands)
    building.add_preview(commands)
    reading.add_ids(commands)
    content.add_content(commands)
    pdfcheck.add_check_pdf(commands)
    return parser


def report(exc: LiberationError) -> None:
    """Print a user's mistake: each problem on its own line, then what it meant."""
    for problem in exc.problems:
        print(problem, file=sys.stderr)
    print(f"error: {exc.args[0]}", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        code: int = args.run(args)
    except LiberationError as exc:
        report(exc)
        return 1
    except KeyboardInterrupt:
        print(
            "interrupted; no output was left half written: each is as the last build that "
            "finished it made it",
            file=sys.stderr,
        )
        return 130
    except OSError as exc:  # the file system said no: a full disk, a permission ...
        from liberation_content.files import output_error  # noqa: PLC0415

        report(output_error(exc))
        return 1
    return code
