"""Every task a person runs: ``nox`` builds every product and installs the tests' tools;
``nox -s tests`` runs the tests.

Sessions install the checkout in editable mode, so each one builds and tests the checkout's
own content and code with no wheel in the way; the packages are installed again only when
``pyproject.toml`` changes. A wheel is built only when one is asked for (``nox -s dist``).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

import nox

nox.needs_version = ">=2025.2.9"
nox.options.default_venv_backend = "uv|virtualenv"
nox.options.reuse_venv = "yes"

PYPROJECT = nox.project.load_toml("pyproject.toml")
ROOT = Path(__file__).parent


def install(session: nox.Session, *groups: str, project: bool = True) -> None:
    """The checkout (editable, with its build tools) and dependency groups, installed once:
    again only when pyproject.toml or the groups asked for change."""
    # The checkout's own bytecode is written (and kept fresh by Python) even where the
    # environment asks for none: otherwise every process compiles the package anew.
    session.env["PYTHONDONTWRITEBYTECODE"] = ""
    wanted = ["-e", ".[build]"] if project else []
    wanted += [dep for group in groups for dep in nox.project.dependency_groups(PYPROJECT, group)]
    stamp = session.env_dir / ".liberation-installed"
    key = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + json.dumps(wanted).encode())
    if stamp.is_file() and stamp.read_text(encoding="utf-8") == key.hexdigest():
        return
    # Compiled once at install time, as pip does, not again by every command that runs.
    session.install(*wanted, env={"UV_COMPILE_BYTECODE": "1"})
    stamp.write_text(key.hexdigest(), encoding="utf-8")


@nox.session
def build(session: nox.Session) -> None:
    """Build every product, in every language, into build/."""
    install(session)
    session.run("liberation-content", "build", "--out", "build", *session.posargs)


@nox.session(default=False)
def html(session: nox.Session) -> None:
    """Build the HTML site and the JSON into build/ (pass --lang fr for one language)."""
    install(session)
    session.run("liberation-content", "build", "html", "--out", "build", *session.posargs)


@nox.session(default=False)
def pdf(session: nox.Session) -> None:
    """Print every leaflet in every edition and language into build/pdf/<lang>/."""
    install(session)
    session.run("liberation-content", "build", "pdf", "--out", "build", *session.posargs)


@nox.session(default=False)
def docs(session: nox.Session) -> None:
    """Build the project's documentation into build/docs/, warnings as errors."""
    install(session, "docs")
    # The docs print leaflets and read the snippets: build them first (nothing if current).
    session.run("liberation-content", "build", "json", "--out", "build")
    session.run(
        "sphinx-build",
        "-W",
        "--keep-going",
        "-n",
        "-q",
        "-b",
        "html",
        "docs",
        "build/docs",
        *session.posargs,
    )


#: Tools the tests judge the products with, as a print shop or a screen reader would:
#: Debian package -> the command it provides.
SYSTEM_TOOLS = {"poppler-utils": "pdftotext"}
#: The browser the site is looked at with, as a reader on a phone would; without it the
#: browser tests are skipped, and say why.
BROWSER_TOOLS = {"chromium": "chromium"}
#: Playwright and axe-core, pinned by the package-lock.json there, installed from npm into
#: its node_modules/ (git-ignored).
BROWSER_TESTS = ROOT / "tests" / "browser"


def system_tools(session: nox.Session, *, required: bool) -> None:
    """Install the Debian packages the tests use, when they are missing and this is a
    Debian machine run as root (a container, CI); otherwise say what to install (and stop
    if ``required`` and the tests cannot run without it)."""
    wanted = {**SYSTEM_TOOLS, **BROWSER_TOOLS}
    missing = [pkg for pkg, command in wanted.items() if shutil.which(command) is None]
    if not missing:
        return
    if shutil.which("apt-get") and hasattr(os, "geteuid") and os.geteuid() == 0:
        env = {"DEBIAN_FRONTEND": "noninteractive"}
        session.run("apt-get", "update", "-qq", external=True, env=env)
        session.run("apt-get", "install", "-y", "-qq", *missing, external=True, env=env)
        return
    needed = [pkg for pkg in missing if pkg in SYSTEM_TOOLS]
    if needed and required:
        session.error(f"the tests need {', '.join(needed)}: install it (apt-get install ...)")
    session.warn(f"the tests use {', '.join(missing)}: install it (apt-get install ...)")


def browser_packages(session: nox.Session) -> None:
    """Install Playwright and axe-core from npm into tests/browser/node_modules, as its
    package-lock.json pins them: again only when that file changes."""
    if shutil.which("npm") is None:
        session.warn("install Node.js and npm: the browser tests will be skipped")
        return
    lock = BROWSER_TESTS / "package-lock.json"
    stamp = BROWSER_TESTS / "node_modules" / ".liberation-installed"
    key = hashlib.sha256(lock.read_bytes()).hexdigest()
    if stamp.is_file() and stamp.read_text(encoding="utf-8") == key:
        return
    session.run(
        "npm", "ci", "--prefix", str(BROWSER_TESTS), "--no-audit", "--no-fund", external=True
    )
    stamp.write_text(key, encoding="utf-8")


@nox.session(name="test-tools", python=False)
def test_tools(session: nox.Session) -> None:
    """Install what the tests use beside Python: Debian packages (as root) and npm ones."""
    system_tools(session, required=False)
    browser_packages(session)


@nox.session(default=False)
def tests(session: nox.Session) -> None:
    """Run the whole test suite (it builds real sites and PDFs in temporary folders)."""
    system_tools(session, required=True)
    browser_packages(session)
    install(session, "test")
    session.run("pytest", *session.posargs)


@nox.session(default=False)
def lint(session: nox.Session) -> None:
    """Check style and common mistakes with ruff."""
    install(session, "lint", project=False)
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session(default=False)
def typecheck(session: nox.Session) -> None:
    """Check types with mypy in strict mode."""
    install(session, "typecheck")
    session.run("mypy")


@nox.session(default=False)
def dist(session: nox.Session) -> None:
    """Build the sdist and the wheel (with the JSON snippets inside) into dist/."""
    install(session, "dist", project=False)
    session.run("python", "-m", "build", "--installer", "uv", "--outdir", "dist", *session.posargs)


@nox.session(name="bench-api", default=False)
def bench_api(session: nox.Session) -> None:
    """Benchmark the runtime API (import time, get() latency, memory); prints a table."""
    install(session)
    session.run("liberation-content", "build", "json", "--out", "build")
    session.run("python", "benchmarks/bench_api.py", env={"LIBERATION_CONTENT_DATA": "build/json"})


#: Where the benchmarks say the site is published: leaflets print an address and a QR
#: code only when one is set, and the print-shop edition needs one.
BENCH_SITE = {"LIBERATION_SITE_URL": "https://leaflets.example.net/"}


@nox.session(name="bench-pdf", default=False)
def bench_pdf(session: nox.Session) -> None:
    """Benchmark the leaflets against sphinx-simplepdf; prints a table of medians."""
    install(session, "bench")
    session.run("liberation-content", "build", "json", "--out", "build", env=BENCH_SITE)
    session.run(
        "python",
        "benchmarks/bench_pdf.py",
        env={"LIBERATION_CONTENT_DATA": "build/json", **BENCH_SITE},
    )


@nox.session(default=False)
def bench(session: nox.Session) -> None:
    """Build speed against Pandoc+Typst and sphinx-simplepdf; prints a table of medians."""
    install(session, "bench")
    session.run("python", "benchmarks/bench_build.py", *session.posargs, env=BENCH_SITE)


@nox.session(default=False)
def preview(session: nox.Session) -> None:
    """Rebuild one language's site (and a leaflet) on every save: -- --lang fr --leaflet NAME."""
    install(session)
    session.run("liberation-content", "preview", *session.posargs)


@nox.session(name="i18n-extract", default=False)
def i18n_extract(session: nox.Session) -> None:
    """Write the English messages to content/locales/templates/*.pot."""
    install(session)
    session.run("liberation-content", "i18n", "extract")


@nox.session(name="i18n-update", default=False)
def i18n_update(session: nox.Session) -> None:
    """Merge the POT files into the PO files of the languages given after --."""
    install(session)
    session.run("liberation-content", "i18n", "update", *session.posargs)


@nox.session(name="i18n-status", default=False)
def i18n_status(session: nox.Session) -> None:
    """Print, per language and page, what is translated and what can be published."""
    install(session)
    session.run("liberation-content", "i18n", "status", *session.posargs)


@nox.session(name="i18n-check", default=False)
def i18n_check(session: nox.Session) -> None:
    """Run every check on the PO files (all languages, or those given after --)."""
    install(session)
    session.run("liberation-content", "i18n", "check", *session.posargs)
