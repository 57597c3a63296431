"""Front matter: validated before MyST parses a page, then shown as the page's summary, and
the review dates checked on every build."""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.transforms import SphinxTransform

from liberation_content.model.dates import review_day
from liberation_content.model.frontmatter import parse_front_matter, split_front_matter

from .citations import bibliography, references_path
from .codes import Code, report
from .collector import content_state
from .config import settings

__all__ = ["InsertSummary", "setup"]


def read_front_matter(app: Sphinx, docname: str, source: list[str]) -> None:
    """Validate the page's front matter, keep it, and blank it out for MyST.

    The lines are replaced by empty lines, so every line number MyST reports stays true.
    """
    env = app.env
    path = env.doc2path(docname)
    env.note_dependency(str(references_path(app)))
    meta, problems = parse_front_matter(source[0], path, docname, bibliography(app))
    for problem in problems:
        report(Code.METADATA, problem.message, (docname, problem.line), error=True)
    if meta is not None:
        content_state(env).meta[docname] = meta
    if meta is not None:
        end = meta.end_line
    else:  # a broken front matter is blanked out too, so MyST reports nothing twice
        found = split_front_matter(source[0])
        end = found[1] if found is not None else 0
    if end:
        lines = source[0].split("\n")
        source[0] = "\n" * end + "\n".join(lines[end:])


class InsertSummary(SphinxTransform):
    """Check the page heading against the front matter title, and show the summary.

    Runs before Sphinx's translation transform, so the summary is extracted for
    translators and translated like any other paragraph.
    """

    default_priority = 15

    def apply(self, **kwargs: Any) -> None:
        docname = self.env.docname
        meta = content_state(self.env).meta.get(docname)
        sections = [n for n in self.document.children if isinstance(n, nodes.section)]
        if len(sections) != 1:
            report(
                Code.METADATA,
                f"a page needs exactly one '# Title' heading, found "
                f"{len(sections)}. Make the other top-level headings '##'",
                (docname, 1),
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
                (docname, title.line or meta.lines.get("title")),
                error=True,
            )
        summary = nodes.paragraph(meta.summary, meta.summary, classes=["page-summary"])
        summary.source = str(self.env.doc2path(docname))
        summary.line = meta.lines.get("summary")
        index = sections[0].index(title) + 1 if title is not None else 0
        sections[0].insert(index, summary)


def warn_overdue(app: Sphinx, env: BuildEnvironment) -> None:
    """Every build, name each page whose review date has passed."""
    import datetime as dt  # noqa: PLC0415

    day = dt.date.fromisoformat(review_day(settings(app.config).today))
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


def setup(app: Sphinx) -> None:
    app.connect("source-read", read_front_matter)
    app.add_transform(InsertSummary)
    app.connect("env-check-consistency", warn_overdue)
