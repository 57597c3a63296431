"""Import WeasyPrint without a quarter of a second spent looking for libraries.

WeasyPrint finds Pango, HarfBuzz and fontconfig by trying each library under the names
it has on every platform. On Linux, for each name that is not the file's own,
``ctypes.util.find_library`` asks the dynamic linker's cache and then runs the C compiler
and the linker: about 0.2 s on every start, before a page is laid out. While WeasyPrint is
imported here, a name is looked up in the linker's cache only, read once, as
``find_library`` reads it first. A library outside the cache is still found by its file
name, which WeasyPrint also tries; should the import fail all the same, it is tried again
with the usual lookup.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

__all__ = ["import_weasyprint"]

_LDCONFIG = Path("/sbin/ldconfig")
#: The linker cache's name for this machine's ABI, as ctypes.util names it.
_ABI = {
    "x86_64": "libc6,x86-64",
    "ppc64": "libc6,64bit",
    "sparc64": "libc6,64bit",
    "s390x": "libc6,64bit",
    "ia64": "libc6,IA-64",
}


def _cache_lookup(listing: bytes) -> Callable[[str], str | None]:
    abi = _ABI.get(os.uname().machine, "libc6") if sys.maxsize > 2**32 else "libc6"

    def find_library(name: str) -> str | None:
        pattern = rb"\s+(lib" + re.escape(name.encode()) + rb"\.[^\s]+)\s+\(" + abi.encode()
        found = re.search(pattern, listing)
        return os.fsdecode(found.group(1)) if found else None

    return find_library


@contextmanager
def _linker_cache_only() -> Iterator[None]:
    import ctypes.util  # noqa: PLC0415

    try:
        listing = subprocess.run(
            [str(_LDCONFIG), "-p"],
            capture_output=True,
            check=True,
            env={"LC_ALL": "C", "LANG": "C"},
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        yield  # no cache to read: the usual lookup
        return
    usual = ctypes.util.find_library
    ctypes.util.find_library = _cache_lookup(listing)  # type: ignore[assignment]
    try:
        yield
    finally:
        ctypes.util.find_library = usual


def import_weasyprint() -> None:
    """Import WeasyPrint (once per process), reading the linker's cache on Linux."""
    if "weasyprint" in sys.modules or not sys.platform.startswith("linux"):
        import weasyprint  # noqa: PLC0415

        return
    try:
        with _linker_cache_only():
            import weasyprint  # noqa: PLC0415
    except OSError:
        for name in [m for m in sys.modules if m.partition(".")[0] == "weasyprint"]:
            del sys.modules[name]
        import weasyprint  # noqa: F401, PLC0415
