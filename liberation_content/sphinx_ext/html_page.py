"""What the HTML theme needs of each page: its language and direction, its navigation,
and its review record."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from babel.dates import format_date
from docutils import nodes
from jinja2 import FileSystemBytecodeCache
from jinja2.ext import InternationalizationExtension
from markupsafe import Markup, escape
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.jinja2glue import BuiltinTemplateLoader
from sphinx.theming import Theme

from liberation_content.i18n.interface import ABOUT_PROCEDURE, HELD_BACK_NOTICE, fill
from liberation_content.model.dates import review_day
from liberation_content.model.frontmatter import PageMeta
from liberation_content.model.ids import ABOUT_PAGE
from liberation_content.model.languages import date_locale, direction, native_name, script
from liberation_content.model.review import DATES, month
from liberation_content.model.snippet import API_PATH
from liberation_content.model.urls import site_is_set
from liberation_content.resources import templates_dir

from .citations import label
from .collector import content_state
from .config import settings
from .gate import translation_state
from .snippets import Snippets, json_ld, review_of

__all__ = ["CachedTemplates", "setup"]

_DOCUTILS_VIEWPORT = '<meta name="viewport" content="width=device-width, initial-scale=1" />'
#: The start of a link whose classes include "current" (Sphinx's mark on the current
#: page's entry in the page list) and that has no aria-current yet.
_CURRENT_LINK = re.compile(
    r'<a (?=[^>]*\bclass="(?:[^"]*\s)?current(?:\s[^"]*)?")(?![^>]*\baria-current=)'
)


def _mark_current(html: str) -> str:
    """The page list with the current page's link marked for screen readers as well as in
    bold: ``aria-current="page"``."""
    return _CURRENT_LINK.sub('<a aria-current="page" ', html)


def _site_parts(app: Sphinx, context: dict[str, Any]) -> None:
    """What every page shares: the site's name, the head's meta tags, the page list with
    the current page marked, and the address of the page about the information (empty
    when the content has none)."""
    # The site's name is the home page's title, in the page's language.
    home = app.env.titles.get(app.config.root_doc)
    if home is not None:
        context["shorttitle"] = context["docstitle"] = home.astext()
    # docutils repeats the viewport tag that the layout already has.
    context["metatags"] = context.get("metatags", "").replace(_DOCUTILS_VIEWPORT, "")
    toctree = context.get("toctree")
    if callable(toctree):
        context["toctree"] = lambda **options: _mark_current(str(toctree(**options)))
    found = ABOUT_PAGE in app.env.found_docs and "pathto" in context
    context["liberation_about"] = context["pathto"](ABOUT_PAGE) if found else ""


class PageContext:
    """Adds to each page's template context what the theme shows: its language and
    direction, the language switcher, its review record, and its JSON-LD."""

    def __init__(self, snippets: Snippets) -> None:
        self.snippets = snippets

    def __call__(
        self,
        app: Sphinx,
        pagename: str,
        templatename: str,
        context: dict[str, Any],
        doctree: nodes.document | None,
    ) -> None:
        lang = app.config.language or "en"

        def _(message: str) -> str:
            return label(app, message)

        context["t"] = _
        context["html_tag"] = Markup(  # noqa: S704 - every value in it is escaped
            f'<html lang="{escape(lang.replace("_", "-"))}" dir="{direction(lang)}" '
            f'data-script="{script(lang)}" '
            f'data-content_root="{escape(context.get("content_root", ""))}">'
        )
        context["liberation_dir"] = direction(lang)
        # The locale dates are written in: English as international English, not US.
        context["liberation_date_locale"] = date_locale(lang).replace("_", "-")
        _site_parts(app, context)
        page = self.snippets.page(pagename)
        context["liberation_jsonld"] = json_ld(page, about=_(ABOUT_PROCEDURE))
        context |= _addresses(app, pagename, page)
        state = translation_state(app.env, pagename)
        notice = None if state == "complete" else _(HELD_BACK_NOTICE)
        context["liberation_held_back"] = notice
        # A notice not yet translated is English, and says so.
        context["liberation_held_back_english"] = notice == HELD_BACK_NOTICE and lang != "en"
        context["liberation"] = _review_record(app, pagename, _, translated=state == "complete")


def _addresses(app: Sphinx, pagename: str, page: dict[str, Any] | None) -> dict[str, Any]:
    """The page's links to itself elsewhere: in the other languages, as JSON, as shared.
    Absolute when the site's address is set, else relative."""
    config = settings(app.config)
    lang = app.config.language or "en"
    addressed = site_is_set(config.site_url)
    base = config.site_url if addressed else "../"
    base = base if base.endswith("/") else base + "/"
    languages = [
        {
            "code": code.replace("_", "-"),
            "name": native_name(code),
            "href": f"{base}{code}/{pagename}.html",
            "current": code == lang,
        }
        for code in config.languages
    ]
    return {
        "liberation_languages": languages if len(languages) > 1 else [],
        "liberation_default_href": f"{base}en/{pagename}.html",
        # The page's snippet, for apps that find it from the page.
        "liberation_json_href": page and f"{base}{API_PATH.as_posix()}/{lang}/{pagename}.json",
        "liberation_site_base": f"{base}{lang}/" if addressed else "",
        "liberation_api_href": f"{base}{API_PATH.as_posix()}/index.html",
        "liberation_share": page
        and {
            "title": page["title"],
            "description": page["summary"],
            "url": page["url"] if addressed else "",
            "locale": lang,
            "type": "website" if pagename == app.config.root_doc else "article",
        },
    }


def _review_record(
    app: Sphinx, pagename: str, _: Callable[[str], str], *, translated: bool
) -> dict[str, Any] | None:
    meta = content_state(app.env).meta.get(pagename)
    if meta is None:
        return None
    lang = app.config.language or "en"

    def when(day: dt.date) -> str:
        return str(format_date(day, format="long", locale=date_locale(lang)))

    today = dt.date.fromisoformat(review_day(settings(app.config).today))
    review = review_of(app, [meta], lang)
    return {
        "version": meta.version,
        "overdue": meta.is_overdue(today),
        "review_status": meta.review_status,
        "review_text": f"{review['note']} {review['checked_by']}",
        "dates": _dates(app, meta, lang),
        "translation_text": _translation_text(app, pagename, _) if translated else "",
        "labels": {
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


def _dates(app: Sphinx, meta: PageMeta, lang: str) -> Markup:
    """'Published November 2026 · Next review November 2027' in the page's language, each
    date a <time> element."""
    text = str(escape(label(app, DATES)))
    for name, day in (("published", meta.last_reviewed), ("due", meta.next_review_due)):
        stamp = f'<time datetime="{day.isoformat()}">{escape(month(day, lang))}</time>'
        text = text.replace("{" + name + "}", stamp)
    return Markup(text)  # noqa: S704 - the label and the months are escaped above


def _translation_text(app: Sphinx, pagename: str, _: Callable[[str], str]) -> str:
    """Who translated the page, in the page's language; empty for English."""
    credit = settings(app.config).translators.get(pagename)
    if (app.config.language or "en") == "en" or not credit:
        return ""
    if credit["reviewed_by"]:
        return fill(
            _(
                "Translated by {who}. Reviewed by {reviewer}, a native-speaking health "
                "professional."
            ),
            who=credit["by"],
            reviewer=credit["reviewed_by"],
        )
    if credit["machine_assisted"]:
        return fill(
            _(
                "Machine-assisted translation by {who}. Not yet reviewed by a "
                "native-speaking health professional."
            ),
            who=credit["by"],
        )
    return fill(_("Translated by {who}."), who=credit["by"])


class CachedTemplates(BuiltinTemplateLoader):
    """Sphinx's own template loader, keeping the compiled theme templates between builds
    (in ``liberation_template_cache``), so each build does not compile them again."""

    def init(
        self, builder: Builder, theme: Theme | None = None, dirs: list[str] | None = None
    ) -> None:
        super().init(builder, theme, dirs)
        folder = settings(builder.config).template_cache
        if folder:
            # Templates compile differently with Jinja's i18n extension: one cache each.
            extensions = self.environment.extensions.values()
            i18n = any(isinstance(e, InternationalizationExtension) for e in extensions)
            kind = "i18n" if i18n else "plain"
            (Path(folder) / kind).mkdir(parents=True, exist_ok=True)
            self.environment.bytecode_cache = FileSystemBytecodeCache(str(Path(folder) / kind))


def setup(app: Sphinx, snippets: Snippets) -> None:
    app.connect("html-page-context", PageContext(snippets))
    app.add_html_theme("liberation", str(templates_dir() / "sphinx" / "liberation"))
