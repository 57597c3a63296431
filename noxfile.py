"""Every task a person runs: ``nox`` builds every product; ``nox -s tests`` runs the tests."""

from __future__ import annotations

import nox

nox.needs_version = ">=2025.2.9"
nox.options.default_venv_backend = "uv|virtualenv"
nox.options.reuse_venv = "yes"

PYPROJECT = nox.project.load_toml("pyproject.toml")


def install_project(session: nox.Session, *groups: str) -> None:
    """Install the package (not editable: it is used as users get it) and dependency groups."""
    extra = [dep for group in groups for dep in nox.project.dependency_groups(PYPROJECT, group)]
    # uv reuses a cached build of a local folder unless told to rebuild it.
    rebuild = ["--reinstall-package", "liberation-content"] if session.venv_backend == "uv" else []
    # Compiled once at install time, as pip does, not again by every command that runs.
    session.install(*rebuild, ".[build]", *extra, env={"UV_COMPILE_BYTECODE": "1"})


@nox.session
def build(session: nox.Session) -> None:
    """Build every product, in every language, into build/."""
    install_project(session)
    session.run("liberation-content", "build", "--out", "build", *session.posargs)


@nox.session(default=False)
def html(session: nox.Session) -> None:
    """Build the HTML site into build/html/<lang>/ (pass --lang fr for one language)."""
    install_project(session)
    session.run("liberation-content", "build", "html", "--out", "build", *session.posargs)


@nox.session(default=False)
def pdf(session: nox.Session) -> None:
    """Print every leaflet in every edition and language into build/pdf/<lang>/."""
    install_project(session)
    session.run("liberation-content", "build", "pdf", "--out", "build", *session.posargs)


@nox.session(default=False)
def docs(session: nox.Session) -> None:
    """Build the project's documentation into build/docs/, warnings as errors."""
    install_project(session, "docs")
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


@nox.session(default=False)
def tests(session: nox.Session) -> None:
    """Run the whole test suite (it builds real sites in temporary folders)."""
    install_project(session, "test")
    session.run("pytest", *session.posargs)


@nox.session(default=False)
def lint(session: nox.Session) -> None:
    """Check style and common mistakes with ruff."""
    session.install(*nox.project.dependency_groups(PYPROJECT, "lint"))
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session(default=False)
def typecheck(session: nox.Session) -> None:
    """Check types with mypy in strict mode."""
    install_project(session, "typecheck")
    session.run("mypy")


@nox.session(name="bench-api", default=False)
def bench_api(session: nox.Session) -> None:
    """Benchmark the runtime API (import time, get() latency, memory); prints a table."""
    install_project(session)
    session.run("python", "benchmarks/bench_api.py")


@nox.session(name="bench-pdf", default=False)
def bench_pdf(session: nox.Session) -> None:
    """Benchmark the leaflets against sphinx-simplepdf; prints a table of medians."""
    install_project(session)
    session.install("sphinx-simplepdf")
    session.run("python", "benchmarks/bench_pdf.py")


@nox.session(default=False)
def preview(session: nox.Session) -> None:
    """Rebuild one language's site (and a leaflet) on every save: -- --lang fr --leaflet NAME."""
    install_project(session)
    session.run("liberation-content", "preview", *session.posargs)


@nox.session(name="i18n-extract", default=False)
def i18n_extract(session: nox.Session) -> None:
    """Write the English messages to content/locales/templates/*.pot."""
    install_project(session)
    session.run("liberation-content", "i18n", "extract")


@nox.session(name="i18n-update", default=False)
def i18n_update(session: nox.Session) -> None:
    """Merge the POT files into the PO files of the languages given after --."""
    install_project(session)
    session.run("liberation-content", "i18n", "update", *session.posargs)


@nox.session(name="i18n-status", default=False)
def i18n_status(session: nox.Session) -> None:
    """Print, per language and page, what is translated and what can be published."""
    install_project(session)
    session.run("liberation-content", "i18n", "status", *session.posargs)


@nox.session(name="i18n-check", default=False)
def i18n_check(session: nox.Session) -> None:
    """Run every check on the PO files (all languages, or those given after --)."""
    install_project(session)
    session.run("liberation-content", "i18n", "check", *session.posargs)


@nox.session(default=False)
def bench(session: nox.Session) -> None:
    """Build speed against Pandoc+Typst and sphinx-simplepdf; prints a table of medians."""
    install_project(session, "bench")
    session.run("python", "benchmarks/bench_build.py", *session.posargs)
