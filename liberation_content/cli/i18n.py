"""``i18n``: the translators' commands: extract, update, status and check."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from liberation_content.errors import LiberationError
from liberation_content.files import json_text
from liberation_content.model.languages import SOURCE_LANGUAGE, available_languages
from liberation_content.resources import default_content

from .building import SITE_TOOLS, require

__all__ = ["add_i18n"]


def _catalog_languages(content: Path, languages: tuple[str, ...]) -> list[str]:
    """The languages asked for (every translated one if none), each checked to exist."""
    known = [lang for lang in available_languages(content) if lang != SOURCE_LANGUAGE]
    for lang in languages:
        if lang not in known:
            msg = f"there is no '{lang}' catalog. Languages: {', '.join(known) or 'none yet'}"
            raise LiberationError(msg)
    return list(languages) or known


def _status(content: Path, languages: tuple[str, ...], *, as_json: bool) -> int:
    from liberation_content.build.catalogs import english_messages  # noqa: PLC0415
    from liberation_content.build.options import BuildOptions  # noqa: PLC0415
    from liberation_content.i18n.catalogs import status  # noqa: PLC0415

    chosen = _catalog_languages(content, languages)
    # Judged against the English as it is now, as the build judges it: a sentence changed
    # since the last extract counts as untranslated here too.
    english = english_messages(BuildOptions(content=content))
    report = {lang: status(content, lang, english) for lang in chosen}
    if as_json:
        data = {lang: [page.as_json() for page in pages.values()] for lang, pages in report.items()}
        print(json_text(data), end="")
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


def _check(content: Path, languages: tuple[str, ...], *, as_json: bool) -> int:
    from liberation_content.i18n.catalogs import check_catalogs  # noqa: PLC0415

    chosen = _catalog_languages(content, languages)
    problems = [p for lang in chosen for p in check_catalogs(content, lang)]
    if as_json:
        data = [
            {"file": str(p.path), "line": p.line, "message": p.message, "check": p.code}
            for p in problems
        ]
        print(json_text(data), end="")
    else:
        for problem in problems:
            print(problem)
        checked = ", ".join(chosen) or "no language"
        print(f"{len(problems)} problem(s) in the catalogs of {checked}")
    return 1 if problems else 0


def _i18n(args: argparse.Namespace) -> int:
    require("the translators' commands", SITE_TOOLS)
    content = args.content or default_content()
    languages = tuple(getattr(args, "languages", ()))
    if args.action == "status":
        return _status(content, languages, as_json=args.json)
    if args.action == "check":
        return _check(content, languages, as_json=args.json)
    if args.action == "extract":
        from liberation_content.build.catalogs import extract  # noqa: PLC0415
        from liberation_content.build.options import BuildOptions  # noqa: PLC0415

        written = extract(BuildOptions(content=content))
    else:
        from liberation_content.i18n.update import update  # noqa: PLC0415

        written = update(content, languages)
    for path in written:
        print(f"wrote {path}")
    return 0


def add_i18n(commands: Any) -> None:
    i18n = commands.add_parser(
        "i18n",
        help="catalogs for translators: extract the English, update a language",
        description="extract: write content/locales/templates/*.pot from the English pages. "
        "update LANG...: merge them into content/locales/LANG/LC_MESSAGES/*.po (changed "
        "English becomes fuzzy, new entries arrive empty, removed ones are kept as obsolete). "
        "status [LANG...]: what is translated, fuzzy and outstanding per page, against the "
        "English as it is now (no extract needed), and what can be published. "
        "check [LANG...]: every check on the PO files.",
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
            action.add_argument("languages", nargs="*", metavar="LANG", help=languages_help)
        if name in ("status", "check"):
            action.add_argument("--json", action="store_true", help="print JSON for machines")
        action.add_argument("--content", type=Path, default=None, help=content_help)
    i18n.set_defaults(run=_i18n)
