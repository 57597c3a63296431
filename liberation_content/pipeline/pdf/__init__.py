"""Print-ready PDF leaflets, composed from the JSON snippets by ID and branded per charity.

The whole pipeline of one leaflet::

    definition = load_definitions(content / "leaflets")["leaflet"]
    leaflet = compose(definition, "en", data_root)          # snippets by ID, one language
    pdf = LeafletPrinter().render(leaflet, EDITIONS["home"], "A5", load_brand(path))
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from liberation_content.errors import LiberationError

from ..options import BuildOptions
from ..staging import staged_output
from .brand import Brand, load_brand
from .compose import Leaflet, LeafletDefinition, compose, load_definitions
from .render import EDITIONS, Edition, LeafletPrinter

__all__ = [
    "EDITIONS",
    "Brand",
    "Edition",
    "Leaflet",
    "LeafletDefinition",
    "LeafletPrinter",
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


Job = tuple[Path, str, str, Path, tuple[tuple[str, str], ...], Path | None]


def _print_group(job: Job) -> list[bytes]:
    """Print, in a worker process, the editions of one leaflet that share a layout.

    Each worker loads fonts and templates once; editions printed from the same pages
    (a home A5 edition and its booklet) are laid out once.
    """
    global _WORKER_PRINTER  # noqa: PLW0603 - one printer per worker process
    leaflets, name, lang, data_root, editions, brand_path = job
    if _WORKER_PRINTER is None:
        _WORKER_PRINTER = LeafletPrinter(leaflets.parent)
    leaflet = compose(load_definitions(leaflets)[name], lang, data_root)
    brand = load_brand(brand_path)
    return [
        _WORKER_PRINTER.render(leaflet, EDITIONS[edition], size, brand)
        for edition, size in editions
    ]


def plan(definition: LeafletDefinition) -> list[list[tuple[str, str]]]:
    """The (edition, size) pairs ``nox -s pdf`` prints for a leaflet, grouped by layout:
    each group's PDFs are printed from the same laid-out pages."""
    groups: dict[tuple[str, float, float], list[tuple[str, str]]] = {}
    for edition in EDITIONS.values():
        size = (
            definition.default_size
            if definition.default_size in edition.sizes
            else edition.sizes[0]
        )
        layout = ("A5" if edition.imposed else size, edition.body_pt, edition.bleed_mm)
        groups.setdefault(layout, []).append((edition.name, size))
    return list(groups.values())


def build_pdfs(options: BuildOptions, lang: str) -> list[Path]:
    """Every leaflet in every edition for ``lang`` into ``build/pdf/<lang>/``.

    A leaflet whose snippets are not all published in ``lang`` is not made; the reason is
    printed. PDFs are printed in parallel processes, one per core. The folder is replaced
    only when every PDF was made.
    """
    from concurrent.futures import ProcessPoolExecutor  # noqa: PLC0415

    data_root = options.out / "json"
    if not (data_root / "index.json").is_file():
        msg = f"no JSON snippets in {data_root}; build the html or json product first"
        raise LiberationError(msg)
    leaflets = options.content_root / "leaflets"
    definitions = load_definitions(leaflets)
    load_brand(options.brand)  # a mistake in the brand file stops the build before printing
    from liberation_content.pipeline.interface import complete  # noqa: PLC0415

    if not complete(options.content_root, lang):
        print(
            f"note: no leaflets in '{lang}': the labels in interface.po are not all "
            "translated, and a leaflet never mixes two languages",
            file=sys.stderr,
        )
        definitions = {}
    jobs: list[Job] = []
    for name, definition in definitions.items():
        try:
            compose(definition, lang, data_root)
        except LiberationError as exc:
            print(f"note: no '{name}' leaflet in '{lang}': {exc}", file=sys.stderr)
            continue
        jobs.extend(
            (leaflets, name, lang, data_root, tuple(group), options.brand)
            for group in plan(definition)
        )
    final = options.out / "pdf" / lang
    workers = max(1, min(len(jobs), os.cpu_count() or 1))
    global _WORKER_PRINTER  # noqa: PLW0603 - loaded before the workers fork, they share it
    if _WORKER_PRINTER is None or _WORKER_PRINTER.content != options.content_root:
        _WORKER_PRINTER = LeafletPrinter(options.content_root)
    with staged_output(final) as staging:
        # Longest jobs first, so the last one to finish is a short one.
        ordered = sorted(jobs, key=lambda job: (job[1] != "article", -len(job[4])))
        with ProcessPoolExecutor(max_workers=workers) as pool:
            for job, pdfs in zip(ordered, pool.map(_print_group, ordered), strict=True):
                for (edition, size), pdf in zip(job[4], pdfs, strict=True):
                    (staging / file_name(job[1], edition, size)).write_bytes(pdf)
    return [final]
