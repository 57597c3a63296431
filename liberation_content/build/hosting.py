"""The files a static host needs beside the language folders of the site: a root page that
lists the languages, ``favicon.svg``, ``robots.txt`` and, when the site's address is set,
``sitemap.xml`` with each page's language alternates.

They are made from the snippets of the languages being published (the page snippets'
titles, summaries, addresses and dates), so they change together with them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from liberation_content.model.languages import direction, native_name
from liberation_content.model.urls import site_is_set
from liberation_content.resources import templates_dir

__all__ = ["ROOT_FILES", "render_page", "root_files"]

#: The files the build writes at the top of the HTML site.
ROOT_FILES = ("index.html", "404.html", "favicon.svg", "robots.txt", "sitemap.xml")
_SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
_XHTML = "http://www.w3.org/1999/xhtml"


def render_page(template: str, **values: Any) -> bytes:
    """A page the build writes beside the Sphinx site (the root page, the API's page), from
    ``templates/sphinx/<template>``, every value escaped."""
    from jinja2 import Environment, FileSystemLoader, select_autoescape  # noqa: PLC0415

    environment = Environment(
        loader=FileSystemLoader(templates_dir() / "sphinx"),
        autoescape=select_autoescape(default=True),
        keep_trailing_newline=True,
    )
    return environment.get_template(template).render(**values).encode("utf-8")


def _sitemap(pages: dict[str, dict[str, dict[str, Any]]]) -> bytes:
    """Every page in every language, each with its alternates in the others."""
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<urlset xmlns="{_SITEMAP}" xmlns:xhtml="{_XHTML}">',
    ]
    pages_by_name: dict[str, dict[str, dict[str, Any]]] = {}
    for lang, documents in pages.items():
        for name, document in documents.items():
            pages_by_name.setdefault(name, {})[lang] = document
    for name in sorted(pages_by_name):
        versions = pages_by_name[name]
        for document in versions.values():
            lines.append("  <url>")
            lines.append(f"    <loc>{escape(document['url'])}</loc>")
            lines.append(f"    <lastmod>{escape(document['dateModified'])}</lastmod>")
            for other, alternate in versions.items():
                lines.append(
                    f'    <xhtml:link rel="alternate" hreflang={quoteattr(other.replace("_", "-"))}'
                    f" href={quoteattr(alternate['url'])}/>"
                )
            if "en" in versions:
                lines.append(
                    '    <xhtml:link rel="alternate" hreflang="x-default"'
                    f" href={quoteattr(versions['en']['url'])}/>"
                )
            lines.append("  </url>")
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def root_files(
    site_url: str,
    languages: list[str],
    snippets: dict[Path, dict[str, Any]],
    not_found: Path | None,
) -> dict[str, bytes]:
    """The root files of a site in ``languages`` (in the order they are listed), made
    from ``snippets`` (each by its path ``<lang>/<id>.json``), published at ``site_url``
    (ending with '/', or '');
    ``not_found`` is the English 404 page, copied to the top for hosts that look for it
    there (only when the site's address is set: its links are then made from it, wherever
    it is served)."""
    base = site_url
    addressed = site_is_set(site_url)
    pages: dict[str, dict[str, dict[str, Any]]] = {lang: {} for lang in languages}
    for path, snippet in sorted(snippets.items()):
        if snippet["type"] == "page":
            pages[path.parts[0]][snippet["page"]] = snippet
    prefix = base if addressed else ""
    listed = [
        {
            "code": lang.replace("_", "-"),
            "name": native_name(lang),
            "dir": direction(lang),
            "href": f"{lang}/index.html",
            "alternate": f"{prefix}{lang}/index.html",
            "title": pages[lang].get("index", {}).get("title", ""),
        }
        for lang in languages
    ]
    english = pages.get("en", {}).get("index", {})
    page = render_page(
        "root.html",
        title=english.get("title", ""),
        description=english.get("summary", ""),
        choose="Choose your language:",
        canonical=f"{base}index.html" if addressed else "",
        languages=listed,
        default_href=f"{prefix}en/index.html",
    )
    robots = "User-agent: *\nAllow: /\n"
    files = {
        "index.html": page,
        "favicon.svg": (templates_dir() / "sphinx" / "favicon.svg").read_bytes(),
    }
    if addressed:
        robots += f"\nSitemap: {base}sitemap.xml\n"
        files["sitemap.xml"] = _sitemap(pages)
        if not_found is not None and not_found.is_file():
            files["404.html"] = not_found.read_bytes()
    files["robots.txt"] = robots.encode("utf-8")
    return files
