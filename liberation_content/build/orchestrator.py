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

from liberation_content.errors import LiberationError, Problem
from liberation_content.files import LOCK_FILE, output_error, output_lock, recover
from liberation_content.model.languages import available_languages
from liberation_content.model.references import load_references
from liberation_content.model.snippet import API_PATH, LEGACY_API_PATHS
from liberation_content.model.sources import check_sources

from .context import BuildRun
from .fingerprints import STATE_FILE, BuildState
from .hosting import ROOT_FILES
from .leaflets import prepare_printer, print_leaflets
from .options import BuildOptions
from .progress import Progress
from .site import build_sites, outputs

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
    """The output folder is a folder (or not made yet), not inside the content, and one a
    build made (or empty)."""
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
    if out.is_dir() and not (out / STATE_FILE).is_file():
        # A preview keeps its own output folder inside (locked like this one).
        others = sorted(
            p.name for p in out.iterdir() if p.name != LOCK_FILE and not (p / LOCK_FILE).exists()
        )
        if others:
            msg = (
                f"--out {out}: this folder is not empty ({', '.join(others[:3])}) and no build "
                f"has written into it (it has no {STATE_FILE}); a build replaces whole "
                "folders inside its output folder. Build into a new or empty folder"
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
    try:
        with output_lock(options.out):
            _take_output_folder(run)
            for product in chosen:
                written.extend(product.run(run))
    except OSError as exc:
        raise output_error(exc, options.out) from None
    return written


def _take_output_folder(run: BuildRun) -> None:
    """Make the output folder ready: finish what a killed build left half done, refuse a
    folder the build did not make and files it did not write where it would replace them,
    and start the build's record in a new folder."""
    out = run.options.out
    finished = recover(out)
    for name in finished:
        run.progress.note(f"note: {name} swapped in, as a build that was stopped began")
    if finished:
        # The record swapped in names the files of the outputs swapped in with it.
        run.state = BuildState(out)
    state = run.state
    if not state.path.is_file():
        state.save()  # the record, before anything else is written
    folders = [out / "html" / api for api in (API_PATH, *LEGACY_API_PATHS)]
    folders += [folder for lang in run.languages for folder in outputs(run.options, lang)]
    if state.files is None:  # a record from before files were recorded: what is there is ours
        for folder in [*folders, *(f for lang in run.known for f in outputs(run.options, lang))]:
            if folder.is_dir():
                state.own(folder, folder)
        state.own(out / "html", [n for n in ROOT_FILES if (out / "html" / n).is_file()])
    foreign = [path for folder in folders for path in state.foreign(folder)]
    foreign += state.foreign(out / "html", ROOT_FILES)
    if foreign:
        problems = tuple(
            Problem(path, "no build wrote this file, and a build replaces the folder it is in")
            for path in foreign[:10]
        )
        msg = (
            f"{len(foreign)} file{'s' if len(foreign) > 1 else ''} in {out} would be deleted; "
            "move them out of the output folder, then build again. Nothing was built"
        )
        raise LiberationError(msg, problems)
