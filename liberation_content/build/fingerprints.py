"""What needs building: content hashes of every input, kept beside the outputs.

Each output unit (the site, JSON and composed leaflets of one language; one PDF) has a
fingerprint: a hash of everything it is made from (pages, references, leaflet definitions,
that language's catalogs, templates, brand file and logo, fonts and tool versions, the
package's own code and version, and the options that change the output). A unit whose
fingerprint and files are unchanged is not built again. Deciding this reads files and
package metadata only; it imports neither Sphinx nor WeasyPrint, so a build with nothing
to do finishes at once.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from liberation_content.files import atomic_write, json_text, staged_file
from liberation_content.model.dates import review_day
from liberation_content.model.hashing import code_digest, digest
from liberation_content.resources import templates_dir

from .options import BuildOptions

TYPE_CHECKING = False
if TYPE_CHECKING:
    from liberation_content.pdf.brand import Brand

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
    "pagefind",  # the search index, and the script that reads it, are written by Pagefind
    "pagefind-bin",
)
_PDF_TOOLS = (
    "weasyprint",
    "pydyf",
    "pikepdf",
    "segno",
    "uharfbuzz",
    "jinja2",
    "fontpkg-atkinson-hyperlegible",
    "fontpkg-noto-sans",
    "fontpkg-noto-sans-arabic",
)


def _files(root: Path, pattern: str) -> list[Path]:
    return sorted(p for p in root.glob(pattern) if p.is_file()) if root.is_dir() else []


def _tree(root: Path, pattern: str = "**/*") -> list[bytes | str]:
    parts: list[bytes | str] = []
    for path in _files(root, pattern):
        parts.extend([str(path.relative_to(root)), path.read_bytes()])
    return parts


def _versions(names: Iterable[str]) -> list[str]:
    from importlib import metadata  # noqa: PLC0415 - only a build reads versions: CLI start-up

    found = []
    for name in names:
        try:
            found.append(f"{name}=={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            found.append(f"{name} missing")
    return found


def site_fingerprint(options: BuildOptions, lang: str, languages: list[str]) -> str:
    """Everything the HTML site and the JSON of ``lang`` are made from."""
    content = options.content
    parts: list[bytes | str] = [
        "site",
        lang,
        ",".join(languages),  # every page links to the other languages
        options.base_url,
        review_day(options.today),
        str(options.allow_overdue),
        *_versions(_SITE_TOOLS),
        code_digest(),
        *_tree(content, "*.md"),
        *_tree(content, "references.toml"),
        *_tree(content, "history.toml"),  # the day each text last changed
        *_tree(content / "leaflets", "*.toml"),  # the leaflets are composed with the site
        *_tree(templates_dir() / "sphinx"),
    ]
    if lang != "en":
        parts.extend(_tree(content / "locales" / lang / "LC_MESSAGES", "*.po"))
    return digest(parts)


def pdf_inputs(brand: Brand, today: str) -> str:
    """What every leaflet is printed with, apart from its composed text (which the PDF's
    own fingerprint adds)."""
    parts: list[bytes | str] = [
        "pdf",
        *_versions(_PDF_TOOLS),
        code_digest(),
        *_tree(templates_dir() / "leaflet"),
        *_tree(templates_dir() / "print"),
        *_tree(templates_dir() / "brand"),
        str(brand.path),
        brand.path.read_bytes(),
        brand.logo.read_bytes() if brand.logo else "",
        review_day(today),
        os.environ.get("SOURCE_DATE_EPOCH", ""),
    ]
    return digest(parts)


class BuildState:
    """The record a build keeps in ``<out>/.liberation-build.json``: the fingerprint each
    output was last built from, the files it wrote into each folder it replaces whole, and
    how long each job took."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.path = out / STATE_FILE
        try:
            saved = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            saved = {}
        if not isinstance(saved, dict):
            saved = {}
        units, seconds, files = saved.get("units"), saved.get("seconds"), saved.get("files")
        self.units: dict[str, str] = units if isinstance(units, dict) else {}
        #: Seconds each job took when last run, so the longest start first next time.
        self.seconds: dict[str, float] = seconds if isinstance(seconds, dict) else {}
        #: The files a build wrote into each folder it replaces whole (``html/en``: names
        #: relative to it). None: a record from before files were recorded, whose folders
        #: are taken to hold only what a build wrote.
        self.files: dict[str, list[str]] | None = files if isinstance(files, dict) else None
        if not self.path.is_file():
            self.files = {}
        self._saved = self._document()

    def _document(self) -> dict[str, Any]:
        document: dict[str, Any] = {"units": dict(self.units), "seconds": dict(self.seconds)}
        if self.files is not None:
            document["files"] = {folder: list(names) for folder, names in self.files.items()}
        return document

    def foreign(self, folder: Path, only: Iterable[str] = ()) -> list[Path]:
        """The files in ``folder`` (inside the output folder), or of the names ``only``
        in it, that no build wrote there: replacing them would delete them."""
        if self.files is None or not folder.is_dir():
            return []
        written = set(self.files.get(folder.relative_to(self.out).as_posix(), ()))
        candidates = [folder / name for name in only] if only else folder.rglob("*")
        return sorted(
            path
            for path in candidates
            if path.exists()
            and not path.is_dir()
            and path.relative_to(folder).as_posix() not in written
        )

    def wrote(self, path: Path) -> bool:
        """Whether a build wrote ``path`` (a file it records), as far as the record says."""
        if self.files is None:
            return True
        folder = path.parent.relative_to(self.out).as_posix()
        return path.name in self.files.get(folder, ())

    def own(self, final: Path, written: Path | Iterable[str]) -> None:
        """Record what a build is about to write into ``final``: the files of a staged
        folder that replaces it whole, or the names of the files it writes there."""
        if self.files is None:
            self.files = {}
        if isinstance(written, Path):
            names = [
                p.relative_to(written).as_posix() for p in written.rglob("*") if not p.is_dir()
            ]
        else:
            names = list(written)
        self.files[final.relative_to(self.out).as_posix()] = sorted(names)

    def _changed(self) -> bytes | None:
        """The record as it is now, if it differs from the one saved (or none is)."""
        document = self._document()
        if document == self._saved and self.path.is_file():
            return None
        self._saved = document
        self.path.parent.mkdir(parents=True, exist_ok=True)
        return json_text(document).encode("utf-8")

    def staged(self) -> tuple[Path, Path] | None:
        """The record as it is now, staged for :func:`~liberation_content.files.commit`
        with the outputs it describes: (staged file, the record's path); None if the
        record did not change."""
        data = self._changed()
        return None if data is None else (staged_file(self.path, data), self.path)

    def current(self, unit: str, fingerprint: str, *outputs: Path) -> bool:
        """Whether ``unit`` was built from ``fingerprint`` and its outputs are all there."""
        return self.units.get(unit) == fingerprint and all(p.exists() for p in outputs)

    def record(self, unit: str, fingerprint: str) -> None:
        self.units[unit] = fingerprint

    def forget(self, unit: str) -> None:
        self.units.pop(unit, None)

    def save(self) -> None:
        """Write the record, if it changed: a build with nothing to do writes nothing."""
        data = self._changed()
        if data is not None:
            atomic_write(self.path, data)
