"""``check-pdf``: preflight PDFs as a print shop (PDF/X-4) and an accessibility auditor
(PDF/UA-1) would, against what each file claims to be."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from liberation_content.errors import LiberationError, Problem

from .building import require

__all__ = ["add_check_pdf"]


def _read(path: Path) -> bytes:
    """The file's bytes; a LiberationError that says why it cannot be read."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        msg = "there is no such file"
    except IsADirectoryError:
        msg = f"this is a folder; give the PDFs in it, such as {path / '*.pdf'}"
    except OSError as exc:
        msg = f"it cannot be read ({exc.strerror})"
    raise LiberationError(msg)


def _check_pdf(args: argparse.Namespace) -> int:
    require("checking PDFs", ("pikepdf",))
    from liberation_content.pdf.preflight import (  # noqa: PLC0415 - pikepdf only when asked
        UnreadablePdfError,
        check_pdf,
        claimed_standards,
    )

    unreadable: list[Problem] = []
    failed = False
    for path in args.files:
        try:
            data = _read(path)
            findings, claims = check_pdf(data), claimed_standards(data)
        except (LiberationError, UnreadablePdfError) as exc:
            unreadable.append(Problem(path, str(exc.args[0])))
            continue
        for finding in findings:
            where = f"page {finding.page}: " if finding.page is not None else ""
            print(f"{path}: {where}{finding.message} [{finding.rule}]")
        for standard in claims if not findings else ():
            print(f"{path}: passes {standard} checks")
        failed = failed or bool(findings)
    if unreadable:
        count = f"{len(unreadable)} of {len(args.files)} file(s)"
        raise LiberationError(f"{count} could not be checked: give PDF files", tuple(unreadable))
    return 1 if failed else 0


def add_check_pdf(commands: Any) -> None:
    command = commands.add_parser(
        "check-pdf",
        help="check PDFs against PDF/X-4 and PDF/UA-1",
        description="Check each PDF against the standards it claims: PDF/X-4 (ISO 15930-7) "
        "if it declares GTS_PDFXVersion, PDF/UA-1 (the Matterhorn Protocol's "
        "machine-checkable checkpoints) if it declares pdfuaid:part. Prints one line per "
        "finding, 'FILE: page N: what is wrong [rule]', or that the file passes; exits 1 "
        "if anything was found. These are the checks a machine can make: a person must "
        "still read the alternative texts and the reading order.",
    )
    command.add_argument("files", nargs="+", type=Path, metavar="FILE", help="a PDF file")
    command.set_defaults(run=_check_pdf)
