"""The site product: the HTML site, the JSON snippets and the composed leaflets of each
language, from one Sphinx run per language.

All three are written from the same resolved doctree into ``build/html/<lang>/``,
``build/json/<lang>/`` and ``build/json/leaflets/<lang>/``, the site with its search index
(``build/html/<lang>/pagefind/``, :mod:`.search`), each swapped in only when the run
succeeded. :func:`publish_json` then writes the manifest and mirrors the JSON into the
site under ``build/html/api/v2/`` so apps can fetch it from wherever the site is hosted.
"""

from __future__ import annotations

import functools
import json
import os
import shutil
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from liberation_content.errors import LiberationError, Problem
from liberation_content.files import JOURNAL, commit, holds, json_text, staged_file, staging_for
from liberation_content.model.dates import review_day
from liberation_content.model.history import HISTORY_FILE, load_history
from liberation_content.model.leaflets import leaflet_folder
from liberation_content.model.snippet import API_PATH, LEGACY_API_PATHS, manifest

from .api_folder import api_files, legacy_files
from .context import BuildRun
from .fingerprints import BuildState, site_fingerprint
from .hosting import ROOT_FILES, root_files
from .options import BuildOptions
from .parallel import run_each
from .search import index_site

__all__ = ["build_site", "build_sites", "check_links", "outputs", "publish_json"]


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
        "liberation_history": str((options.content / HISTORY_FILE).resolve()),
    }
    if lang != "en":
        config |= _catalog_config(options, lang)
    return config


def build_site(
    options: BuildOptions, lang: str, known: tuple[str, ...], *, in_place: bool = False
) -> tuple[Path, Path, Path]:
    """Build the site, snippets and leaflets of ``lang`` into new folders beside the
    published ones, and return them, for the caller to :func:`~liberation_content.files.commit`
    together with the manifest. ``in_place`` (for previews) writes into the published
    folders directly, so that only the pages that changed are written again."""
    from liberation_content.sphinx_ext.run import run_sphinx  # noqa: PLC0415

    config = _config(options, lang, known)
    folders = outputs(options, lang)
    with ExitStack() as stack:
        if in_place:
            for folder in folders:
                folder.mkdir(parents=True, exist_ok=True)
        else:
            folders = tuple(stack.enter_context(staging_for(f)) for f in folders)  # type: ignore[assignment]
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
        # Indexed in the staging folder, so the index is published with the pages it holds.
        index_site(folders[0])
        check_links(folders[0], folders[1], folders[2])
    return folders


def check_links(html: Path, *data: Path) -> None:
    """The last check before a language's site and JSON are published: no page in
    ``html`` and no JSON in ``data`` (the snippets, the composed leaflets) holds an
    address a reader's browser would follow that is not allowed, nor a redirect, whatever
    put it there (content, translation, template or theme)."""
    from liberation_content.model.urls import unsafe_in_json, unsafe_links  # noqa: PLC0415

    problems = []
    for page in sorted(html.rglob("*.html")):
        for link in unsafe_links(page.read_text(encoding="utf-8", errors="replace")):
            problems.append(
                Problem(page, f"an address that is not allowed reached the page: {link[:80]}")
            )
    for path in sorted(p for folder in data for p in folder.rglob("*.json")):
        for link in unsafe_in_json(json.loads(path.read_bytes())):
            problems.append(
                Problem(path, f"an address that is not allowed reached the JSON: {link[:80]}")
            )
    if problems:
        msg = "the last check on links refused the output; nothing was published."
        raise LiberationError(msg, tuple(problems))


def _build_one(options: BuildOptions, known: tuple[str, ...], lang: str) -> tuple[Path, Path, Path]:
    return build_site(options, lang, known)


def build_sites(run: BuildRun) -> list[Path]:
    """The site product: every language whose inputs changed, languages in parallel, then
    the new folders, the manifest, the API mirror and the build's record swapped in as
    one change. A language that fails keeps its last good outputs; the others go ahead."""
    options = run.options
    todo = {}
    for lang in run.languages:
        fingerprint = site_fingerprint(options, lang, list(run.known))
        if not run.state.current(f"site/{lang}", fingerprint, *outputs(options, lang)):
            todo[lang] = fingerprint
    run.progress.add(len(todo))
    staged: dict[str, tuple[Path, Path, Path]] = {}
    failures: list[LiberationError] = []
    moves: list[tuple[Path | None, Path]] = []
    try:
        _stage(run, list(todo), staged, failures)
        for lang, folders in staged.items():
            for final, folder in zip(outputs(options, lang), folders, strict=True):
                run.state.own(final, folder)
                moves.append((folder, final))
            run.state.record(f"site/{lang}", todo[lang])
        if staged or not (options.out / "json" / "index.json").is_file():
            moves += publish_json(options, run.known, staged, run.state)
        record = run.state.staged()
        if record:
            moves.append(record)
        commit(options.out, moves)
    except BaseException:
        if not (options.out / JOURNAL).exists():  # a swap begun is the next run's to finish
            staging = [s for s, _ in moves if s is not None]
            for path in [*staging, *(f for folders in staged.values() for f in folders)]:
                _discard(path)
        raise
    if failures:
        raise failures[0]
    return [final for _, final in moves if final != run.state.path]


def _stage(
    run: BuildRun,
    languages: list[str],
    staged: dict[str, tuple[Path, Path, Path]],
    failures: list[LiberationError],
) -> None:
    """Build each language into new folders (``staged``), or say why not (``failures``)."""
    # Each language in its own process: Sphinx keeps some state per process.
    job = functools.partial(_build_one, run.options, run.known)
    for lang, result in run_each(job, languages, meanwhile=run.idle):
        try:
            staged[lang] = result()
        except LiberationError as exc:
            run.state.forget(f"site/{lang}")
            failures.append(exc)
        else:
            run.progress.step(f"html and json {lang}")


def _discard(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def _mirror(api: Path, wanted: dict[Path, bytes]) -> Path:
    """A staged copy of the API folder holding ``wanted``, each file's bytes by its path
    inside it. A file that did not change is the same file (a hard link,
    where the file system has them), date and all."""
    with staging_for(api) as mirror:
        for relative, data in sorted(wanted.items()):
            target, current = mirror / relative, api / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            if not holds(current, data):
                target.write_bytes(data)
                continue
            try:
                os.link(current, target)
            except OSError:
                shutil.copy2(current, target)
    return mirror


def _file_moves(
    options: BuildOptions, files: dict[Path, bytes], state: BuildState | None = None
) -> list[tuple[Path | None, Path]]:
    """Stage each of ``files`` that changed (one that did not keeps its date); with
    ``state``, also remove the root files the build wrote before and writes no more (no
    sitemap, say, once the site's address is no longer set)."""
    moves: list[tuple[Path | None, Path]] = [
        (staged_file(final, data), final) for final, data in files.items() if not holds(final, data)
    ]
    if state is not None:
        site = options.out / "html"
        for name in ROOT_FILES:
            old = site / name
            if old not in files and old.is_file() and state.wrote(old):
                moves.append((None, old))
    return moves


def _api_sources(
    snippets: dict[str, Path], leaflets: dict[str, Path]
) -> tuple[dict[Path, bytes], dict[Path, dict[str, Any]]]:
    """Every snippet and composed leaflet of each language, by its path in the API folder
    (``fr/faq.json``, ``leaflets/fr/leaflet.json``), each read once; and the snippets
    among them, each parsed once."""
    files: dict[Path, bytes] = {}
    for lang, folder in snippets.items():
        for source, under in ((folder, Path(lang)), (leaflets[lang], leaflet_folder(Path(), lang))):
            for path in sorted(source.rglob("*")):
                if path.is_file():
                    files[under / path.relative_to(source)] = path.read_bytes()
    documents = {
        relative: json.loads(data)
        for relative, data in files.items()
        if len(relative.parts) == 2 and relative.parts[0] in snippets
    }
    return files, documents


def publish_json(
    options: BuildOptions,
    known: tuple[str, ...],
    staged: dict[str, tuple[Path, Path, Path]] | None = None,
    state: BuildState | None = None,
) -> list[tuple[Path | None, Path]]:
    """Stage ``build/json/index.json``, the API mirror of ``build/json`` inside the HTML
    site and the site's root files (:mod:`.hosting`), from the snippets of each language
    (``staged`` ones where given); return the (staged, final) pairs to commit. ``state``
    records what the build writes."""
    json_root = options.out / "json"
    staged = staged or {}
    pages, snippets, leaflets = {}, {}, {}
    for lang in known:
        pages[lang], snippets[lang], leaflets[lang] = staged.get(lang) or outputs(options, lang)
    languages = [lang for lang in known if snippets[lang].is_dir()]
    if not languages:
        return []
    folders = {lang: snippets[lang] for lang in languages}
    day = review_day(options.today)
    listing = manifest(folders, site_url=options.base_url, today=day)
    # What apps fetch: the manifest, the snippets and the composed leaflets (so a copy of
    # the API can print them too), and what is made from them; and the older shape.
    files, documents = _api_sources(folders, {lang: leaflets[lang] for lang in languages})
    history = load_history(options.content)
    html = options.out / "html"
    moves: list[tuple[Path | None, Path]] = []
    for api, wanted in (
        (
            API_PATH,
            api_files(options.base_url, listing, files, documents, history=history, today=day),
        ),
        *(
            (legacy, legacy_files(listing, files, documents, html / API_PATH, html / legacy))
            for legacy in LEGACY_API_PATHS
        ),
    ):
        final = html / api
        mirror = _mirror(final, wanted)
        moves.append((mirror, final))
        if state is not None:
            state.own(final, mirror)
    # The files a static host needs at the top of the site, made from the same snippets.
    english_404 = pages["en"] / "404.html" if "en" in pages else None
    root = root_files(options.base_url, list(folders), documents, english_404)
    moves += _file_moves(options, {json_root / "index.json": json_text(listing).encode()})
    moves += _file_moves(options, {options.out / "html" / n: d for n, d in root.items()}, state)
    if state is not None:
        state.own(options.out / "html", root)
    return moves
