"""What the HTML theme needs of each page: its language and direction, and its review record."""

from __future__ import annotations

from typing import Any

from babel.dates import format_date
from markupsafe import Markup, escape

from liberation_content.pipeline.interface import fill

from .snippets import json_ld
from .state import content_state, label, today

#: Each language named in itself, for the language switcher.
LANGUAGE_NAMES = {"en": "English", "fr": "Français", "es": "Español", "ar": "العربية"}

#: The notice on a page whose translation is not complete, in the page's language.
HELD_BACK = {
    "en": "This page is being translated. Until the translation is complete and checked, "
    "it is shown in English.",
    "fr": "Cette page est en cours de traduction. Tant que la traduction n'est pas "
    "complète et vérifiée, elle est affichée en anglais.",
    "es": "Esta página se está traduciendo. Hasta que la traducción esté completa y "
    "revisada, se muestra en inglés.",
    "ar": "تتم ترجمة هذه الصفحة الآن. وإلى أن تكتمل الترجمة وتُراجَع، تُعرض باللغة الإنجليزية.",
}
_DOCUTILS_VIEWPORT = '<meta name="viewport" content="width=device-width, initial-scale=1" />'
RTL_LANGUAGES = frozenset({"ar", "fa", "he", "ur"})

_STATUS_TEXT = {
    "draft": "Not yet reviewed.",
    "editorial": "Checked against the cited sources by {who}. Not yet reviewed by a "
    "health professional.",
    "clinical": "Reviewed by {who}.",
}


def page_context(
    app: Any, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    lang = app.config.language or "en"
    _ = label(app)
    context["t"] = _
    direction = "rtl" if lang.split("_")[0] in RTL_LANGUAGES else "ltr"
    context["html_tag"] = Markup(  # noqa: S704 - every value in it is escaped
        f'<html lang="{escape(lang.replace("_", "-"))}" dir="{direction}" '
        f'data-content_root="{escape(context.get("content_root", ""))}">'
    )
    context["liberation_dir"] = direction
    # The site's name is the home page's title, in the page's language.
    home = app.env.titles.get(app.config.root_doc)
    if home is not None:
        context["shorttitle"] = context["docstitle"] = home.astext()
    # docutils repeats the viewport tag that the layout already has.
    context["metatags"] = context.get("metatags", "").replace(_DOCUTILS_VIEWPORT, "")
    context["liberation_jsonld"] = json_ld(app, pagename)
    context["liberation_languages"] = (
        [
            {
                "code": code,
                "name": LANGUAGE_NAMES.get(code, code),
                "href": f"../{code}/{pagename}.html",
                "current": code == lang,
            }
            for code in app.config.liberation_languages
        ]
        if len(app.config.liberation_languages) > 1
        else []
    )
    state = app.config.liberation_translation_status.get(pagename, "complete")
    context["liberation_held_back"] = (
        None if state == "complete" else HELD_BACK.get(lang.split("_")[0], HELD_BACK["en"])
    )
    meta = content_state(app.env).meta.get(pagename)
    if meta is None:
        context["liberation"] = None
        return

    def when(day: Any) -> str:
        return str(format_date(day, format="long", locale=lang))

    status = fill(_(_STATUS_TEXT[meta.review_status]), who=meta.reviewed_by)
    context["liberation"] = {
        "version": meta.version,
        "last_reviewed": when(meta.last_reviewed),
        "last_reviewed_iso": meta.last_reviewed.isoformat(),
        "next_review_due": when(meta.next_review_due),
        "next_review_due_iso": meta.next_review_due.isoformat(),
        "overdue": meta.is_overdue(today(app.config)),
        "review_status": meta.review_status,
        "review_text": status,
        "translation_text": _translation_text(app, pagename, _) if state == "complete" else "",
        "labels": {
            "last_reviewed": _("Last reviewed"),
            "next_review_due": _("Next review due"),
            "version": _("Content version"),
            "overdue": fill(
                _(
                    "This page was due for review on {date}. Some of it may be out "
                    "of date. Check with your MS team before you act on it."
                ),
                date=when(meta.next_review_due),
            ),
        },
    }


def _translation_text(app: Any, pagename: str, _: Any) -> str:
    """Who translated the page, in the page's language; empty for English."""
    credit = app.config.liberation_translators.get(pagename)
    if (app.config.language or "en") == "en" or not credit:
        return ""
    if credit["reviewed_by"]:
        return str(
            fill(
                _(
                    "Translated by {who}. Reviewed by {reviewer}, a native-speaking health "
                    "professional."
                ),
                who=credit["by"],
                reviewer=credit["reviewed_by"],
            )
        )
    if credit["machine_assisted"]:
        return str(
            fill(
                _(
                    "Machine-assisted translation by {who}. Not yet reviewed by a "
                    "native-speaking health professional."
                ),
                who=credit["by"],
            )
        )
    return str(fill(_("Translated by {who}."), who=credit["by"]))


def setup(app: Any) -> None:
    app.add_config_value("liberation_languages", [], "html", list)
    app.add_config_value("liberation_labels", {}, "env", dict)
    app.connect("html-page-context", page_context)
    app.add_html_theme("liberation", str(_theme_dir()))


def _theme_dir() -> Any:
    from liberation_content._resources import templates_dir  # noqa: PLC0415

    return templates_dir() / "sphinx" / "liberation"
