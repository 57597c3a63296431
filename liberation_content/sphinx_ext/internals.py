"""The one place that reaches into other projects' internals, each behind a version check.

Sphinx reads a page's translations through Python's ``gettext``, and both keep every
catalog they have read for the life of the process: Sphinx in ``sphinx.locale.translators``
(keyed without the language) and Python in ``gettext._translations`` (keyed by file path).
Neither offers a public way to forget them, and without forgetting a process that builds a
second language, or a preview that rebuilds after a catalog was saved, would translate with
the old catalog. Checked for Sphinx 9 (``sphinx>=9,<10`` in pyproject.toml) and the
CPython versions the package supports; a test fails loudly on the next major version.
"""

from __future__ import annotations

import gettext
from typing import Any

import sphinx
from sphinx import locale

__all__ = [
    "CHECKED_MYST",
    "CHECKED_PYTHON",
    "CHECKED_SPHINX",
    "forget_loaded_catalogs",
    "reuse_default_settings",
]

#: The Sphinx major version and the Python versions these hooks were checked against.
CHECKED_SPHINX = 9
#: The MyST-Parser major version :func:`reuse_default_settings` was checked against.
CHECKED_MYST = 5
CHECKED_PYTHON = ((3, 11), (3, 14))


def _check() -> None:
    if sphinx.version_info[0] != CHECKED_SPHINX:
        msg = (
            f"liberation_content.sphinx_ext.internals was written for Sphinx "
            f"{CHECKED_SPHINX}, and this is Sphinx {sphinx.__version__}: check that "
            "sphinx.locale.translators still caches catalogs, then update CHECKED_SPHINX"
        )
        raise RuntimeError(msg)
    if not hasattr(gettext, "_translations"):  # pragma: no cover - a future CPython
        msg = "gettext._translations is gone: check how this Python caches catalogs"
        raise RuntimeError(msg)


def forget_loaded_catalogs() -> None:
    """Drop every message catalog Sphinx and gettext have loaded in this process, so the
    next build reads the catalogs of its own language, as they are on disk now."""
    _check()
    locale.translators.clear()
    gettext._translations.clear()  # type: ignore[attr-defined]


def reuse_default_settings() -> None:
    """Make MyST-Parser's throw-away documents from one set of default settings.

    MyST-Parser makes a new document, with docutils' default settings worked out afresh,
    every time it renders a piece of Markdown, even when it is handed the document to
    render into (``options.get("document", make_document())`` evaluates its default
    first). Sphinx renders each translated message on its own, so a translated page paid
    for several hundred sets of settings: most of a translated language's build. The
    settings are worked out once per parser class here, and each document gets its own
    copy of them. Checked for MyST-Parser 5 (``myst-parser>=5,<6``).
    """
    import copy  # noqa: PLC0415
    import functools  # noqa: PLC0415

    import myst_parser  # noqa: PLC0415
    from docutils.frontend import get_default_settings  # noqa: PLC0415
    from docutils.parsers.rst import Parser as RSTParser  # noqa: PLC0415
    from docutils.utils import new_document  # noqa: PLC0415
    from myst_parser.mdit_to_docutils import base  # noqa: PLC0415

    if int(myst_parser.__version__.split(".")[0]) != CHECKED_MYST:
        msg = (
            f"liberation_content.sphinx_ext.internals was written for MyST-Parser "
            f"{CHECKED_MYST}, and this is {myst_parser.__version__}: check that "
            "myst_parser.mdit_to_docutils.base.make_document is as it was, then update "
            "CHECKED_MYST"
        )
        raise RuntimeError(msg)
    if getattr(base.make_document, "reuses_settings", False):
        return
    defaults = functools.cache(get_default_settings)

    def make_document(source_path: str = "notset", parser_cls: type = RSTParser) -> Any:
        return new_document(source_path, settings=copy.copy(defaults(parser_cls)))

    make_document.reuses_settings = True  # type: ignore[attr-defined]
    base.make_document = make_document
