"""The publish gate, judged against the English being built.

The catalogs say which pages are translated (:func:`liberation_content.i18n.catalogs.status`),
but only against the English they were last updated from. An author who changes a
sentence and builds at once must not get a French page with one English sentence in it.
So, as each page of a translated build is read, every message of its English, as it is
now, is looked up in the page's compiled catalog before Sphinx translates anything: if one
has no current translation, the page is not translated at all. It is published in English
under the reader's-language notice, its JSON says ``outdated``, and no leaflet that needs
it is printed in that language (:func:`translation_state` is what they all ask).
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from .collector import content_state
from .config import settings

__all__ = ["setup", "translation_state", "untranslated_messages"]


def translation_state(env: BuildEnvironment, docname: str) -> str:
    """``complete``, ``outdated`` or ``missing``: the page's translation as this build
    publishes it (always ``complete`` in the source language)."""
    state = settings(env.config).translation_status.get(docname, "complete")
    if state == "complete" and docname in content_state(env).untranslated:
        return "outdated"
    return state


def untranslated_messages(transform: Any) -> list[str]:
    """The messages of the page being read that its catalog does not translate, in the
    order they appear; empty where the page has no catalog (nothing is translated)."""
    from sphinx.locale import init as init_locale  # noqa: PLC0415
    from sphinx.util.i18n import docname_to_domain  # noqa: PLC0415
    from sphinx.util.nodes import extract_messages  # noqa: PLC0415

    env, config = transform.env, transform.config
    domain = docname_to_domain(env.current_document.docname, config.gettext_compact)
    dirs = [env.srcdir / directory for directory in config.locale_dirs]
    catalog, has_catalog = init_locale(dirs, config.language, domain)
    if not has_catalog:
        return []
    merged: dict[str, str] = {}
    found: Any = catalog  # the catalog, then its fallbacks
    while found is not None:
        merged = {**getattr(found, "_catalog", {}), **merged}
        found = getattr(found, "_fallback", None)
    return [
        msg for _, msg in extract_messages(transform.document) if not merged.get(msg, "").strip()
    ]


def _hold_back_untranslated() -> None:
    """Before Sphinx translates a page, check that all of it can be; otherwise record the
    page as held back and leave it whole, in English."""
    from sphinx.transforms import i18n  # noqa: PLC0415

    if getattr(i18n.Locale.apply, "liberation_gate", False):
        return
    original = i18n.Locale.apply

    def apply(self: Any, **kwargs: Any) -> None:
        missing = untranslated_messages(self)
        if missing:
            docname = self.env.current_document.docname
            content_state(self.env).untranslated[docname] = missing[0]
            return
        original(self, **kwargs)

    apply.liberation_gate = True  # type: ignore[attr-defined]
    i18n.Locale.apply = apply  # type: ignore[method-assign]


def setup(app: Sphinx) -> None:
    del app  # the gate is a change to how Sphinx translates; its state lives in the env
    _hold_back_untranslated()
