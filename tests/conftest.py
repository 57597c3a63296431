"""Shared fixtures: every test builds real Sphinx sites in temporary folders.

Before any test runs, the small test content (tests/data/minimal) is built once and the
runtime API is pointed at its JSON with LIBERATION_CONTENT_DATA, so the code's tests never
depend on the real content, and ``pytest`` in a checkout needs no wheel. The content's
tests (marked ``content``) ask for :func:`published`, the real content built once.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import FIXTURE_TODAY, ROOT, SITE, BuildSite

from liberation_content import DATA_VARIABLE
from liberation_content.build import BuildOptions, build
from liberation_content.build.options import SITE_URL_VARIABLE
from liberation_content.resources import content_dir

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session", autouse=True)
def test_data(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The small test content's JSON and composed leaflets, which the runtime API reads."""
    out = tmp_path_factory.mktemp("test-data")
    options = BuildOptions(out=out, content=DATA / "minimal", today=FIXTURE_TODAY, site_url=SITE)
    build(options, ("json",))
    saved = {
        name: os.environ.get(name) for name in (DATA_VARIABLE, "PYTHONPATH", SITE_URL_VARIABLE)
    }
    os.environ[DATA_VARIABLE] = str(out / "json")
    # Every build publishes at the tests' address, unless a test says otherwise.
    os.environ[SITE_URL_VARIABLE] = SITE
    # Commands run in a subprocess import this checkout's package too.
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), saved["PYTHONPATH"]]))
    yield out / "json"
    for name, value in saved.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


@pytest.fixture(scope="session")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real content's JSON and composed leaflets, in every language, built once."""
    out = tmp_path_factory.mktemp("published")
    options = BuildOptions(out=out, content=content_dir(), allow_overdue=True, site_url=SITE)
    build(options, ("json",))
    return out / "json"


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
