"""The build: check the inputs, then run each product asked for, in order.

Products are registered as callables in :data:`PRODUCTS`; each takes the shared
:class:`~.context.BuildRun` and returns the paths it wrote. This module stands on top:
it calls down into the products, and nothing below imports it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from liberation_content.errors import LiberationError
from liberation_content.files import output_lock
from liberation_content.model.languages import available_languages
from liberation_content.model.references import load_references
from liberation_content.model.sources import check_sources

from .context import BuildRun
from .fingerprints import BuildState
from .leaflets import prepare_printer, print_leaflets
from .options import BuildOptions
from .progress import Progress
from .site import build_sites

__all__ = ["PRODUCTS", "Product", "build"]


@dataclass(frozen=True)
class Product:
    """Something the build makes, and the names a person asks for it by."""

    name: str
    #: The names that ask for it on the command line (html and json are one Sphinx run).
    asked_as: tuple[str, ...]
    run: Callable[[BuildRun], list[Path]]
    help: str
    #: A product it is made from, brought up to date first (it builds only what changed).
    needs: str = ""
    #: Work that can be done before the product's turn, while earlier products wait on
    #: their workers.
    prepare: Callable[[BuildRun], object] | None = None


PRODUCTS: tuple[Product, ...] = (
    Product(
        "site",
        ("html", "json"),
        build_sites,
        "the HTML site, the JSON snippets and the composed leaflets of each language",
    ),
    Product(
        "leaflets",
        ("pdf",),
        print_leaflets,
        "every leaflet in every edition, as PDF",
        needs="site",
        prepare=prepare_printer,
    ),
)


def _chosen(asked: tuple[str, ...]) -> list[Product]:
    """The products to build, in order: those asked for (all if none), and what they need:
    leaflets are printed from the composed leaflets of the current content, never from an
    older build's."""
    names = [name for product in PRODUCTS for name in product.asked_as]
    unknown = [name for name in asked if name not in names]
    if unknown:
        msg = f"unknown product '{unknown[0]}'; choose from {', '.join(names)}"
        raise LiberationError(msg)
    wanted = {p.name for p in PRODUCTS if not asked or set(p.asked_as) & set(asked)}
    for product in reversed(PRODUCTS):
        if product.name in wanted and product.needs:
            wanted.add(product.needs)
    return [product for product in PRODUCTS if product.name in wanted]


def _languages(options: BuildOptions) -> tuple[tuple[str, ...], tuple[str, ...], list[str]]:
    """(the languages to build, every published language, notes on those not published
    yet), each asked-for language checked."""
    from liberation_content.i18n.catalogs import not_yet_published  # noqa: PLC0415

    every = tuple(available_languages(options.content))
    waiting = not_yet_published(options.content, every[1:])
    known = tuple(lang for lang in every if lang not in waiting)
    for lang in options.languages:
        if lang not in every:
            msg = (
                f"there is no '{lang}' translation. Available languages: "
                f"{', '.join(every)}. Add content/locales/{lang}/ to start one"
            )
            raise LiberationError(msg)
        if lang in waiting:
            raise LiberationError(waiting[lang])
    notes = [] if options.languages else [f"note: {why}" for why in waiting.values()]
    return options.languages or known, known, notes


def _check_output_folder(options: BuildOptions) -> None:
    """The output folder is a folder (or not made yet), and not inside the content."""
    out = options.out
    if out.exists() and not out.is_dir():
        msg = f"--out {out}: this is a file, not a folder. Give a folder to build into"
        raise LiberationError(msg)
    if out.resolve().is_relative_to(options.content.resolve()):
        msg = (
            f"--out {out}: this is inside the content folder {options.content}, whose files "
            "the build reads. Build into a folder outside it, such as build/"
        )
        raise LiberationError(msg)


def build(options: BuildOptions, products: tuple[str, ...] = ()) -> list[Path]:
    """Check the inputs, then build each product in each language; return what was written."""
    _check_output_folder(options)
    check_sources(options.content)
    languages, known, notes = _languages(options)
    load_references(options.content / "references.toml")
    chosen = _chosen(products)
    run = BuildRun(
        options=options,
        languages=languages,
        known=known,
        state=BuildState(options.out),
        progress=Progress(0, quiet=options.verbose),
    )
    for note in notes:
        run.progress.note(note)
    for product in chosen:
        if product.prepare is not None:
            run.preparations.append(functools.partial(product.prepare, run))
    written: list[Path] = []
    with output_lock(options.out):
        for product in chosen:
            written.extend(product.run(run))
    return written
