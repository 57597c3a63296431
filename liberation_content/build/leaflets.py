"""The leaflets product: every composed leaflet in every edition, printed into
``build/pdf/<lang>/``.

Only PDFs whose inputs changed are printed, longest first, by a pool of worker processes
(one per core) that each keep one printer, so fonts are loaded once per worker. Nothing is
written until every PDF was printed, and a PDF whose bytes did not change is not rewritten.
A leaflet that was not composed in a language (its text or labels are not all translated)
is not printed there: the reason is shown, and an old copy the build wrote is removed.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from liberation_content.errors import LiberationError
from liberation_content.files import write_files
from liberation_content.model.dates import review_day
from liberation_content.model.hashing import digest
from liberation_content.model.leaflets import leaflet_folder

from .context import BuildRun
from .fingerprints import pdf_inputs
from .parallel import run_each

TYPE_CHECKING = False
if TYPE_CHECKING:
    from liberation_content.pdf.render import LeafletPrinter

__all__ = ["print_leaflets"]

#: (snippet data folder, leaflet, language, (edition, size) pairs, brand file, review day)
Job = tuple[Path, str, str, tuple[tuple[str, str], ...], Path | None, str]

_printer: LeafletPrinter | None = None


def start_printer(today: str) -> LeafletPrinter:
    """This process's printer (fonts and templates loaded once). Made here before the
    workers start, and in each worker: a forked worker finds it made already."""
    global _printer  # noqa: PLW0603 - one printer per process
    if _printer is None or _printer.today != today:
        from liberation_content.pdf import new_printer  # noqa: PLC0415

        _printer = new_printer(today)
    return _printer


def prepare_printer(run: BuildRun) -> None:
    """Load the printer (WeasyPrint, fonts, templates) ahead of its turn."""
    start_printer(review_day(run.options.today))


def print_group(job: Job) -> tuple[list[bytes], float]:
    """Print the editions of one leaflet that share a layout (laid out once); return them
    and the seconds it took."""
    from liberation_content.pdf import print_leaflet  # noqa: PLC0415

    start = time.perf_counter()
    data, name, lang, editions, brand, today = job
    printer = start_printer(today)
    pdfs = [
        print_leaflet(name, lang, edition_name=e, size=s, brand=brand, data=data, printer=printer)
        for e, s in editions
    ]
    return pdfs, time.perf_counter() - start


def _job_name(job: Job) -> str:
    """A job's name in the record of how long jobs take: ``fr/article/home-A5``."""
    _, name, lang, editions, _, _ = job
    return f"{lang}/{name}/{editions[0][0]}-{editions[0][1]}"


def _composed(data: Path, lang: str) -> dict[str, tuple[bytes, dict[str, Any]]]:
    folder = leaflet_folder(data, lang)
    if not folder.is_dir():
        # Never taken for "nothing to print here": that would remove the language's PDFs.
        msg = f"no composed leaflets in {folder}; build the site first (liberation-content build)"
        raise LiberationError(msg)
    found = {}
    for path in sorted(folder.glob("*.json")):
        raw = path.read_bytes()
        found[path.stem] = (raw, json.loads(raw))
    return found


def _plan(run: BuildRun, common: str) -> tuple[list[Job], dict[str, dict[str, str]]]:
    """The groups of PDFs to print (those whose inputs changed), longest first, and every
    PDF's fingerprint by language and file name."""
    from liberation_content.pdf import EDITIONS, file_name, plan  # noqa: PLC0415

    options = run.options
    data = options.out / "json"
    day = review_day(options.today)
    jobs: list[tuple[float, Job]] = []  # (how long it will take, roughly; job)
    expected: dict[str, dict[str, str]] = {}  # lang -> file name -> fingerprint
    unaddressed = False
    for lang in run.languages:
        expected[lang] = {}
        held: dict[str, list[str]] = {}
        for name, (raw, leaflet) in _composed(data, lang).items():
            if not leaflet.get("printable"):
                held.setdefault(str(leaflet.get("reason")), []).append(name)
                continue
            for whole in plan(leaflet["default_size"]):
                # A file for press needs the site's address: without it, none is made.
                group = [p for p in whole if leaflet.get("url") or not EDITIONS[p[0]].bleed_mm]
                if len(group) < len(whole):
                    unaddressed = True
                if not group:
                    continue
                stale = False
                for edition, size in group:
                    target = file_name(name, edition, size)
                    fingerprint = digest([common, lang, name, edition, size, raw])
                    expected[lang][target] = fingerprint
                    path = options.out / "pdf" / lang / target
                    stale |= not run.state.current(f"pdf/{lang}/{target}", fingerprint, path)
                if stale:
                    job = (data, name, lang, tuple(group), options.brand, day)
                    # As long as last time; else, the more text, the longer the layout.
                    cost = run.state.seconds.get(_job_name(job), len(raw) / 50_000)
                    jobs.append((cost, job))
        for reason, names in held.items():
            listed = ", ".join(f"'{n}'" for n in names)
            run.progress.note(f"note: no {listed} leaflet in '{lang}': {reason}")
    if unaddressed:
        run.progress.note(
            "note: no print-shop files: they carry the address of the information online, "
            "and the site's address is not set (build with --site-url https://your.site/ "
            "or set LIBERATION_SITE_URL)"
        )
    # Longest first, so that the workers finish together.
    return [job for _, job in sorted(jobs, key=lambda item: item[0], reverse=True)], expected


def print_leaflets(run: BuildRun) -> list[Path]:
    """The leaflets product: print what changed, then write it; see the module's notes."""
    from liberation_content.pdf import file_name, load_brand  # noqa: PLC0415

    options = run.options
    brand = load_brand(options.brand)  # a mistake in the brand file stops the build first
    jobs, expected = _plan(run, pdf_inputs(brand, options.today))
    printed: dict[tuple[str, str], bytes] = {}
    if jobs:
        run.progress.add(len(jobs))
        day = review_day(options.today)
        start_printer(day)  # before the workers fork, so they share the loaded fonts
        for job, result in run_each(print_group, jobs, initializer=start_printer, initargs=(day,)):
            _, name, lang, editions, _, _ = job
            pdfs, seconds = result()
            run.state.seconds[_job_name(job)] = round(seconds, 2)
            for (edition, size), pdf in zip(editions, pdfs, strict=True):
                printed[lang, file_name(name, edition, size)] = pdf
            listed = ", ".join(f"{edition} {size}" for edition, size in editions)
            run.progress.step(f"pdf {lang} {name} ({listed})")
    # Every new PDF is written before any replaces an old one: a full disk leaves the
    # last good set, not half of each.
    files = {options.out / "pdf" / lang / target: pdf for (lang, target), pdf in printed.items()}
    for folder in {path.parent for path in files}:
        folder.mkdir(parents=True, exist_ok=True)
    written = sorted(write_files(files))
    for lang, made in expected.items():
        folder = options.out / "pdf" / lang
        for old in sorted(folder.glob("*.pdf")):
            unit = f"pdf/{lang}/{old.name}"
            # No longer made in this language: removed, if a build wrote it.
            if old.name not in made and unit in run.state.units:
                old.unlink()
                run.state.forget(unit)
        for target, fingerprint in made.items():
            run.state.record(f"pdf/{lang}/{target}", fingerprint)
    run.state.save()
    return written
