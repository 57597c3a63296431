"""What needs building: content hashes of every input, kept beside the outputs.

Each output unit (the site and JSON of one language; one PDF) has a fingerprint: a hash of
everything it is made from (pages, references, that language's catalogs, templates,
brand file and logo, fonts and tool versions, the package's own code and version, and the
options that change the output). A unit whose fingerprint and files are unchanged is not
built again. Deciding this reads files and package metadata only; it imports neither
Sphinx nor WeasyPrint, so a build with nothing to do finishes at once.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path
from typing import Any

from liberation_content._resources import templates_dir
from liberation_content._version import __version__

from .options import BuildOptions, review_day

__all__ = ["BuildState", "pdf_inputs", "site_fingerprint"]

STATE_FILE = ".liberation-build.json"
_SITE_TOOLS = (
    "sphinx",
    "myst-parser",
    "docutils",
    "babel",
    "nh3",
    "jinja2",
    "markupsafe",
    "markdown-it-py",
    "mdit-py-plugins",
    "fontpkg-atkinson-hyperlegible",  # the site serves its fonts
)
_PDF_TOOLS = (
    "weasyprint",
    "pydyf",
    "pikepdf",
    "segno",
    "jinja2",
    "fontpkg-atkinson-hyperlegible",
    "fontpkg-noto-sans",
    "fontpkg-noto-sans-arabic",
)


def _files(root: Path, pattern: str) -> list[Path]:
    return sorted(p for p in root.glob(pattern) if p.is_file()) if root.is_dir() else []


def _hash(parts: Iterable[bytes | str]) -> str:
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()


def _tree(root: Path, pattern: str = "**/*") -> list[bytes | str]:
    parts: list[bytes | str] = []
    for path in _files(root, pattern):
        parts.extend([str(path.relative_to(root)), path.read_bytes()])
    return parts


def _versions(names: Iterable[str]) -> list[str]:
    found = []
    for name in names:
        try:
            found.append(f"{name}=={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            found.append(f"{name} missing")
    return found


def _code() -> list[bytes | str]:
    """The package's own code: a change to the pipeline rebuilds everything."""
    package = Path(__file__).parents[1]
    return [__version__, *_tree(package, "**/*.py")]


def site_fingerprint(options: BuildOptions, lang: str, languages: list[str]) -> str:
    """Everything the HTML site and the JSON of ``lang`` are made from."""
    content = options.content_root
    parts: list[bytes | str] = [
        "site",
        lang,
        ",".join(languages),  # every page links to the other languages
        options.base_url,
        review_day(options.today),
        str(options.allow_overdue),
        *_versions(_SITE_TOOLS),
        *_code(),
        *_tree(content, "*.md"),
        *_tree(content, "references.toml"),
        *_tree(templates_dir() / "sphinx"),
    ]
    if lang != "en":
        parts.extend(_tree(content / "locales" / lang / "LC_MESSAGES", "*.po"))
    return _hash(parts)


def pdf_inputs(options: BuildOptions, brand: Any) -> str:
    """What every leaflet is printed with, apart from its own snippets."""
    content = options.content_root
    parts: list[bytes | str] = [
        "pdf",
        *_versions(_PDF_TOOLS),
        *_code(),
        *_tree(content / "leaflets", "*.toml"),
        *_tree(templates_dir() / "leaflet"),
        *_tree(templates_dir() / "print"),
        *_tree(templates_dir() / "brand"),
        str(brand.path),
        brand.path.read_bytes(),
        brand.logo.read_bytes() if brand.logo else "",
        review_day(options.today),
        os.environ.get("SOURCE_DATE_EPOCH", ""),
    ]
    for lang_dir in _files(content / "locales", "*/LC_MESSAGES/interface.po"):
        parts.extend([str(lang_dir.relative_to(content)), lang_dir.read_bytes()])
    return _hash(parts)


class BuildState:
    """The fingerprint each output was last built from, in ``<out>/.liberation-build.json``."""

    def __init__(self, out: Path) -> None:
        self.path = out / STATE_FILE
        try:
            self.units: dict[str, str] = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.units = {}
        self._saved = dict(self.units)

    def current(self, unit: str, fingerprint: str, *outputs: Path) -> bool:
        """Whether ``unit`` was built from ``fingerprint`` and its outputs are all there."""
        return self.units.get(unit) == fingerprint and all(p.exists() for p in outputs)

    def record(self, unit: str, fingerprint: str) -> None:
        self.units[unit] = fingerprint

    def forget(self, unit: str) -> None:
        self.units.pop(unit, None)

    def save(self) -> None:
        if self.units == self._saved:
            return  # nothing changed: a build with nothing to do writes nothing
        self._saved = dict(self.units)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        partial = self.path.with_name(f".{self.path.name}.{os.getpid()}")
        partial.write_text(json.dumps(self.units, indent=1, sort_keys=True), encoding="utf-8")
        partial.replace(self.path)
