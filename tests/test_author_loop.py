"""The author's loop: the command builds the content it is run beside, says which, takes
every build option the Python API has, and leans on other projects' internals only where
it says so."""

from __future__ import annotations

import dataclasses
import gettext
import multiprocessing
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import sphinx
from helpers import FIXTURE_TODAY, ROOT, edit

from liberation_content.build import BuildOptions
from liberation_content.build.parallel import START_METHOD, run_each
from liberation_content.cli import build_parser, main
from liberation_content.sphinx_ext import internals

DATA = Path(__file__).parent / "data" / "minimal"


def test_the_command_builds_the_content_folder_it_is_run_beside(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copytree(DATA, tmp_path / "content")
    edit(tmp_path / "content" / "index.md", "- It is a test.", "- It is my own copy.")
    monkeypatch.chdir(tmp_path)
    assert main(["build", "html", "--out", "out", "--today", FIXTURE_TODAY]) == 0
    assert capsys.readouterr().out.splitlines()[0] == "content: content"
    page = (tmp_path / "out" / "html" / "en" / "index.html").read_text(encoding="utf-8")
    assert "It is my own copy." in page


def test_every_build_option_is_a_command_line_option(capsys: pytest.CaptureFixture[str]) -> None:
    build = build_parser().parse_args(["build", "--lang", "fr", "--lang", "es", "--allow-overdue"])
    assert build.languages == ["fr", "es"] and build.allow_overdue
    with pytest.raises(SystemExit):
        main(["build", "--help"])
    help_text = " ".join(capsys.readouterr().out.split())
    for spec in dataclasses.fields(BuildOptions):
        flag = spec.metadata["flag"] or "--" + spec.name.replace("_", "-")
        assert flag in help_text, flag
        assert " ".join(spec.metadata["help"].split())[:40] in help_text, spec.name


def test_internals_are_used_only_on_the_versions_they_were_checked_on(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert sphinx.version_info[0] == internals.CHECKED_SPHINX, (
        "Sphinx has a new major version: check liberation_content/sphinx_ext/internals.py"
    )
    low, high = internals.CHECKED_PYTHON
    assert low <= sys.version_info[:2] <= high, "check internals.py on this Python"
    gettext.translation("no-such-domain", fallback=True)
    internals.forget_loaded_catalogs()
    assert not gettext._translations  # type: ignore[attr-defined]
    monkeypatch.setattr(sphinx, "version_info", (10, 0, 0, "final", 0))
    with pytest.raises(RuntimeError, match="written for Sphinx 9"):
        internals.forget_loaded_catalogs()
    import myst_parser  # noqa: PLC0415
    from myst_parser.mdit_to_docutils import base  # noqa: PLC0415

    assert int(myst_parser.__version__.split(".")[0]) == internals.CHECKED_MYST
    internals.reuse_default_settings()
    first, second = base.make_document(), base.make_document()
    assert first.settings is not second.settings  # each its own copy, made once
    assert vars(first.settings) == vars(second.settings)
    monkeypatch.setattr(myst_parser, "__version__", "6.0.0")
    with pytest.raises(RuntimeError, match="written for MyST-Parser 5"):
        internals.reuse_default_settings()


_GIVEN: list[str] = []


def _remember(value: str) -> None:
    _GIVEN.append(value)


def _job(number: int) -> tuple[int, int, list[str]]:
    return number, os.getpid(), list(_GIVEN)


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="needs two cores")
def test_workers_are_started_the_named_way_and_handed_what_they_need(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    asked: list[str | None] = []
    get_context = multiprocessing.get_context

    def spy(method: str | None = None) -> multiprocessing.context.BaseContext:
        asked.append(method)
        return get_context(method)

    monkeypatch.setattr(multiprocessing, "get_context", spy)
    results = [
        result()
        for _, result in run_each(_job, [1, 2, 3], initializer=_remember, initargs=("fonts",))
    ]
    assert sorted(number for number, _, _ in results) == [1, 2, 3]
    assert all(pid != os.getpid() for _, pid, _ in results), "jobs run in worker processes"
    assert all(given == ["fonts"] for _, _, given in results), "each worker was initialised once"
    assert asked == [START_METHOD], "the pool names its start method"
    assert ("fork" if sys.platform.startswith("linux") else "spawn") == START_METHOD


def test_without_the_build_tools_the_command_says_what_to_install() -> None:
    """Installed without the build extra, building says so, instead of a traceback."""
    script = (
        "import sys; sys.path.insert(0, sys.argv[1])\n"
        "from liberation_content.cli import main\n"
        "raise SystemExit(main(['build', '--out', sys.argv[2]]))\n"
    )
    # -S: no site-packages at all, as where only the standard library is installed.
    done = subprocess.run(
        [sys.executable, "-S", "-c", script, str(ROOT), "/nonexistent/out"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    assert done.stderr.startswith("error: building needs the build tools (sphinx, myst_parser")
    assert "pip install 'liberation-content[build]'" in done.stderr
    assert "Traceback" not in done.stderr
