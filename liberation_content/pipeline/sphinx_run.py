"""Run one Sphinx build of the content, and turn its problems into one clear error."""

from __future__ import annotations

import gettext
import io
import re
import shutil
import sys
from pathlib import Path
from typing import Any

from liberation_content.errors import LiberationError

from .options import BuildOptions, available_languages

__all__ = ["content_config", "run_sphinx"]

_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def _web_fonts() -> Path:
    """Atkinson Hyperlegible, served with the site so every reader gets the same type."""
    import fontpkg_atkinson_hyperlegible as atkinson  # noqa: PLC0415

    return Path(atkinson.ROOT) / "files"


def content_config(options: BuildOptions, lang: str) -> dict[str, Any]:
    """The Sphinx configuration of the content; there is no conf.py to drift from it."""
    return {
        "extensions": ["myst_parser", "liberation_content.pipeline.sphinx_ext"],
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
        "html_baseurl": f"{options.base_url}{lang}/",
        "html_show_sphinx": False,
        "html_show_sourcelink": False,
        "html_copy_source": False,
        "html_use_index": False,
        "html_domain_indices": False,
        "html_last_updated_fmt": None,
        "nitpicky": True,
        "myst_enable_extensions": [],
        "liberation_today": options.today,
        "liberation_languages": available_languages(options.content_root),
        "liberation_site_url": options.base_url,
        "liberation_references": str(options.content_root / "references.toml"),
        "suppress_warnings": ["liberation.review-overdue"] if options.allow_overdue else [],
    }


def run_sphinx(
    options: BuildOptions,
    *,
    builder: str,
    lang: str,
    outdir: Path,
    extra_config: dict[str, Any] | None = None,
) -> None:
    """Build ``builder`` for ``lang`` into ``outdir``; raise if Sphinx reported any problem.

    Every warning counts as an error. After a failure the cached environment of that
    language is dropped, so the next build reads every page again and reports the
    same problems instead of passing over unchanged files.
    """
    from sphinx import locale  # noqa: PLC0415
    from sphinx.application import Sphinx  # noqa: PLC0415
    from sphinx.errors import SphinxError  # noqa: PLC0415
    from sphinx.util.docutils import docutils_namespace, patch_docutils  # noqa: PLC0415

    srcdir = options.content_root
    doctrees = options.out / ".cache" / "doctrees" / builder / lang
    config = content_config(options, lang) | (extra_config or {})
    warnings = io.StringIO()
    status: Any = sys.stderr if options.verbose else io.StringIO()
    failed = True
    # Sphinx keeps message catalogs per process, keyed without the language: drop them, or
    # a second language built in this process would be translated with the first's.
    locale.translators.clear()
    # Python's gettext keeps every MO file it has read, keyed by path: forget them, or a
    # catalog changed since (in a preview, or a second build in one process) is not seen.
    gettext._translations.clear()  # type: ignore[attr-defined]
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
                verbosity=1 if options.verbose else 0,
            )
            app.build()
            failed = app.statuscode != 0
    except SphinxError as exc:
        warnings.write(f"{srcdir}: {exc}\n")
    finally:
        if failed:
            shutil.rmtree(doctrees, ignore_errors=True)
    if failed:
        report = _ANSI.sub("", warnings.getvalue()).strip()
        count = sum(1 for line in report.splitlines() if "ERROR:" in line or "WARNING:" in line)
        msg = (
            f"the {builder} build for '{lang}' stopped with {max(count, 1)} problem(s); "
            f"the previous output was left as it was.\n{report}"
        )
        raise LiberationError(msg)
