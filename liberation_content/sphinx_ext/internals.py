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

import sphinx
from sphinx import locale

__all__ = ["CHECKED_PYTHON", "CHECKED_SPHINX", "forget_loaded_catalogs"]

#: The Sphinx major version and the Python versions these hooks were checked against.
CHECKED_SPHINX = 9
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
