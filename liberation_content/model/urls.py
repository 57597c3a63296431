"""Which link addresses may reach a product: the one allowlist of URL schemes."""

from __future__ import annotations

from urllib.parse import urlsplit

__all__ = ["SAFE_SCHEMES", "WEB_SCHEMES", "is_safe_url", "is_web_address", "refused_link"]

#: Schemes a link in content, a snippet or a leaflet may use.
SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
#: Schemes of a web address (a charity's website, the site's own address).
WEB_SCHEMES = frozenset({"http", "https"})


def is_safe_url(url: str) -> bool:
    """True for http(s) and mailto addresses and for relative links; false for the rest
    (``javascript:``, ``data:``, ``file:``, protocol-relative ``//host`` ...)."""
    address = url.strip()
    scheme = urlsplit(address).scheme.lower()
    return scheme in SAFE_SCHEMES or (scheme == "" and not address.startswith("//"))


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
