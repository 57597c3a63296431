"""Which link addresses may reach a product: the one allowlist of URL schemes."""

from __future__ import annotations

import html
import re
from urllib.parse import urlsplit

__all__ = [
    "SAFE_SCHEMES",
    "WEB_SCHEMES",
    "is_safe_url",
    "is_web_address",
    "printed_address",
    "refused_link",
    "site_is_set",
    "unsafe_in_json",
    "unsafe_links",
]

#: Schemes a link in content, a snippet or a leaflet may use.
SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
#: Schemes of a web address (a charity's website, the site's own address).
WEB_SCHEMES = frozenset({"http", "https"})


def site_is_set(site_url: str) -> bool:
    """Whether the site's address was set: only then are absolute addresses (canonical
    links, sitemaps, the JSON's addresses, what is printed) made from it."""
    return is_web_address(site_url)


def printed_address(site_url: str, url: str) -> str:
    """``url`` (an address on the site at ``site_url``) if it may be printed, else ''
    (the site's address was not set: a relative address means nothing on paper)."""
    return url if site_is_set(site_url) else ""


def is_safe_url(url: str) -> bool:
    """True for http(s) and mailto addresses and for relative links; false for the rest
    (``javascript:``, ``data:``, ``file:``, protocol-relative ``//host`` ...)."""
    # As a browser reads it: entities decoded, and whitespace and control characters,
    # which it skips inside a scheme ("java&#9;script:"), taken out.
    address = re.sub(r"[\x00-\x20\x7f]", "", html.unescape(url))
    scheme = urlsplit(address).scheme.lower()
    return scheme in SAFE_SCHEMES or (scheme == "" and not address.startswith(("//", "\\")))


def is_web_address(url: str) -> bool:
    """True for an absolute http(s) address with a host, such as ``https://example.org``."""
    parts = urlsplit(url.strip())
    return parts.scheme.lower() in WEB_SCHEMES and bool(parts.netloc)


def refused_link(url: str) -> str:
    """What to tell an author whose link address is not allowed."""
    return (
        f"the link address '{url[:60]}' is not allowed. Use an https:// (or mailto:) "
        "address, or a link to another page"
    )


#: An attribute of a written page that a browser follows or loads.
_FOLLOWED = re.compile(
    r"""\s(?:href|src|action|formaction|poster|cite|data|srcset)\s*=\s*(?:"([^"]*)"|'([^']*)')""",
    re.IGNORECASE,
)
_REFRESH = re.compile(r"""<meta[^>]+http-equiv\s*=\s*["']?refresh""", re.IGNORECASE)
#: A meta tag whose content is an address a sharing service or a browser follows
#: (``og:url``, ``og:image``, ``twitter:image`` ...).
_META_ADDRESS = re.compile(
    r"""<meta\s(?=[^>]*\b(?:property|name)\s*=\s*["'][^"']*(?:url|image)[^"']*["'])"""
    r"""[^>]*\bcontent\s*=\s*(?:"([^"]*)"|'([^']*)')""",
    re.IGNORECASE,
)
_JSON_LD = re.compile(
    r"""<script[^>]*type\s*=\s*["']application/ld\+json["'][^>]*>(.*?)</script>""",
    re.IGNORECASE | re.DOTALL,
)
#: The keys of a JSON document whose text is an address or HTML.
_ADDRESS_KEYS = frozenset(
    {"url", "originalUrl", "baseUrl", "@id", "sameAs", "image", "logo", "href"}
)


def unsafe_in_json(value: object) -> list[str]:
    """The addresses in a JSON document (a snippet, JSON-LD) that are not allowed: every
    address-valued key (``url``, ``@id`` ...) and every link in an ``*html`` text."""
    if isinstance(value, list):
        return [link for item in value for link in unsafe_in_json(item)]
    if not isinstance(value, dict):
        return []
    found: list[str] = []
    for key, item in value.items():
        if isinstance(item, str):
            if key in _ADDRESS_KEYS and not is_safe_url(item):
                found.append(item)
            elif key.lower().endswith("html"):
                found += unsafe_links(item)
        else:
            found += unsafe_in_json(item)
    return found


def unsafe_links(page: str) -> list[str]:
    """The addresses in a written HTML page that a reader's browser (or a service it is
    shared with) would follow or load and that are not allowed (a script, a data
    address ...), in attributes, address meta tags and JSON-LD, and any redirecting meta
    tag: what the last check before publishing looks for."""
    import json  # noqa: PLC0415

    found = [
        value
        for pattern in (_FOLLOWED, _META_ADDRESS)
        for match in pattern.finditer(page)
        for value in [match.group(1) if match.group(1) is not None else match.group(2)]
        if value and not is_safe_url(value)
    ]
    for block in _JSON_LD.findall(page):
        try:
            found += unsafe_in_json(json.loads(block))
        except ValueError:
            found.append("<script type=application/ld+json> that is not JSON")
    if _REFRESH.search(page):
        found.append("<meta http-equiv=refresh>")
    return found
