"""What the site serves to apps, under ``api/v<major>/``: the manifest, the snippets and the
composed leaflets of every language, the change feed, the JSON schemas (with their ``$id``
where they are served), TypeScript declarations made from the schemas, and a page that
explains it all. Older major versions are kept in their own shape under their own folder
(``api/v1/``) for apps written against them.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from liberation_content.files import holds, json_text
from liberation_content.model.history import FEED_RELEASES, History
from liberation_content.model.snippet import (
    API_PATH,
    SCHEMA_VERSION,
    schema_1,
    schema_1_manifest,
)
from liberation_content.model.urls import site_is_set
from liberation_content.resources import package_dir

from .hosting import render_page

__all__ = ["SCHEMAS", "api_files", "legacy_files", "typescript"]

#: The schemas the API is described by, as shipped in the package.
SCHEMAS = ("snippet.schema.json", "manifest.schema.json")
_TYPES = {"string": "string", "integer": "number", "number": "number", "boolean": "boolean"}
_TYPES |= {"null": "null"}


def _pascal(name: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in name.replace("-", "_").split("_"))


def _ts(schema: dict[str, Any], indent: str) -> str:
    """The TypeScript type of one JSON schema."""
    if "$ref" in schema:
        return _pascal(schema["$ref"].rsplit("/", 1)[1])
    if "const" in schema or "enum" in schema:
        values = [schema["const"]] if "const" in schema else schema["enum"]
        return " | ".join(json.dumps(value) for value in values)
    kind = schema.get("type")
    choices = schema.get("oneOf") or (
        [{**schema, "type": one} for one in kind] if isinstance(kind, list) else []
    )
    if choices:
        return " | ".join(_ts(choice, indent) for choice in choices)
    if kind == "array":
        return f"Array<{_ts(schema.get('items', {}), indent)}>"
    if kind == "object" or "properties" in schema:
        return _object(schema, indent)
    return _TYPES.get(str(kind), "unknown")


def _object(schema: dict[str, Any], indent: str) -> str:
    properties = schema.get("properties", {})
    extra = schema.get("additionalProperties")
    if not properties and isinstance(extra, dict):
        return f"{{ [key: string]: {_ts(extra, indent)} }}"
    required = set(schema.get("required", ()))
    inner = indent + "  "
    lines = ["{"]
    for name, spec in properties.items():
        if spec.get("description"):
            lines.append(f"{inner}/** {spec['description'].replace('*/', '* /')} */")
        optional = "" if name in required else "?"
        lines.append(f"{inner}{name}{optional}: {_ts(spec, inner)};")
    lines.append(f"{indent}}}")
    return "\n".join(lines)


def typescript(schemas: dict[str, dict[str, Any]]) -> str:
    """TypeScript declarations of every type the schemas define: one per schema (named by
    its title) and one per definition in it."""
    lines = [
        f"// TypeScript declarations of liberation-content's JSON, schema {SCHEMA_VERSION}.",
        "// Made from the JSON schemas beside this file by the build; do not edit.",
        "",
    ]
    for schema in schemas.values():
        if schema.get("description"):
            lines.append(f"/** {schema['description']} */")
        lines.append(f"export interface {schema['title']} {_object(schema, '')}")
        lines.append("")
        for name, definition in schema.get("$defs", {}).items():
            lines.append(f"export type {_pascal(name)} = {_ts(definition, '')};")
            lines.append("")
    return "\n".join(lines)


def _schemas(base: str) -> dict[str, dict[str, Any]]:
    """The shipped schemas, each with the ``$id`` of where it is served when the site's
    address is set (else the one it ships with)."""
    found = {}
    for name in SCHEMAS:
        schema = json.loads((package_dir() / "schemas" / name).read_bytes())
        if base:
            schema["$id"] = f"{base}{API_PATH.as_posix()}/schemas/{name}"
        found[name] = schema
    return found


def _page(base: str, manifest: dict[str, Any], feed: dict[str, Any]) -> bytes:
    counts: dict[str, int] = {}
    for entry in manifest["snippets"].values():
        counts[entry["type"]] = counts.get(entry["type"], 0) + 1
    return render_page(
        "api.html",
        base=base,
        api=API_PATH.as_posix(),
        manifest=manifest,
        counts=sorted(counts.items()),
        feed=feed,
        releases=FEED_RELEASES,
        example=next(iter(sorted(manifest["snippets"])), "key-facts"),
    )


def api_files(
    site_url: str,
    manifest: dict[str, Any],
    files: dict[Path, bytes],
    documents: dict[Path, dict[str, Any]],
    *,
    history: History,
    today: str,
) -> dict[Path, bytes]:
    """Every file of ``api/v<major>/`` by its path there: ``files`` (snippets and composed
    leaflets, by path) and what is made from them; ``documents`` are the snippets among
    them, parsed."""
    base = site_url if site_is_set(site_url) else ""
    feed_documents = [
        (relative.parts[0], relative.as_posix(), {**document, "sha256": _sha256(files[relative])})
        for relative, document in documents.items()
    ]
    feed = {"schemaVersion": SCHEMA_VERSION, "generated": today, "baseUrl": base}
    feed |= history.feed(feed_documents, today)
    schemas = _schemas(base)
    wanted = dict(files)
    wanted[Path("index.json")] = json_text(manifest).encode("utf-8")
    wanted[Path("changes.json")] = json_text(feed).encode("utf-8")
    for name, schema in schemas.items():
        wanted[Path("schemas") / name] = json_text(schema).encode("utf-8")
    declarations = typescript(schemas).encode("utf-8")
    wanted[Path("schemas") / "liberation-content.d.ts"] = declarations
    wanted[Path("index.html")] = _page(base, manifest, feed)
    return wanted


def legacy_files(
    manifest: dict[str, Any],
    files: dict[Path, bytes],
    documents: dict[Path, dict[str, Any]],
    published: Path,
    legacy: Path,
) -> dict[Path, bytes]:
    """Every file of ``api/v1/``: the snippets (``documents``, parsed from ``files``) and
    the manifest as schema 1.0 had them, and the composed leaflets as they are. A snippet
    that did not change since the last build (``published``, the API folder as it is)
    keeps its old copy in ``legacy``."""
    wanted = {relative: data for relative, data in files.items() if relative not in documents}
    hashes = {}
    for relative, document in documents.items():
        if holds(published / relative, files[relative]) and (legacy / relative).is_file():
            data = (legacy / relative).read_bytes()
        else:
            data = json_text(schema_1(document)).encode("utf-8")
        wanted[relative] = data
        hashes[relative.as_posix()] = _sha256(data)
    wanted[Path("index.json")] = json_text(schema_1_manifest(manifest, hashes)).encode("utf-8")
    return wanted


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
