"""Where the package's own data lives, found with importlib.resources."""

from __future__ import annotations

import functools
from importlib import resources
from pathlib import Path

__all__ = ["content_dir", "templates_dir"]


@functools.cache
def _package_dir(name: str) -> Path:
    found = Path(str(resources.files("liberation_content").joinpath(name)))
    if not found.is_dir():
        msg = (
            f"the package has no '{name}' folder at {found}. Install liberation-content "
            "from a wheel or with 'pip install .', which copies it into the package"
        )
        raise FileNotFoundError(msg)
    return found


def content_dir() -> Path:
    """The canonical content: the English MyST pages, references and leaflet definitions."""
    return _package_dir("content")


def templates_dir() -> Path:
    """The templates and styles of the products, and the default brand."""
    return _package_dir("templates")
