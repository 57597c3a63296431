"""Front matter: validated before MyST parses a page, then shown as the page's summary."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.transforms import SphinxTransform

from liberation_content.errors import LiberationError
from liberation_content.pipeline.frontmatter import parse_front_matter
from liberation_content.pipeline.references import Reference, load_references

from .state import Code, content_state, report, today


def references_path(app: Any) -> Path:
    configured = app.config.liberation_references
    return Path(configured) if configured else Path(app.srcdir) / "references.toml"


def references(app: Any) -> dict[str, Reference]:
    """The bibliography, read once per build."""
    if not hasattr(app, "liberation_references"):
        path = references_path(app)
        try:
            app.liberation_references = load_references(path)
        except FileNotFoundError:
            report(
                Code.CITATION,
                f"no bibliography at {path}; create it (see the authoring "
                "guide) or set liberation_references",
                None,
                error=True,
            )
            app.liberation_references = {}
        except LiberationError as exc:
            for problem in exc.problems or ():
                report(Code.CITATION, problem.message, (str(path), problem.line), error=True)
            if not exc.problems:
                report(Code.CITATION, str(exc), None, error=True)
            app.liberation_references = {}
    found: dict[str, Reference] = app.liberation_references
    return found


def read_front_matter(app: Any, docname: str, source: list[str]) -> None:
    """Validate the page's front matter, keep it, and blank it out for MyST.

    The lines are replaced by empty lines, so every line number MyST reports stays true.
    """
    env = app.env
    path = env.doc2path(docname)
    env.note_dependency(str(references_path(app)))
    meta, problems = parse_front_matter(source[0], path, docname, references(app))
    for problem in problems:
        report(Code.METADATA, problem.message, (docname, problem.line), error=True)
    if meta is not None:
        content_state(env).meta[docname] = meta
    lines = source[0].split("\n")
    end = meta.end_line if meta is not None else _closing_line(lines)
    if end:
        source[0] = "\n" * end + "\n".join(lines[end:])


def _closing_line(lines: list[str]) -> int:
    if not lines or lines[0].strip() != "---":
        return 0
    for number, line in enumerate(lines[1:], start=2):
        if line.strip() == "---":
            return number
    return 0


class InsertSummary(SphinxTransform):
    """Check the page heading against the front matter title, and show the summary.

    Runs before Sphinx's translation transform, so the summary is extracted for
    translators and translated like any other paragraph.
    """

    default_priority = 15

    def apply(self, **kwargs: Any) -> None:
        meta = content_state(self.env).meta.get(self.env.docname)
        sections = [n for n in self.document.children if isinstance(n, nodes.section)]
        if len(sections) != 1:
            report(
                Code.METADATA,
                f"a page needs exactly one '# Title' heading, found "
                f"{len(sections)}. Make the other top-level headings '##'",
                (self.env.docname, 1),
                error=True,
            )
        if meta is None or not sections:
            return
        title = sections[0].next_node(nodes.title)
        if title is not None and title.astext() != meta.title:
            report(
                Code.METADATA,
                f"the heading '{title.astext()}' differs from the front "
                f"matter title '{meta.title}'. Make them the same",
                (self.env.docname, title.line or meta.lines.get("title")),
                error=True,
            )
        summary = nodes.paragraph(meta.summary, meta.summary, classes=["page-summary"])
        summary.source = str(self.env.doc2path(self.env.docname))
        summary.line = meta.lines.get("summary")
        index = sections[0].index(title) + 1 if title is not None else 0
        sections[0].insert(index, summary)


def warn_overdue(app: Any, env: Any) -> None:
    """Every build, name each page whose review date has passed."""
    day = today(app.config)
    for docname, meta in sorted(content_state(env).meta.items()):
        if meta.is_overdue(day):
            report(
                Code.REVIEW_OVERDUE,
                f"the review of this page was due on "
                f"{meta.next_review_due} and is overdue. Review the page, then update "
                "last_reviewed and next_review_due; until then every product shows "
                "that the review is overdue",
                (docname, meta.lines.get("next_review_due")),
            )


def setup(app: Any) -> None:
    app.connect("source-read", read_front_matter)
    app.add_transform(InsertSummary)
    app.connect("env-check-consistency", warn_overdue)
