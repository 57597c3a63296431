"""``content``: the authors' checks that the build does not run on every save: the
evidence ledger covers every citation, and each changed page has a new version."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from liberation_content.errors import LiberationError
from liberation_content.resources import default_content

__all__ = ["add_content"]


def _content(args: argparse.Namespace) -> int:
    from liberation_content.model.ledger import check_ledger  # noqa: PLC0415
    from liberation_content.model.versions import check_release, record_release  # noqa: PLC0415

    content = args.content or default_content()
    if args.action == "release":
        ledger = check_ledger(content)
        if ledger:
            raise LiberationError(
                "record a release only when every citation has a ledger entry", tuple(ledger)
            )
        # The texts are read (a build) before anything is written: a build that fails
        # leaves neither record changed, so the same release can be tried again.
        digests = text_digests(content, args.today)
        print(f"wrote {record_release(content, args.version)}")
        added = record_texts(content, args.version, args.today, digests)
        print(f"wrote {content / 'history.toml'} ({len(added)} changed texts)")
        return 0
    problems = check_ledger(content) + check_release(content)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"error: {len(problems)} problem(s) in {content}", file=sys.stderr)
        return 1
    print(f"{content}: every citation is in the evidence ledger, and every page is released")
    return 0


def text_digests(content: Path, today: str = "") -> dict[tuple[str, str], str]:
    """The digest of every snippet's text, by (ID, the language the text is in), in every
    published language: what :func:`record_texts` records. It builds the JSON in a
    scratch folder."""
    import json  # noqa: PLC0415
    import tempfile  # noqa: PLC0415

    from liberation_content.build import BuildOptions, build  # noqa: PLC0415
    from liberation_content.model.history import text_digest  # noqa: PLC0415

    digests: dict[tuple[str, str], str] = {}
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch) / "out"
        options = BuildOptions(out=out, content=content, allow_overdue=True, today=today)
        build(options, ("json",))
        for path in sorted((out / "json").glob("*/*.json")):
            if path.parent.name == "leaflets":
                continue
            document = json.loads(path.read_bytes())
            # Keyed by the language the text is in: a page held back is English.
            digests[document["id"], document["lang"]] = text_digest(document)
    return digests


def record_texts(
    content: Path,
    release: str,
    today: str = "",
    digests: dict[tuple[str, str], str] | None = None,
) -> list[Any]:
    """Record in ``history.toml`` every snippet text, in every published language, that
    changed since the last record, as changed today in ``release``: the build dates
    each snippet by it, and the change feed lists it."""
    from liberation_content.model.dates import review_day  # noqa: PLC0415
    from liberation_content.model.history import load_history  # noqa: PLC0415

    history = load_history(content)
    found = text_digests(content, today) if digests is None else digests
    added = history.record(found, review_day(today), release)
    history.save()
    return added


def add_content(commands: Any) -> None:
    command = commands.add_parser(
        "content",
        help="authors' checks: the evidence ledger and content versions",
        description="check: every citation has an entry in evidence-ledger.toml, every "
        "entry still matches its sentence, and every page's text and version are those "
        "recorded in release.toml. release X.Y: record the pages as content version X.Y "
        "(after raising the versions of the changed pages and noting them in CHANGELOG.md), "
        "and in history.toml the day each changed text, in each language, was released.",
    )
    actions = command.add_subparsers(dest="action", required=True, metavar="ACTION")
    actions.add_parser("check", help="check the ledger and the versions; exit 1 on a problem")
    release = actions.add_parser("release", help="record the pages as a new content version")
    release.add_argument("version", help="the new content version, such as 2.1")
    release.add_argument(
        "--today",
        default="",
        metavar="YYYY-MM-DD",
        help="the day of the release. Default: SOURCE_DATE_EPOCH, else today",
    )
    for action in (actions.choices["check"], release):
        action.add_argument(
            "--content", type=Path, default=None, help="content folder (default: ./content)"
        )
    command.set_defaults(run=_content)
