"""The site product: the HTML site, the JSON snippets and the composed leaflets of each
language, from one Sphinx run per language.

All three are written from the same resolved doctree into ``build/html/<lang>/``,
``build/json/<lang>/`` and ``build/json/leaflets/<lang>/``, each swapped in only when the
run succeeded. :func:`publish_json` then writes the manifest and mirrors the JSON into the
site under ``build/html/api/v1/`` so apps can fetch it from wherever the site is hosted.
"""

from __future__ import annotations

import functools
import json
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from liberation_content.errors import LiberationError, Problem
from liberation_content.files import staged_folder, write_if_changed, write_json
from liberation_content.model.leaflets import leaflet_folder
from liberation_content.model.snippet import manifest

from .context import BuildRun
from .fingerprints import site_fingerprint
from .options import BuildOptions
from .parallel import run_each

__all__ = ["API_PATH", "build_site", "build_sites", "check_links", "outputs", "publish_json"]

#: Where the JSON lives inside the HTML site.
API_PATH = Path("api") / "v1"


def outputs(options: BuildOptions, lang: str) -> tuple[Path, Path, Path]:
    """The folders one language's site build writes: HTML, snippets, composed leaflets."""
    json_root = options.out / "json"
    return options.out / "html" / lang, json_root / lang, leaflet_folder(json_root, lang)


def _catalog_config(options: BuildOptions, lang: str) -> dict[str, Any]:
    """The settings of a translated build: its compiled catalogs and the publish gate."""
    from liberation_content.i18n.catalogs import (  # noqa: PLC0415
        UNREADABLE,
        compiled_catalogs,
        status,
    )

    results = status(options.content, lang)
    broken = tuple(
        problem
        for result in results.values()
        for problem in result.problems
        if problem.code in UNREADABLE
    )
    if broken:
        msg = (
            f"the '{lang}' catalogs cannot be read exactly as written; nothing was built "
            f"for '{lang}', and its last good outputs were kept."
        )
        raise LiberationError(msg, broken)
    states = {page: result.state for page, result in results.items()}
    # Kept between builds, so that Sphinx reads again only the pages whose translation
    # changed. Absolute: Sphinx reads locale_dirs relative to the content folder.
    catalogs = compiled_catalogs(
        options.content,
        lang,
        {page for page, state in states.items() if state == "complete"},
        (options.out / ".cache" / "locales").resolve(),
    )
    return {
        "locale_dirs": [str(catalogs)],
        "gettext_auto_build": False,
        "liberation_translation_status": states,
        "liberation_translators": {
            page: result.credit for page, result in results.items() if result.credit
        },
    }


def _config(options: BuildOptions, lang: str, known: tuple[str, ...]) -> dict[str, Any]:
    from liberation_content.i18n.interface import labels  # noqa: PLC0415
    from liberation_content.sphinx_ext.run import content_config  # noqa: PLC0415

    config = content_config(
        lang=lang,
        languages=list(known),
        base_url=options.base_url,
        today=options.today,
        references=options.content / "references.toml",
        allow_overdue=options.allow_overdue,
    )
    interface = labels(options.content, lang)
    config |= {
        "template_bridge": "liberation_content.sphinx_ext.html_page.CachedTemplates",
        "liberation_template_cache": str((options.out / ".cache" / "templates").resolve()),
        "liberation_labels": interface.text,
        "liberation_labels_complete": interface.complete,
        "liberation_leaflets": str((options.content / "leaflets").resolve()),
    }
    if lang != "en":
        config |= _catalog_config(options, lang)
    return config


def build_site(
    options: BuildOptions, lang: str, known: tuple[str, ...], *, in_place: bool = False
) -> list[Path]:
    """Build the site, snippets and leaflets of ``lang``; the old ones stay unless all three
    succeed. ``in_place`` (for previews) writes into the output folders directly, so that
    only the pages that changed are written again."""
    from liberation_content.sphinx_ext.run import run_sphinx  # noqa: PLC0415

    config = _config(options, lang, known)
    finals = outputs(options, lang)
    folders: tuple[Path, ...] = finals
    with ExitStack() as stack:
        if in_place:
            for folder in folders:
                folder.mkdir(parents=True, exist_ok=True)
        else:
            folders = tuple(stack.enter_context(staged_folder(f)) for f in finals)
        config |= {"liberation_json_outdir": str(folders[1])}
        config |= {"liberation_leaflet_outdir": str(folders[2])}
        run_sphinx(
            srcdir=options.content,
            outdir=folders[0],
            doctrees=options.out / ".cache" / "doctrees" / "html" / lang,
            builder="html",
            config=config,
            verbose=options.verbose,
        )
        check_links(folders[0], folders[1])
    return list(finals[:2])


def _json_links(value: object) -> list[str]:
    """The addresses in a snippet: its HTML's links and every ``url``."""
    from liberation_content.model.urls import is_safe_url, unsafe_links  # noqa: PLC0415

    if isinstance(value, dict):
        found: list[str] = []
        for key, item in value.items():
            if key == "url" and isinstance(item, str) and not is_safe_url(item):
                found.append(item)
            elif key.endswith("html") and isinstance(item, str):
                found += unsafe_links(item)
            elif isinstance(item, dict | list):
                found += _json_links(item)
        return found
    if isinstance(value, list):
        return [link for item in value for link in _json_links(item)]
    return []


def check_links(html: Path, snippets: Path) -> None:
    """The last check before a language's site and JSON are published: no page and no
    snippet holds an address a reader's browser would follow that is not allowed, nor a
    redirect, whatever put it there (content, translation, template or theme)."""
    from liberation_content.model.urls import unsafe_links  # noqa: PLC0415

    problems = []
    for page in sorted(html.rglob("*.html")):
        for link in unsafe_links(page.read_text(encoding="utf-8", errors="replace")):
            problems.append(
                Problem(page, f"an address that is not allowed reached the page: {link[:80]}")
            )
    for path in sorted(snippets.rglob("*.json")):
        for link in _json_links(json.loads(path.read_bytes())):
            problems.append(
                Problem(path, f"an address that is not allowed reached the JSON: {link[:80]}")
            )
    if problems:
        msg = "the last check on links refused the output; nothing was published."
        raise LiberationError(msg, tuple(problems))


def _build_one(options: BuildOptions, known: tuple[str, ...], lang: str) -> list[Path]:
    return build_site(options, lang, known)


def build_sites(run: BuildRun) -> list[Path]:
    """The site product: every language whose inputs changed, languages in parallel."""
    options = run.options
    todo = {}
    for lang in run.languages:
        fingerprint = site_fingerprint(options, lang, list(run.known))
        if not run.state.current(f"site/{lang}", fingerprint, *outputs(options, lang)):
            todo[lang] = fingerprint
    run.progress.add(len(todo))
    written: list[Path] = []
    failures: list[LiberationError] = []
    # Each language in its own process: Sphinx keeps some state per process.
    job = functools.partial(_build_one, options, run.known)
    for lang, result in run_each(job, list(todo), meanwhile=run.idle):
        try:
            written.extend(result())
        except LiberationError as exc:
            run.state.forget(f"site/{lang}")
            failures.append(exc)
        else:
            run.state.record(f"site/{lang}", todo[lang])
            run.progress.step(f"html and json {lang}")
    run.state.save()
    if todo or not (options.out / "json" / "index.json").is_file():
        written.extend(publish_json(options, run.known))
    if failures:
        raise failures[0]
    return written


def publish_json(options: BuildOptions, known: tuple[str, ...]) -> list[Path]:
    """Write ``build/json/index.json`` and mirror ``build/json`` into the HTML site."""
    json_root = options.out / "json"
    languages = [lang for lang in known if (json_root / lang).is_dir()]
    if not languages:
        return []
    index = json_root / "index.json"
    written = []
    if write_json(index, manifest(json_root, languages)):
        written.append(index)
    # The API mirror is kept in step file by file: a language that was not rebuilt keeps
    # its files, and their dates, as they were.
    api = options.out / "html" / API_PATH
    wanted = {Path("index.json"): index}
    for lang in languages:
        # The snippets, and the composed leaflets, so a copy of the API can print them too.
        for folder in (json_root / lang, leaflet_folder(json_root, lang)):
            for path in folder.rglob("*"):
                if path.is_file():
                    wanted[path.relative_to(json_root)] = path
    for relative, source in sorted(wanted.items()):
        (api / relative).parent.mkdir(parents=True, exist_ok=True)
        if write_if_changed(api / relative, source.read_bytes()):
            written.append(api / relative)
    for path in sorted(api.rglob("*"), reverse=True):
        if path.is_file() and path.relative_to(api) not in wanted:
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    return [api] if written else []
