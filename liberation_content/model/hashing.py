"""Content hashes: of any sequence of inputs, and of the package's own code."""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Iterable
from pathlib import Path

from liberation_content._version import __version__

__all__ = ["code_digest", "digest"]


def digest(parts: Iterable[bytes | str]) -> str:
    """SHA-256 of ``parts``, each length-prefixed so that ("ab", "c") differs from ("a", "bc")."""
    hashed = hashlib.sha256()
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        hashed.update(len(data).to_bytes(8, "big"))
        hashed.update(data)
    return hashed.hexdigest()


@functools.cache
def code_digest() -> str:
    """A hash of every Python file of the package and its version: when the code that makes
    the products changes, so does this, and cached outputs are made again."""
    package = Path(__file__).parents[1]
    parts: list[bytes | str] = [__version__]
    for path in sorted(package.rglob("*.py")):
        parts.extend([path.relative_to(package).as_posix(), path.read_bytes()])
    return digest(parts)
