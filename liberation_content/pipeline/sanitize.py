"""The allowlist every HTML string in the JSON passes through, whatever made it."""

from __future__ import annotations

import nh3

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
        "sub",
        "sup",
        "a",
        "span",
        "blockquote",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
    }
)
ALLOWED_ATTRIBUTES = {"a": {"href"}, "span": {"class"}}
_URL_SCHEMES = {"http", "https", "mailto"}


def clean_html(markup: str) -> str:
    """Keep only allowlisted tags and attributes; drop scripts, handlers, styles and unsafe URLs."""
    return nh3.clean(
        markup,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(_URL_SCHEMES),
        link_rel=None,
        strip_comments=True,
    )
