"""The urgent-help box: when to call an emergency number or get help at once.

An author writes it as a directive with its heading, after a label that starts with
``urgent-`` (the box's stable ID)::

    (urgent-after-the-procedure)=
    ```{urgent} Call your emergency number now if you have
    - signs of a stroke ...
    ```

It is one node, :class:`urgent`, in every product: a marked callout on the site (written
here), a block of type ``urgent`` in the JSON and a box in the leaflets (both written by
the one :mod:`.writer`). Its heading and text are translated like any other paragraph.
"""

from __future__ import annotations

from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

__all__ = ["Urgent", "setup", "urgent"]


class urgent(nodes.Admonition, nodes.Element):
    """An urgent-help box: a heading (a ``title``) and what to do."""


class Urgent(SphinxDirective):
    """``{urgent} <heading>``: the heading says when to act; the content says how."""

    required_arguments = 1
    final_argument_whitespace = True
    has_content = True
    option_spec: ClassVar[dict[str, Any]] = {"class": directives.class_option}

    def run(self) -> list[nodes.Node]:
        source, line = self.get_source_info()
        box = urgent("\n".join(self.content), classes=["urgent", *self.options.get("class", [])])
        box.source, box.line = source, line
        words, messages = self.parse_inline(self.arguments[0], lineno=self.lineno)
        title = nodes.title(self.arguments[0], "", *words)
        title.source, title.line = source, line
        box += title
        box += messages
        self.state.nested_parse(self.content, self.content_offset, box)
        return [box]


def visit_urgent_html(translator: Any, node: urgent) -> None:
    translator.body.append(translator.starttag(node, "aside", CLASS="urgent"))


def depart_urgent_html(translator: Any, node: urgent) -> None:
    translator.body.append("</aside>\n")


def visit_urgent_text(translator: Any, node: urgent) -> None:
    translator.new_state(2)


def depart_urgent_text(translator: Any, node: urgent) -> None:
    translator.end_state()


def setup(app: Sphinx) -> None:
    app.add_node(
        urgent,
        html=(visit_urgent_html, depart_urgent_html),
        text=(visit_urgent_text, depart_urgent_text),
    )
    app.add_directive("urgent", Urgent)
