"""Where the package's own files live: its content, its templates, and (when it runs from
a source checkout) the checkout itself. Found with importlib.resources, never relative to
the current folder."""

from __future__ import annotations

import functools
from importlib import resources
from pathlib import Path

__all__ = ["checkout_root", "content_dir", "default_content", "package_dir", "templates_dir"]


@functools.cache
def package_dir() -> Path:
    """The folder of the installed (or checked-out) ``liberation_content`` package."""
    return Path(str(resources.files("liberation_content")))


def _package_folder(name: str) -> Path:
    found = package_dir() / name
    if not found.is_dir():
        msg = (
            f"the package has no '{name}' folder at {found}. Install liberation-content "
            "from a wheel or with 'pip install .', which copies it into the package"
        )
        raise FileNotFoundError(msg)
    return found


def content_dir() -> Path:
    """The canonical content: the English MyST pages, references and leaflet definitions."""
    return _package_folder("content")


def templates_dir() -> Path:
    """The templates and styles of the products, and the default brand."""
    return _package_folder("templates")


@functools.cache
def checkout_root() -> Path | None:
    """The source checkout the package runs from (an editable install), or ``None`` for an
    installed wheel. A checkout has ``pyproject.toml`` and ``content/`` beside the package."""
    root = package_dir().parent
    if (root / "pyproject.toml").is_file() and (root / "content" / "index.md").is_file():
        return root
    return None


def default_content(cwd: Path | None = None) -> Path:
    """The content a command builds when none is named: ``./content`` when the current
    folder holds a content folder (a checkout, or a charity's own copy), else the content
    of the package that is running."""
    here = (cwd or Path.cwd()) / "content"
    if (here / "index.md").is_file():
        return here
    return content_dir()
