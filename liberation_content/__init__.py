"""Patient information about the liberation procedure (CCSVI venous angioplasty) for MS.

The runtime API reads the JSON snippets shipped in the package; it uses only the standard
library::

    import liberation_content as lc

    lc.languages()                       # ['en', ...]
    lc.ids(type="faq")                   # ['faq-can-it-cure-ms', ...]
    snippet = lc.get("key-facts", lang="en")
    snippet.html, snippet.text, snippet.review_due
"""

from liberation_content._snippets import (
    FaqEntry,
    Item,
    Reference,
    Section,
    Snippet,
    get,
    ids,
    languages,
    manifest,
    where,
)
from liberation_content._version import __version__
from liberation_content.errors import LiberationError, UnknownLanguageError, UnknownSnippetError

__all__ = [
    "FaqEntry",
    "Item",
    "LiberationError",
    "Reference",
    "Section",
    "Snippet",
    "UnknownLanguageError",
    "UnknownSnippetError",
    "__version__",
    "get",
    "ids",
    "languages",
    "manifest",
    "where",
]
