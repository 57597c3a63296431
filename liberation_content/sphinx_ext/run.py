"""Run one Sphinx build of the content, and turn what it reports into one clear error."""

from __future__ import annotations

import io
import re
import shutil
import sys
from pathlib import Path
from typing import Any, TextIO

from liberation_content.errors import LiberationError, Problem, shown_path
from liberation_content.model.urls import site_is_set
from liberation_content.resources import templates_dir

from .internals import forget_loaded_catalogs

__all__ = ["content_config", "problems", "run_sphinx"]

_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_LINE = re.compile(
    r"^(?P<path>[^\s:][^:]*?)(?::(?P<line>\d+))?: (?:ERROR|WARNING|CRITICAL): (?P<message>.*)$"
)
_BARE = re.compile(r"^(?:ERROR|WARNING|CRITICAL): (?P<message>.*)$")


def _web_fonts() -> Path:
    """Atkinson Hyperlegible, served with the site so every reader gets the same type."""
    import fontpkg_atkinson_hyperlegible as atkinson  # noqa: PLC0415

    return Path(atkinson.ROOT) / "files"


def content_config(
    *,
    lang: str,
    languages: list[str],
    base_url: str,
    today: str,
    references: Path,
    allow_overdue: bool,
) -> dict[str, Any]:
    """The Sphinx configuration of the content; there is no conf.py to drift from it."""
    return {
        "extensions": ["myst_parser", "liberation_content.sphinx_ext"],
        "project": "The liberation procedure and MS",
        "copyright": "liberation-content contributors. Text licensed CC BY 4.0",
        "root_doc": "index",
        "language": lang,
        "locale_dirs": ["locales/"],
        "gettext_compact": False,
        "gettext_uuid": False,
        "gettext_location": True,
        "exclude_patterns": ["locales", "leaflets", "README.md"],
        "html_theme": "liberation",
        "html_static_path": [str(_web_fonts())],
        "html_title": "The liberation procedure and MS",
        "html_short_title": "The liberation procedure and MS",
        # A canonical link only to a real address: never to the placeholder.
        "html_baseurl": f"{base_url}{lang}/" if site_is_set(base_url) else "",
        "html_favicon": str(templates_dir() / "sphinx" / "favicon.svg"),
        "html_additional_pages": {"404": "404.html"},
        "html_show_sphinx": False,
        "html_show_sourcelink": False,
        "html_copy_source": False,
        "html_use_index": False,
        "html_domain_indices": False,
        "html_last_updated_fmt": None,
        "nitpicky": True,
        "myst_enable_extensions": [],
        "liberation_today": today,
        "liberation_languages": languages,
        "liberation_site_url": base_url,
        "liberation_references": str(references),
        "suppress_warnings": ["liberation.review-overdue"] if allow_overdue else [],
    }


def problems(report: str, source: Path) -> tuple[Problem, ...]:
    """Sphinx's warnings and errors as problems: ``file:line: message [code]``; a line
    that continues a message is kept with it, and one about no file in particular is put
    on ``source`` (the content folder)."""
    found: list[Problem] = []
    for text in _ANSI.sub("", report).splitlines():
        located, bare = _LINE.match(text), _BARE.match(text)
        if located:
            line = int(located["line"]) if located["line"] else None
            found.append(Problem(shown_path(located["path"]), located["message"], line))
        elif bare:
            found.append(Problem(shown_path(source), bare["message"]))
        elif found and text.strip():
            last = found[-1]
            found[-1] = last._replace(message=f"{last.message}\n{text}")
    return tuple(dict.fromkeys(found))  # a block written twice reports its problem once


def run_sphinx(
    *,
    srcdir: Path,
    outdir: Path,
    doctrees: Path,
    builder: str,
    config: dict[str, Any],
    verbose: bool = False,
) -> None:
    """Build ``builder`` from ``srcdir`` into ``outdir``; raise if Sphinx reported anything.

    Every warning counts as an error. After a failure the cached environment is dropped,
    so the next build reads every page again and reports the same problems instead of
    passing over unchanged files.
    """
    from sphinx.application import Sphinx  # noqa: PLC0415
    from sphinx.errors import SphinxError  # noqa: PLC0415
    from sphinx.util.docutils import docutils_namespace, patch_docutils  # noqa: PLC0415

    warnings = io.StringIO()
    status: TextIO = sys.stderr if verbose else io.StringIO()
    failed = True
    # Catalogs read by an earlier build in this process must not translate this one.
    forget_loaded_catalogs()
    try:
        with patch_docutils(srcdir), docutils_namespace():
            app = Sphinx(
                srcdir,
                None,
                outdir,
                doctrees,
                builder,
                confoverrides=config,
                status=status,
                warning=warnings,
                warningiserror=True,
                verbosity=1 if verbose else 0,
            )
            app.build()
            failed = app.statuscode != 0
    except SphinxError as exc:
        warnings.write(f"ERROR: {exc}\n")
    finally:
        if failed:
            shutil.rmtree(doctrees, ignore_errors=True)
    if failed:
        found = problems(warnings.getvalue(), srcdir) or (Problem(srcdir, "Sphinx failed"),)
        lang = config.get("language", "en")
        msg = (
            f"the {builder} build for '{lang}' stopped with {len(found)} problem(s); "
            "the previous output was left as it was."
        )
        raise LiberationError(msg, found)
