"""Patient information about the liberation procedure (CCSVI venous angioplasty) for MS.

The runtime API reads prebuilt JSON snippets; it uses only the standard library::

    import liberation_content as lc

    lc.languages()                       # ['en', ...]
    lc.ids(type="faq")                   # ['faq-can-it-cure-ms', ...]
    snippet = lc.get("key-facts", lang="fr-FR", fallback=True)
    snippet.html, snippet.text, snippet.review_due, snippet.is_fallback

    store = lc.SnippetStore("build/json")   # any folder of snippet JSON
    store.get("key-facts", lang="fr")
"""

from liberation_content._version import __version__
from liberation_content.api import (
    DATA_VARIABLE,
    FaqEntry,
    Item,
    Reference,
    Section,
    Snippet,
    SnippetStore,
    SnippetType,
    TranslationStatus,
    default_store,
    get,
    ids,
    languages,
    manifest,
    match_language,
    where,
)
from liberation_content.errors import (
    LiberationError,
    UnknownLanguageError,
    UnknownSnippetError,
    UnknownTypeError,
)

__all__ = [
    "DATA_VARIABLE",
    "FaqEntry",
    "Item",
    "LiberationError",
    "Reference",
    "Section",
    "Snippet",
    "SnippetStore",
    "SnippetType",
    "TranslationStatus",
    "UnknownLanguageError",
    "UnknownSnippetError",
    "UnknownTypeError",
    "__version__",
    "default_store",
    "get",
    "ids",
    "languages",
    "manifest",
    "match_language",
    "where",
]
