"""Shared helpers: every test builds real Sphinx sites in temporary folders."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from helpers import FIXTURE_TODAY, BuildSite

from liberation_content.pipeline import BuildOptions, build

DATA = Path(__file__).parent / "data"


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """A private copy of the small test content, free to break."""
    target = tmp_path / "content"
    shutil.copytree(DATA / "minimal", target)
    return target


@pytest.fixture
def build_site(tmp_path: Path) -> BuildSite:
    """Build the HTML site of a content folder into tmp/out and return the language folder."""

    def run(content: Path, lang: str = "en", **options: object) -> Path:
        opts = BuildOptions(
            out=tmp_path / "out",
            languages=(lang,),
            content=content,
            today=str(options.pop("today", FIXTURE_TODAY)),
        )
        build(opts.with_(**options), ("html",))
        return tmp_path / "out" / "html" / lang

    return run
