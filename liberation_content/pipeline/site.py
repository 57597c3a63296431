"""The HTML site and the JSON snippets of one language, from one Sphinx run.

Both are written from the same resolved doctree: ``build/html/<lang>/`` and
``build/json/<lang>/``. :func:`publish_json` then writes the manifest and mirrors the JSON
into the site under ``build/html/api/v1/`` so apps can fetch it from wherever the site is
hosted.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from liberation_content._version import __version__
from liberation_content.errors import LiberationError

from .options import BuildOptions
from .sphinx_run import run_sphinx
from .staging import staged_output, write_if_changed

__all__ = ["API_PATH", "build_site", "publish_json"]

#: Where the JSON lives inside the HTML site.
API_PATH = Path("api") / "v1"


def build_site(options: BuildOptions, lang: str, *, in_place: bool = False) -> list[Path]:
    """Build the site and snippets for ``lang``; the old ones stay unless both succeed.

    ``in_place`` (for previews) writes into the output folders directly, so that only
    the pages that changed are written again.
    """
    html_final = options.out / "html" / lang
    json_final = options.out / "json" / lang
    from .interface import labels  # noqa: PLC0415

    config: dict[str, Any] = {"liberation_labels": labels(options.content_root, lang)}
    catalogs = None
    if lang != "en":
        from .translations import compiled_catalogs, status  # noqa: PLC0415

        results = status(options.content_root, lang)
        broken = tuple(
            problem
            for result in results.values()
            for problem in result.problems
            if problem.code == "po-syntax"
        )
        if broken:
            msg = f"the '{lang}' catalogs cannot be read; nothing was built for '{lang}'."
            raise LiberationError(msg, broken)
        states = {page: result.state for page, result in results.items()}
        # Kept between builds, so that Sphinx reads again only the pages whose
        # translation changed.
        catalogs = compiled_catalogs(
            options.content_root,
            lang,
            {page for page, state in states.items() if state == "complete"},
            # Absolute: Sphinx reads locale_dirs relative to the content folder.
            (options.out / ".cache" / "locales").resolve(),
        )
        config |= {
            "locale_dirs": [str(catalogs)],
            "gettext_auto_build": False,
            "liberation_translation_status": states,
            "liberation_translators": {
                page: result.credit for page, result in results.items() if result.credit
            },
        }
    if in_place:
        json_final.mkdir(parents=True, exist_ok=True)
        _run(options, lang, html_final, json_final, config)
    else:
        with staged_output(html_final) as html_dir, staged_output(json_final) as json_dir:
            _run(options, lang, html_dir, json_dir, config)
    return [html_final, json_final]


def _run(
    options: BuildOptions, lang: str, html: Path, snippets: Path, config: dict[str, Any]
) -> None:
    run_sphinx(
        options,
        builder="html",
        lang=lang,
        outdir=html,
        extra_config={"liberation_json_outdir": str(snippets), **config},
    )


def _dumps(document: Any) -> str:
    return json.dumps(document, ensure_ascii=False, sort_keys=True, indent=2) + "\n"


def manifest(json_root: Path, languages: list[str]) -> dict[str, Any]:
    """Every snippet ID with its type, dates, and per language its file, hash and page."""
    snippets: dict[str, Any] = {}
    for lang in languages:
        for path in sorted((json_root / lang).glob("*.json")):
            data = path.read_bytes()
            doc = json.loads(data)
            entry = snippets.setdefault(
                doc["id"],
                {
                    "type": doc["type"],
                    "page": doc["page"],
                    "title": doc["title"],
                    "version": doc["version"],
                    "lastReviewed": doc["lastReviewed"],
                    "reviewDue": doc["reviewDue"],
                    "languages": {},
                },
            )
            if lang == "en":
                entry["title"] = doc["title"]
            entry["languages"][lang] = {
                "path": f"{lang}/{path.name}",
                "sha256": hashlib.sha256(data).hexdigest(),
                "url": doc["url"],
                "title": doc["title"],
                "translation_status": doc["translation_status"],
            }
    return {
        "schema_version": "1.0",
        "package_version": __version__,
        "source_lang": "en",
        "languages": languages,
        "snippets": snippets,
    }


def publish_json(options: BuildOptions, known: list[str]) -> list[Path]:
    """Write ``build/json/index.json`` and mirror ``build/json`` into the HTML site."""
    json_root = options.out / "json"
    languages = [lang for lang in known if (json_root / lang).is_dir()]
    if not languages:
        return []
    index = json_root / "index.json"
    written = []
    if write_if_changed(index, _dumps(manifest(json_root, languages)).encode("utf-8")):
        written.append(index)
    # The API mirror is kept in step file by file: a language that was not rebuilt keeps
    # its files, and their dates, as they were.
    api = options.out / "html" / API_PATH
    wanted = {Path("index.json"): index}
    for lang in languages:
        for path in (json_root / lang).rglob("*"):
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
