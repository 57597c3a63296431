"""The markup the snippet writer knows, as data: which docutils nodes are written as one
HTML element, which are not content at all, which are notes, how each one's plain text is
made, and how to name for an author the markup it has no rule for."""

from __future__ import annotations

from collections.abc import Callable

__all__ = ["ADMONITIONS", "ELEMENTS", "INVISIBLE", "WHAT", "blocks", "cells", "inline", "lines"]


# How a node's text is made from its children's texts.
def inline(parts: list[str]) -> str:
    return "".join(parts).strip()


def blocks(parts: list[str]) -> str:
    return "\n\n".join(p for p in parts if p)


def lines(parts: list[str]) -> str:
    return "\n".join(p for p in parts if p)


def cells(parts: list[str]) -> str:
    return " | ".join(p for p in parts)


#: Nodes written as one element around their children: node name -> (tag, text rule).
ELEMENTS: dict[str, tuple[str, Callable[[list[str]], str]]] = {
    "emphasis": ("em", inline),
    "strong": ("strong", inline),
    "literal": ("code", inline),
    "subscript": ("sub", inline),
    "superscript": ("sup", inline),
    "block_quote": ("blockquote", blocks),
    "thead": ("thead", lines),
    "tbody": ("tbody", lines),
    "row": ("tr", cells),
}

#: Nodes that are not content: targets, comments, messages Sphinx already reported, raw
#: markup (refused, with its line, when the page is read), and the site's own navigation.
INVISIBLE = (
    "target",
    "comment",
    "system_message",
    "substitution_definition",
    "raw",
    "colspec",
    "toctree",
    "back_link",
)

#: The admonitions MyST writes as ```{note}``` and so on.
ADMONITIONS = (
    "attention",
    "caution",
    "danger",
    "error",
    "hint",
    "important",
    "note",
    "tip",
    "warning",
    "seealso",
)


#: What an author wrote, for the markup the writer has no rule for.
WHAT = {
    "footnote_reference": "A footnote ([^1])",
    "footnote": "A footnote ([^1]: ...)",
    "math": "A formula",
    "math_block": "A formula",
    "definition_list": "A definition list",
    "line_block": "A line block",
    "figure": "A figure",
    "image": "An image",
    "rubric": "A rubric",
    "topic": "A topic box",
    "sidebar": "A sidebar",
    "download_reference": "A download link",
}
