"""The allowlist every HTML string in the JSON and the leaflets passes through, whatever
made it."""

from __future__ import annotations

import nh3

from .urls import SAFE_SCHEMES

__all__ = ["ALLOWED_ATTRIBUTES", "ALLOWED_TAGS", "clean_html"]

ALLOWED_TAGS = frozenset(
    {
        "p",
        "ul",
        "ol",
        "li",
        "em",
        "strong",
        "code",
        "pre",
        "sub",
        "sup",
        "a",
        "span",
        "blockquote",
        "aside",
        "hr",
        "table",
        "caption",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
    }
)
ALLOWED_ATTRIBUTES = {
    "a": {"href"},
    "span": {"class", "lang", "dir"},
    "aside": {"class"},
    "p": {"class"},
}


def clean_html(markup: str) -> str:
    """Keep only allowlisted tags and attributes; drop scripts, handlers, styles and unsafe URLs."""
    return nh3.clean(
        markup,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(SAFE_SCHEMES),
        link_rel=None,
        strip_comments=True,
    )
