"""Benchmark of the leaflets: cold CLI time, warm cost per page, memory, and
sphinx-simplepdf building a PDF of the same English content, side by side.

Run with ``python3 -m nox -s bench-pdf`` (after ``python3 -m nox`` has built build/json).
Prints a table of medians.
"""

from __future__ import annotations

import io
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from pypdf import PdfReader
from report import print_table
from simplepdf import simplepdf_seconds

from liberation_content.model.leaflets import load_leaflet
from liberation_content.pdf import EDITIONS, load_brand, new_printer, print_leaflet
from liberation_content.resources import content_dir

ROUNDS = 5
WARM_TARGET_MS = 40.0
PDF_RATIO_TARGET = 0.5
MEMORY_TARGET_MIB = 400.0
ROOT = Path(__file__).parents[1]


def median_seconds(command: list[str], env: dict[str, str] | None = None) -> float:
    samples = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, env=env)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def warm_per_page(data: Path) -> tuple[float, int]:
    brand = load_brand()
    jobs = []
    for path in sorted((data / "leaflets" / "en").glob("*.json")):
        leaflet = load_leaflet(data, path.stem, "en")
        for edition in EDITIONS.values():
            jobs.append((leaflet.name, edition.name, edition.size_for(leaflet.default_size)))

    def run(name: str, edition: str, size: str) -> bytes:
        return print_leaflet(
            name, "en", edition_name=edition, size=size, brand=brand, data=data, printer=printer
        )

    printer = new_printer()
    run(*jobs[0])  # warm up: fonts and templates loaded
    per_page = []
    pages = 0
    for _ in range(ROUNDS):
        start = time.perf_counter()
        pdfs = [run(*job) for job in jobs]
        elapsed = time.perf_counter() - start
        pages = sum(len(PdfReader(io.BytesIO(pdf)).pages) for pdf in pdfs)  # not timed
        per_page.append(elapsed / pages * 1000)
    return statistics.median(per_page), pages


def subsetter() -> str:
    """WeasyPrint subsets fonts with the system's HarfBuzz library when there is one; the
    printer otherwise uses the HarfBuzz that uharfbuzz brings: say which."""
    from weasyprint.text.ffi import harfbuzz_subset  # noqa: PLC0415

    return "HarfBuzz (system)" if harfbuzz_subset else "HarfBuzz (uharfbuzz)"


def main() -> int:
    data = ROOT / "build" / "json"
    if not (data / "index.json").is_file():
        print("build/json is missing: run 'python3 -m nox' first", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as scratch_name:
        scratch = Path(scratch_name)
        cli = median_seconds(
            ["liberation-content", "leaflet", "--data", str(data), "-o", str(scratch / "one.pdf")]
        )
        samples = []
        command = [str(Path(sys.executable).parent / "liberation-content"), "build"]
        for round_ in range(ROUNDS):
            # A fresh folder each time: builds are incremental, and this measures a full one.
            # The site and its composed leaflets first (not timed): they are what is printed.
            out = ["--lang", "en", "--allow-overdue", "--out", str(scratch / f"out-{round_}")]
            subprocess.run([*command, "json", *out], check=True, capture_output=True)
            start = time.perf_counter()
            subprocess.run([*command, "pdf", *out], check=True, capture_output=True)
            samples.append(time.perf_counter() - start)
        ours = statistics.median(samples)
        warm, pages = warm_per_page(data)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        simple = simplepdf_seconds(content_dir(), scratch, ROUNDS)
    ratio = ours / simple
    rows = [
        ("one leaflet from the CLI, cold", f"{cli:.2f} s", "-", True),
        (
            "warm cost per page, one process",
            f"{warm:.1f} ms ({pages} pages)",
            f"<= {WARM_TARGET_MS:.0f} ms",
            warm <= WARM_TARGET_MS,
        ),
        (
            "every English leaflet and edition (build pdf)",
            f"{ours:.2f} s ({ratio:.2f}x)",
            f"<= {PDF_RATIO_TARGET}x sphinx-simplepdf",
            ratio <= PDF_RATIO_TARGET,
        ),
        ("sphinx-simplepdf, one PDF of the same content", f"{simple:.2f} s", "baseline", True),
        ("font subsetting used by WeasyPrint", subsetter(), "-", True),
        (
            "peak memory (warm renders)",
            f"{peak:.0f} MiB",
            f"<= {MEMORY_TARGET_MIB:.0f} MiB",
            peak <= MEMORY_TARGET_MIB,
        ),
    ]
    return print_table(f"Leaflet benchmark: medians of {ROUNDS} runs", rows)


if __name__ == "__main__":
    raise SystemExit(main())
