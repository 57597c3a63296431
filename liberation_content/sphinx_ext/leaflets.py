"""Leaflets composed from the doctree, in the language being built.

After the site and snippets of a language are written, each leaflet definition is composed
from the same resolved doctrees: its blocks in order, written by the one :mod:`.writer`
with the leaflet's own citation numbers (:func:`.citations.citation_order` over what the
leaflet prints), its reference list, and its labels. The result is a
:class:`~liberation_content.model.leaflets.Leaflet` saved as JSON beside the snippets; the
printer reads nothing else. A leaflet whose blocks or labels are not all published in this
language is not composed: its file says why.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

from liberation_content.errors import LiberationError, did_you_mean
from liberation_content.files import write_json
from liberation_content.i18n.interface import LEAFLET_LABELS
from liberation_content.model import snippet
from liberation_content.model.ids import ITEM_TYPES
from liberation_content.model.leaflets import Leaflet, LeafletDefinition, load_definitions
from liberation_content.model.urls import printed_address
from liberation_content.model.versions import load_release

from .citations import bibliography, citation_order
from .codes import Code, in_file, report
from .collector import body, content_state, headline, page_summary
from .config import settings
from .gate import translation_state
from .snippets import Snippets, checklist_items, page_url, review_of
from .writer import Fragment, render

__all__ = ["Leaflets"]


@dataclass(frozen=True)
class _Piece:
    """One block of a leaflet, found in the doctree: a page or a labelled section."""

    id: str
    type: str
    docname: str
    title: str
    #: The page's title (a page's summary block is printed under it).
    page_title: str
    #: What a page prints: its labelled sections, as (ID, type, section node).
    sections: tuple[tuple[str, str, nodes.Element], ...]
    #: What a block prints: its section without the heading.
    body: tuple[nodes.Node, ...]

    @property
    def printed(self) -> list[nodes.Node]:
        """Everything printed of this piece, in reading order (for citation numbers)."""
        return [node for _, _, node in self.sections] + list(self.body)


class Leaflets:
    """Composes every leaflet definition once the snippets of a language are written."""

    def __init__(self, snippets: Snippets) -> None:
        self.snippets = snippets
        #: The released content version, read once for every leaflet of a build.
        self.version = "unreleased"

    def compose_all(self, app: Sphinx, exception: BaseException | None) -> None:
        config = settings(app.config)
        if exception is not None or not config.leaflet_outdir or not config.leaflets:
            return
        try:
            definitions = load_definitions(Path(config.leaflets))
        except LiberationError as exc:
            for problem in exc.problems:
                report(
                    Code.LEAFLET, problem.message, in_file(problem.path, problem.line), error=True
                )
            return
        self.version = _content_version(app)
        target = Path(config.leaflet_outdir)
        target.mkdir(parents=True, exist_ok=True)
        for name, definition in definitions.items():
            write_json(target / f"{name}.json", self.compose(app, definition))
        for old in target.glob("*.json"):
            if old.stem not in definitions:
                old.unlink()

    def _piece(self, app: Sphinx, definition: LeafletDefinition, block_id: str) -> _Piece | None:
        state = content_state(app.env)
        block = None if block_id in app.env.found_docs else state.block(block_id)
        docname = block.docname if block is not None else block_id
        if docname not in app.env.found_docs:
            declared = {label for labels in state.labels.values() for label, _ in labels}
            if block_id in declared:
                return None  # a label given twice, which is reported already
            known = [*state.meta, *(b.id for bs in state.blocks.values() for b in bs)]
            report(
                Code.LEAFLET,
                f"there is no page or block '{block_id}'.{did_you_mean(block_id, known)} "
                "Use the ID of a page or of a labelled section",
                in_file(definition.path, definition.blocks_line),
                error=True,
            )
            return None
        if docname not in state.meta:
            return None  # its front matter has a problem, which is reported already
        doctree = self.snippets.doctree(app, docname)
        page_title = headline(next(iter(doctree.findall(nodes.section))))
        if block is None:
            sections = tuple(
                (b.id, b.type, doctree.ids[b.id])
                for b in state.blocks.get(docname, ())
                if b.is_page_section
            )
            return _Piece(block_id, "page", docname, page_title, page_title, sections, ())
        section = doctree.ids[block.id]
        return _Piece(
            block.id, block.type, docname, headline(section), page_title, (), tuple(body(section))
        )

    def _held_back(self, app: Sphinx, definition: LeafletDefinition, pieces: list[_Piece]) -> str:
        """Why this leaflet cannot be printed in this language, or ''."""
        config = settings(app.config)
        lang = app.config.language or "en"
        for piece in pieces:
            status = translation_state(app.env, piece.docname)
            if status != "complete":
                new = content_state(app.env).untranslated.get(piece.docname)
                why = (
                    f"its English changed and has no translation yet: '{_shorten(new)}'; run "
                    f"nox -s i18n-extract, then nox -s i18n-update -- {lang}, and translate it"
                    if new
                    else f"translation {status}"
                )
                return (
                    f"{_in_content(app, definition.path)}: '{piece.id}' is not translated "
                    f"into '{lang}' yet ({why}), so this leaflet is not made in that "
                    "language: a leaflet never mixes two languages"
                )
        if not config.labels_complete:
            catalog = Path(app.srcdir) / "locales" / lang / "LC_MESSAGES" / "interface.po"
            return (
                f"the leaflet labels are not all translated into '{lang}' "
                f"({_in_content(app, catalog)}); a "
                "leaflet is printed only when everything on it is in one language"
            )
        return ""

    def compose(self, app: Sphinx, definition: LeafletDefinition) -> dict[str, Any]:
        """The composed leaflet as JSON, or a record of why it was not composed."""
        lang = app.config.language or "en"
        found = [self._piece(app, definition, i) for i in definition.blocks]
        title = self._piece(app, definition, definition.title_from)
        pieces = [p for p in found if p is not None]
        if title is None or len(pieces) != len(found):
            return {"printable": False, "name": definition.name, "lang": lang, "reason": ""}
        reason = self._held_back(app, definition, [*pieces, title])
        if reason:
            return {"printable": False, "name": definition.name, "lang": lang, "reason": reason}
        return self._leaflet(app, definition, pieces, title).as_json()

    def _leaflet(
        self, app: Sphinx, definition: LeafletDefinition, pieces: list[_Piece], title: _Piece
    ) -> Leaflet:
        config = settings(app.config)
        state = content_state(app.env)
        order = citation_order(node for piece in pieces for node in piece.printed)
        numbers = {key: number for number, key in enumerate(order, start=1)}
        refs = bibliography(app)
        metas = [state.meta[piece.docname] for piece in pieces]
        blocks = tuple(self._block(app, piece, numbers) for piece in pieces)
        heading, summary = self._title(app, title, numbers)
        return Leaflet(
            name=definition.name,
            layout=definition.layout,
            contents=definition.contents,
            max_pages=definition.max_pages,
            default_size=definition.default_size,
            lang=app.config.language or "en",
            title=heading,
            summary=summary,
            # (a placeholder address is never printed: see model.urls)
            url=printed_address(config.site_url, page_url(app, title.docname)),
            version=self.version,
            last_reviewed=min(m.last_reviewed for m in metas).isoformat(),
            review_due=min(m.next_review_due for m in metas).isoformat(),
            review=review_of(app, metas, app.config.language or "en"),
            blocks=blocks,
            # A leaflet prints the first three authors: the full list is online.
            references=tuple(
                {
                    "number": numbers[key],
                    **refs[key].as_json(),
                    "citation": refs[key].citation(authors_shown=3),
                }
                for key in order
                if key in refs
            ),
            labels={key: config.labels.get(text, text) for key, text in LEAFLET_LABELS.items()},
        )

    def _title(self, app: Sphinx, piece: _Piece, numbers: dict[str, int]) -> tuple[str, str]:
        """The leaflet's title and summary, from the page or block it takes them from."""
        if piece.type == "page":
            meta = content_state(app.env).meta[piece.docname]
            return piece.title, page_summary(self.snippets.doctree(app, piece.docname), meta)
        text = self._render(app, piece, list(piece.body), numbers).text
        return piece.title, snippet.first_sentence(text)

    def _render(
        self, app: Sphinx, piece: _Piece, children: list[nodes.Node], numbers: dict[str, int]
    ) -> Fragment:
        return render(
            children,
            page_url=page_url(app, piece.docname),
            numbers=numbers,
            heading_level=3,
            citation_href=lambda key: f"#ref-{key}",
        )

    def _block(self, app: Sphinx, piece: _Piece, numbers: dict[str, int]) -> dict[str, Any]:
        if piece.type == "page":
            sections = []
            for section_id, kind, node in piece.sections:
                markup = self._render(app, piece, body(node), numbers).html
                sections.append(
                    {"id": section_id, "type": kind, "headline": headline(node), "html": markup}
                )
            return {
                "id": piece.id,
                "type": "page",
                "title": piece.title,
                "sections": sections,
                "html": "".join(s["html"] for s in sections),
                "items": [],
            }
        return {
            "id": piece.id,
            "type": piece.type,
            # A page's summary block is printed under the page's own title.
            "title": piece.page_title if piece.id.endswith("-in-brief") else piece.title,
            "sections": [],
            "html": self._render(app, piece, list(piece.body), numbers).html,
            "items": self._items(app, piece, numbers),
        }

    def _items(self, app: Sphinx, piece: _Piece, numbers: dict[str, int]) -> list[dict[str, str]]:
        if piece.type not in ITEM_TYPES:
            return []
        return checklist_items(
            list(piece.body), lambda item: self._render(app, piece, item, numbers)
        )


def _content_version(app: Sphinx) -> str:
    """The released content version a leaflet prints ("unreleased" before the first)."""
    release = load_release(Path(app.srcdir))
    return release.version if release is not None else "unreleased"


def _shorten(text: str, words: int = 12) -> str:
    """The first words of a message, for a note."""
    parts = text.split()
    return " ".join(parts[:words]) + (" ..." if len(parts) > words else "")


def _in_content(app: Sphinx, path: Path) -> str:
    """A path as ``content/...``, the same on every machine (it is kept in the JSON)."""
    srcdir = Path(app.srcdir)
    try:
        return (Path(srcdir.name) / path.resolve().relative_to(srcdir.resolve())).as_posix()
    except ValueError:  # a leaflet folder outside the content (set by hand)
        return path.name
