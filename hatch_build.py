"""Puts the JSON snippets (and the composed leaflets) into every wheel, so that
``pip install`` gives the whole API and ``liberation-content leaflet`` works offline.

The JSON is made by the package's own build from ``content/`` (Sphinx runs while the
wheel is built; see ``[build-system] requires``). Set LIBERATION_PREBUILT_JSON to a folder
such as ``build/json`` to ship that folder instead of building it again. An editable
install (``pip install -e .``, what Nox uses in a checkout) ships nothing: the package then
reads the checkout's ``build/json``.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class SnippetsHook(BuildHookInterface):  # type: ignore[type-arg]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel" or version == "editable":
            return
        prebuilt = os.environ.get("LIBERATION_PREBUILT_JSON")
        if prebuilt:
            folder = Path(prebuilt)
            if not (folder / "index.json").is_file():
                msg = f"LIBERATION_PREBUILT_JSON={prebuilt}: no index.json there"
                raise RuntimeError(msg)
        else:
            folder = self._build_json()
        build_data["force_include"][str(folder)] = "liberation_content/data"

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        if getattr(self, "_scratch", None):
            shutil.rmtree(self._scratch, ignore_errors=True)

    def _build_json(self) -> Path:
        sys.path.insert(0, self.root)
        try:
            from liberation_content.build import BuildOptions, build  # noqa: PLC0415
        finally:
            sys.path.remove(self.root)
        out = Path(tempfile.mkdtemp(prefix="liberation-wheel-"))
        self._scratch = out
        content = Path(self.root) / "content"
        # A release keeps its content even after a review date passes; the JSON says so.
        build(BuildOptions(out=out, content=content, allow_overdue=True), ("json",))
        return out / "json"
