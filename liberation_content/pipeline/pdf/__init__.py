"""Print-ready PDF leaflets, composed from the JSON snippets by ID and branded per charity.

The whole pipeline of one leaflet::

    definition = load_definitions(content / "leaflets")["leaflet"]
    leaflet = compose(definition, "en", data_root)          # snippets by ID, one language
    pdf = LeafletPrinter().render(leaflet, EDITIONS["home"], "A5", load_brand(path))
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from pathlib import Path

from liberation_content.errors import LiberationError

from ..options import BuildOptions, review_day
from ..staging import write_if_changed
from .brand import Brand, load_brand
from .compose import Leaflet, LeafletDefinition, compose, load_definitions
from .render import EDITIONS, Edition, LeafletPrinter

TYPE_CHECKING = False
if TYPE_CHECKING:
    from liberation_content.pipeline.incremental import BuildState
    from liberation_content.pipeline.progress import Progress

__all__ = [
    "EDITIONS",
    "Brand",
    "Edition",
    "Leaflet",
    "LeafletDefinition",
    "LeafletPrinter",
    "build_all_pdfs",
    "build_pdfs",
    "compose",
    "file_name",
    "load_brand",
    "load_definitions",
    "plan",
]


def file_name(leaflet: str, edition: str, size: str) -> str:
    """A name that says what the file is: ``leaflet-home-a5.pdf``."""
    return f"{leaflet}-{edition}-{size.lower()}.pdf"


_WORKER_PRINTER: LeafletPrinter | None = None


#: (leaflet folder, leaflet, language, JSON folder, (edition, size) pairs, brand, review day)
Job = tuple[Path, str, str, Path, tuple[tuple[str, str], ...], Path | None, str]


def _print_group(job: Job) -> list[bytes]:
    """Print, in a worker process, the editions of one leaflet that share a layout.

    Each worker loads fonts and templates once; editions printed from the same pages
    (a home A5 edition and its booklet) are laid out once.
    """
    leaflets, name, lang, data_root, editions, brand_path, today = job
    printer = _printer(leaflets.parent, today)
    leaflet = compose(load_definitions(leaflets)[name], lang, data_root)
    brand = load_brand(brand_path)
    return [printer.render(leaflet, EDITIONS[edition], size, brand) for edition, size in editions]


def _printer(content: Path, today: str) -> LeafletPrinter:
    """The process's printer: fonts and templates are loaded once per process (and before
    the workers fork, so they share them)."""
    global _WORKER_PRINTER  # noqa: PLW0603 - one printer per process
    printer = _WORKER_PRINTER
    if printer is None or printer.content != content or printer.today != today:
        printer = _WORKER_PRINTER = LeafletPrinter(content, today=today)
    return printer


def plan(definition: LeafletDefinition) -> list[list[tuple[str, str]]]:
    """The (edition, size) pairs ``nox -s pdf`` prints for a leaflet, grouped by layout:
    each group's PDFs are printed from the same laid-out pages."""
    groups: dict[tuple[str, float], list[tuple[str, str]]] = {}
    for edition in EDITIONS.values():
        size = edition.size_for(definition.default_size)
        groups.setdefault(edition.layout(size), []).append((edition.name, size))
    return list(groups.values())


def build_pdfs(options: BuildOptions, lang: str) -> list[Path]:
    """Every leaflet in every edition for ``lang`` into ``build/pdf/<lang>/``."""
    return build_all_pdfs(options, (lang,))


def _leaflet_data(leaflet: Leaflet) -> bytes:
    return json.dumps(dataclasses.asdict(leaflet), sort_keys=True, default=str).encode()


def build_all_pdfs(
    options: BuildOptions,
    languages: tuple[str, ...],
    state: BuildState | None = None,
    progress: Progress | None = None,
) -> list[Path]:
    """Every leaflet in every edition for each language into ``build/pdf/<lang>/``.

    A leaflet whose snippets or labels are not all published in a language is not made
    there (the reason is printed, and an old copy is removed). Only PDFs whose inputs
    changed are printed: in parallel processes, one per core, each with the fonts loaded
    once. Nothing is written until every PDF was printed; a PDF whose bytes did not
    change is not rewritten.
    """
    from liberation_content.pipeline.incremental import BuildState, pdf_inputs  # noqa: PLC0415
    from liberation_content.pipeline.progress import Progress  # noqa: PLC0415

    data_root = options.out / "json"
    if not (data_root / "index.json").is_file():
        msg = f"no JSON snippets in {data_root}; build the html or json product first"
        raise LiberationError(msg)
    state = state if state is not None else BuildState(options.out)
    progress = progress if progress is not None else Progress(0, quiet=True)
    brand = load_brand(options.brand)  # a mistake in the brand file stops the build first
    jobs, expected = _plan_jobs(options, languages, state, progress, pdf_inputs(options, brand))
    printed: dict[tuple[str, str], bytes] = {}
    if jobs:
        progress.add(len(jobs))
        printed = _print(options, jobs, progress)
    written: list[Path] = []
    for lang, files in expected.items():
        folder = options.out / "pdf" / lang
        folder.mkdir(parents=True, exist_ok=True)
        for (job_lang, target), pdf in sorted(printed.items()):
            if job_lang == lang and write_if_changed(folder / target, pdf):
                written.append(folder / target)
        for old in sorted(folder.glob("*.pdf")):
            if old.name not in files:  # no longer made in this language: do not leave it
                old.unlink()
                state.forget(f"pdf/{lang}/{old.name}")
        for target, fingerprint in files.items():
            state.record(f"pdf/{lang}/{target}", fingerprint)
    state.save()
    return written


def _plan_jobs(
    options: BuildOptions,
    languages: tuple[str, ...],
    state: BuildState,
    progress: Progress,
    common: str,
) -> tuple[list[Job], dict[str, dict[str, str]]]:
    """The groups of PDFs to print (those whose inputs changed), longest first, and every
    PDF's fingerprint by language and file name."""
    from liberation_content.pipeline.interface import complete  # noqa: PLC0415

    data_root = options.out / "json"
    leaflets = options.content_root / "leaflets"
    definitions = load_definitions(leaflets)
    jobs: list[tuple[tuple[int, int], Job]] = []  # (how long it will take, roughly; job)
    expected: dict[str, dict[str, str]] = {}  # lang -> file name -> fingerprint
    for lang in languages:
        expected[lang] = {}
        if not complete(options.content_root, lang):
            progress.note(
                f"note: no leaflets in '{lang}': the labels in interface.po are not all "
                "translated, and a leaflet never mixes two languages"
            )
            continue
        for name, definition in definitions.items():
            try:
                leaflet = compose(definition, lang, data_root)
            except LiberationError as exc:
                progress.note(f"note: no '{name}' leaflet in '{lang}': {exc}")
                continue
            data = _leaflet_data(leaflet)
            digest = hashlib.sha256(data).hexdigest()
            for group in plan(definition):
                stale = False
                for edition, size in group:
                    target = file_name(name, edition, size)
                    fingerprint = hashlib.sha256(
                        f"{common}|{lang}|{name}|{edition}|{size}|{digest}".encode()
                    ).hexdigest()
                    expected[lang][target] = fingerprint
                    path = options.out / "pdf" / lang / target
                    stale |= not state.current(f"pdf/{lang}/{target}", fingerprint, path)
                if stale:
                    # The more text, the longer the layout; each edition adds a little.
                    cost = (len(data), len(group))
                    jobs.append(
                        (
                            cost,
                            (
                                leaflets,
                                name,
                                lang,
                                data_root,
                                tuple(group),
                                options.brand,
                                review_day(options.today),
                            ),
                        )
                    )
    # Longest first, so that the workers finish together.
    return [job for _, job in sorted(jobs, key=lambda item: item[0], reverse=True)], expected


def _print(
    options: BuildOptions, jobs: list[Job], progress: Progress
) -> dict[tuple[str, str], bytes]:
    """Print every job's PDFs, in worker processes when there is more than one job."""
    from liberation_content.pipeline.parallel import run_each  # noqa: PLC0415

    _printer(options.content_root, review_day(options.today))  # loaded before any fork
    printed: dict[tuple[str, str], bytes] = {}

    def keep(job: Job, pdfs: list[bytes]) -> None:
        for (edition, size), pdf in zip(job[4], pdfs, strict=True):
            printed[job[2], file_name(job[1], edition, size)] = pdf
        names = ", ".join(f"{edition} {size}" for edition, size in job[4])
        progress.step(f"pdf {job[2]} {job[1]} ({names})")

    for job, result in run_each(_print_group, jobs):
        keep(job, result())
    return printed
