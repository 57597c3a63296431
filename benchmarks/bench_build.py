"""Benchmark of the whole build against Pandoc+Typst and sphinx-simplepdf, side by side on
the same content: the README's first command (``python3 -m nox``, whole process) with
nothing changed and after one English sentence changed, a cold build of everything, a
rebuild with nothing to do, one French string changed (from the CLI and in a warm
preview), one leaflet, and peak memory.

Run with ``python3 -m nox -s bench`` (``-- --rounds 1`` for a quick check). Prints a table
of medians. Everything runs on a copy of the package's content in a scratch folder.

The alternatives build the English pages only, in the order of the ``toctree`` in
``index.md``, with the YAML front matter removed. Pandoc reads the pages as plain Markdown:
MyST roles such as ``{cite}`` and directives pass through as text or code, so its output
is not the same site; it stands for what a simpler, general-purpose toolchain costs.
"""

from __future__ import annotations

import argparse
import io
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from importlib import metadata
from pathlib import Path

import pypandoc
import typst
import yaml
from babel.messages.pofile import read_po, write_po
from readme_command import readme_command
from report import print_table
from simplepdf import simplepdf_seconds

from liberation_content.build import BuildOptions
from liberation_content.model.frontmatter import split_front_matter
from liberation_content.resources import content_dir

ROUNDS = 5
NOX_NOOP_RATIO_TARGET = 2.0  # x Pandoc+Typst, one language
NOX_SENTENCE_RATIO_TARGET = 1.0  # x sphinx-simplepdf, one PDF
NOOP_RATIO_TARGET = 0.5  # x Pandoc+Typst, one language
PREVIEW_RATIO_TARGET = 1.0  # x Pandoc+Typst, one language
COLD_RATIO_TARGET = 0.5  # x (sphinx-simplepdf x the number of PDFs we print)
MEMORY_TARGET_MIB = 500.0
CATALOG = Path("locales") / "fr" / "LC_MESSAGES" / "faq.po"
BIN = Path(sys.executable).parent
CLI = BIN / "liberation-content"
# Babel guesses these from the English text; the content is Markdown, not format strings.
GUESSED_FLAGS = ("python-format", "python-brace-format")


def child_env() -> dict[str, str]:
    """The environment of every child: this interpreter's scripts come first on PATH."""
    return {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}


def timed(command: list[str], env: dict[str, str]) -> float:
    """Seconds one command takes, process start included; its stderr is shown if it fails."""
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        print(done.stdout[-2000:], done.stderr[-4000:], sep="\n", file=sys.stderr)
        raise subprocess.CalledProcessError(done.returncode, command)
    return elapsed


class FrenchString:
    """One translated string of the French FAQ catalog, changed in place and put back.

    Each change appends a different suffix from the one before, so every build that follows
    has a real change to pick up; :meth:`restore` writes the original bytes back.
    """

    def __init__(self, content: Path) -> None:
        self.path = content / CATALOG
        self.original = self.path.read_bytes()
        self.catalog = read_po(io.BytesIO(self.original))
        text = self.original.decode("utf-8")
        for message in self.catalog:
            message.flags.difference_update(flag for flag in GUESSED_FLAGS if flag not in text)
        self.message = next(
            message
            for message in self.catalog
            if message.id
            and isinstance(message.string, str)
            and message.string
            and not re.search(r"[0-9`]", message.string)
        )
        self.text = self.message.string
        self.changes = 0
        if self.serialise() != self.original:
            print(f"note: babel does not write {CATALOG} back byte for byte", file=sys.stderr)

    def serialise(self) -> bytes:
        buffer = io.BytesIO()
        write_po(buffer, self.catalog, width=79, include_previous=True)
        return buffer.getvalue()

    def change(self) -> None:
        self.changes += 1
        suffix = " modifié" if self.changes % 2 else " modifié modifié"
        self.message.string = self.text + suffix
        self.path.write_bytes(self.serialise())

    def restore(self) -> None:
        self.message.string = self.text
        self.path.write_bytes(self.original)


def our_cli(content: Path, scratch: Path, rounds: int, french: FrenchString) -> dict[str, float]:
    """Cold build, no-op rebuild, one French string changed and one leaflet, from the CLI."""
    env = child_env()
    build = [str(CLI), "build", "--content", str(content), "--allow-overdue", "--out"]
    cold, noop, changed = [], [], []
    out = scratch / "out-0"
    for round_ in range(rounds):
        if round_:
            shutil.rmtree(out)  # only the last build is kept, for the leaflet and the counts
        out = scratch / f"out-{round_}"
        cold.append(timed([*build, str(out)], env))
        noop.append(timed([*build, str(out)], env))
        french.change()
        changed.append(timed([*build, str(out)], env))
    leaflet = [
        timed(
            [
                str(CLI),
                "leaflet",
                "leaflet",
                "--data",
                str(out / "json"),
                "-o",
                str(scratch / "one.pdf"),
            ],
            env,
        )
        for _ in range(rounds)
    ]
    return {
        "cold": statistics.median(cold),
        "noop": statistics.median(noop),
        "changed": statistics.median(changed),
        "leaflet": statistics.median(leaflet),
        "languages": len(list((out / "html").glob("*/index.html"))),
        "pdfs": len(list((out / "pdf").glob("**/*.pdf"))),
    }


def warm_preview(content: Path, scratch: Path, rounds: int, french: FrenchString) -> float:
    """Median seconds a warm preview of French takes to pick up one changed string."""
    from liberation_content.build.preview import Preview  # noqa: PLC0415

    preview = Preview(
        BuildOptions(out=scratch / "preview-out", content=content, allow_overdue=True),
        lang="fr",
    )
    preview.build()  # warm up: the first build is a full one
    samples = []
    for _ in range(rounds):
        french.change()
        start = time.perf_counter()
        preview.build()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def english_pages(content: Path) -> list[tuple[str, str, str]]:
    """(name, title, Markdown body) of each English page, in the order of the toctree."""
    index = (content / "index.md").read_text(encoding="utf-8")
    found = re.search(r"^```\{toctree\}\n(.*?)^```", index, flags=re.MULTILINE | re.DOTALL)
    if found is None:
        msg = f"{content / 'index.md'}: no toctree"
        raise ValueError(msg)
    entries = [
        line.strip()
        for line in found.group(1).splitlines()
        if line.strip() and not line.strip().startswith(":")
    ]
    pages = []
    for name in ["index", *entries]:
        text = (content / f"{name}.md").read_text(encoding="utf-8")
        found = split_front_matter(text)
        front = yaml.safe_load(found[0]) if found else {}
        body = "\n".join(text.splitlines()[found[1] :]) if found else text
        pages.append((name, str(front.get("title", name)), body))
    return pages


def pandoc_typst(content: Path, scratch: Path, rounds: int) -> dict[str, float]:
    """Pandoc to standalone HTML per page, Pandoc to Typst, Typst to PDF; median seconds."""
    pandoc = str(pypandoc.get_pandoc_path())
    env = child_env()
    source = scratch / "pandoc-src"
    source.mkdir()
    pages = english_pages(content)
    for name, _title, body in pages:
        (source / f"{name}.md").write_text(body, encoding="utf-8")
    book = source / "all.md"
    book.write_text("\n\n".join(body for _name, _title, body in pages), encoding="utf-8")
    total, html, pdf = [], [], []
    for round_ in range(rounds):
        out = scratch / f"pandoc-{round_}"
        out.mkdir()
        start = time.perf_counter()
        for name, title, _body in pages:
            timed(
                [
                    pandoc,
                    "-f",
                    "markdown",
                    "-t",
                    "html5",
                    "-s",
                    "--metadata",
                    f"title={title}",
                    "-o",
                    str(out / f"{name}.html"),
                    str(source / f"{name}.md"),
                ],
                env,
            )
        middle = time.perf_counter()
        typ = out / "all.typ"
        timed(
            [
                pandoc,
                "-f",
                "markdown",
                "-t",
                "typst",
                "-s",
                "--metadata",
                f"title={pages[0][1]}",
                "-o",
                str(typ),
                str(book),
            ],
            env,
        )
        target = out / "all.pdf"
        typst.compile(str(typ), output=str(target))
        end = time.perf_counter()
        if not target.is_file() or target.stat().st_size == 0:
            msg = f"Typst wrote no PDF at {target}"
            raise RuntimeError(msg)
        total.append(end - start)
        html.append(middle - start)
        pdf.append(end - middle)
        shutil.rmtree(out)
    return {
        "total": statistics.median(total),
        "html": statistics.median(html),
        "pdf": statistics.median(pdf),
    }


def peak_mib() -> float:
    """Largest resident set so far, of this process or of any child it waited for."""
    return (
        max(
            resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
            resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        )
        / 1024
    )


def attempt(measure: Callable[[], float]) -> tuple[float | None, str]:
    """Run a measure that may not be possible yet; (seconds, "") or (None, why not)."""
    try:
        return measure(), ""
    except ImportError as exc:
        return None, f"not available ({exc})"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--rounds", type=int, default=ROUNDS, help=f"runs per measure (default: {ROUNDS})"
    )
    rounds = parser.parse_args().rounds
    if not CLI.is_file():
        print(f"{CLI} is missing: install the package into this environment", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as scratch_name:
        scratch = Path(scratch_name)
        content = scratch / "content"
        shutil.copytree(content_dir(), content, symlinks=False)
        french = FrenchString(content)
        try:
            ours = our_cli(content, scratch, rounds, french)
            french.restore()
            preview, preview_problem = attempt(
                lambda: warm_preview(content, scratch, rounds, french)
            )
        finally:
            french.restore()
        peak = peak_mib()  # before the alternatives run, so only our build counts
        nox = readme_command(scratch, rounds)
        pandoc = pandoc_typst(content, scratch, rounds)
        simple = simplepdf_seconds(content, scratch, rounds)
    baseline = pandoc["total"]
    preview_text = (
        f"{preview:.2f} s ({preview / baseline:.2f}x)" if preview is not None else preview_problem
    )
    cold_budget = COLD_RATIO_TARGET * simple * ours["pdfs"]
    rows = [
        (
            "README's first command (python3 -m nox), nothing changed",
            f"{nox['noop']:.2f} s ({nox['noop'] / baseline:.2f}x Pandoc+Typst)",
            f"<= {NOX_NOOP_RATIO_TARGET}x Pandoc+Typst",
            nox["noop"] <= NOX_NOOP_RATIO_TARGET * baseline,
        ),
        (
            "README's first command, one English sentence changed",
            f"{nox['sentence']:.2f} s ({nox['sentence'] / simple:.2f}x sphinx-simplepdf)",
            f"<= {NOX_SENTENCE_RATIO_TARGET}x sphinx-simplepdf",
            nox["sentence"] <= NOX_SENTENCE_RATIO_TARGET * simple,
        ),
        (
            "README's first command, first run (setup and everything)",
            f"{nox['setup']:.1f} s",
            "-",
            True,
        ),
        (
            "full cold build of everything (CLI)",
            f"{ours['cold']:.2f} s",
            f"<= {COLD_RATIO_TARGET}x sphinx-simplepdf x {ours['pdfs']:.0f} PDFs "
            f"({cold_budget:.1f} s)",
            ours["cold"] <= cold_budget,
        ),
        (
            "what the full build produced",
            f"{ours['languages']:.0f} languages, {ours['pdfs']:.0f} PDFs",
            "-",
            True,
        ),
        (
            "no-op rebuild (CLI)",
            f"{ours['noop']:.2f} s ({ours['noop'] / baseline:.2f}x)",
            f"<= {NOOP_RATIO_TARGET}x Pandoc+Typst",
            ours["noop"] <= NOOP_RATIO_TARGET * baseline,
        ),
        ("one string changed in fr, CLI", f"{ours['changed']:.2f} s", "-", True),
        (
            "one string changed in fr, warm preview",
            preview_text,
            f"<= {PREVIEW_RATIO_TARGET}x Pandoc+Typst",
            preview is not None and preview <= PREVIEW_RATIO_TARGET * baseline,
        ),
        ("one leaflet, cold, from the CLI", f"{ours['leaflet']:.2f} s", "-", True),
        (
            "peak memory (our CLI runs and the preview)",
            f"{peak:.0f} MiB",
            f"<= {MEMORY_TARGET_MIB:.0f} MiB",
            peak <= MEMORY_TARGET_MIB,
        ),
        (
            f"Pandoc {pypandoc.get_pandoc_version()} to HTML + Pandoc to Typst + "
            f"Typst {metadata.version('typst')} to PDF, English",
            f"{baseline:.2f} s (HTML {pandoc['html']:.2f} s, PDF {pandoc['pdf']:.2f} s)",
            "baseline",
            True,
        ),
        ("sphinx-simplepdf, one PDF of the English content", f"{simple:.2f} s", "baseline", True),
    ]
    return print_table(f"Build benchmark: medians of {rounds} runs", rows)


if __name__ == "__main__":
    raise SystemExit(main())
