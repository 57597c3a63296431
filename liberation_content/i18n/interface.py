"""The words around the content: labels of the site and the leaflets, in each language.

They are translated like the pages: ``nox -s i18n-extract`` writes
``content/locales/templates/interface.pot`` from :data:`MESSAGES`, ``nox -s i18n-update``
merges it into each language's ``interface.po``. A label whose translation is missing or
fuzzy is shown in English on the site; a leaflet is printed in a language only when every
label is translated, so that no leaflet mixes two languages.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from liberation_content.model.review import CHECKED_BY, DATES, MAINTAINERS, NOBODY, REVIEW_NOTES

__all__ = [
    "ABOUT_PROCEDURE",
    "BACK_TO_TEXT",
    "CITATION_LINK",
    "ENGLISH",
    "HELD_BACK_NOTICE",
    "LEAFLET_LABELS",
    "MESSAGES",
    "Labels",
    "fill",
    "labels",
    "template",
]

#: The notice on a page shown in English because its translation is held back.
HELD_BACK_NOTICE = (
    "This page is being translated. Until the translation is complete and checked, it is "
    "shown in English."
)

#: What every page is about, as search engines are told it (its JSON-LD).
ABOUT_PROCEDURE = (
    "Venous angioplasty for chronic cerebrospinal venous insufficiency (the liberation procedure)"
)

#: What a screen reader says for a citation number: "Reference 1: Zamboni 2009".
CITATION_LINK = "Reference {number}: {source}"

#: What a screen reader says for the link from a reference back to where it is cited.
BACK_TO_TEXT = "Back to the text"

#: Every interface message: its symbolic ID (the msgctxt of its catalog entry, which tools
#: show translators), its English, and a note for translators saying where it appears.
MESSAGES: tuple[tuple[str, str, str], ...] = (
    ("site.skip", "Skip to main content", "Site: first link on every page, for keyboard users."),
    ("site.languages", "Languages", "Site: label of the language switcher."),
    (
        "site.search",
        "Search",
        "Site: label of the search box at the top of each page; the search page's title and "
        "its button.",
    ),
    ("site.search-go", "Go", "Site: button that starts a search."),
    (
        "site.all-pages",
        "All pages",
        "Site: label of the list of every page, and of the control that opens it on a phone.",
    ),
    ("site.home", "Home", "Site: link to the first page."),
    ("search.words", "Words to look for", "Search page: label of the search box."),
    (
        "search.found",
        "Pages found for “{query}”: {count}",
        "Search page: said when a search found pages. Keep {query} and {count} as they are: "
        "they become the words searched for and the number of pages (a number from 1 up, "
        "written in digits). Use your language's quotation marks.",
    ),
    (
        "search.none",
        "No pages found for “{query}”. Try another word, or choose a page from the list of all "
        "pages.",
        "Search page: said when a search found nothing. Keep {query} as it is: it becomes the "
        "words searched for. Use your language's quotation marks.",
    ),
    (
        "search.empty",
        "Type one or more words to look for.",
        "Search page: said when the search box was sent empty.",
    ),
    (
        "search.unavailable",
        "Search cannot start here. It works when the site is opened from its web address, "
        "not from a file on this device. Choose a page from the list of all pages instead.",
        "Search page: said when the search could not be loaded, such as when the site is "
        "opened from files on a computer.",
    ),
    (
        "search.needs-scripts",
        "Search needs JavaScript, which is turned off or not available in this browser. Here "
        "is the list of all pages instead.",
        "Search page: shown to browsers that do not run JavaScript, above the list of every page.",
    ),
    ("site.about-page", "About this page", "Site: label of the box with review dates and version."),
    (
        "site.previous-next",
        "Previous and next page",
        "Site: label of the links at the foot of a page.",
    ),
    ("site.previous", "Previous", "Site: link to the page before this one."),
    (
        "site.about-procedure",
        ABOUT_PROCEDURE,
        "Site: not shown on the page; search engines read it as what the page is about.",
    ),
    (
        "site.not-found",
        "Page not found",
        "Site: title of the page shown for an address where there is no page.",
    ),
    (
        "site.not-found-text",
        "There is no page at this address. It may have moved, or the address may have a "
        "mistake in it. Start again from the home page, or choose a page from the list.",
        "Site: text of the page shown for an address where there is no page.",
    ),
    ("site.next", "Next", "Site: link to the page after this one."),
    (
        "site.not-advice",
        "This is general information, not medical advice for you. Talk to your MS team "
        "before you change your care.",
        "Site: footer of every page.",
    ),
    ("site.content-version", "Content version", "Site: version number of the content."),
    (
        "site.licence",
        "Text by liberation-content contributors, licensed CC BY 4.0.",
        "Site: last line of every page. Keep 'liberation-content' and 'CC BY 4.0' as they are.",
    ),
    (
        "site.overdue",
        "This page was due for review on {date}. Some of it may be out of date. Check with "
        "your MS team before you act on it.",
        "Site: keep {date} as it is; it becomes a date.",
    ),
    (
        "review.draft",
        REVIEW_NOTES["draft"],
        "Site, JSON and leaflets: review status of a page nobody has checked.",
    ),
    (
        "review.editorial",
        REVIEW_NOTES["editorial"],
        "Site, JSON and leaflets: review status of a page checked against its sources by the "
        "project, but not by a doctor or nurse.",
    ),
    (
        "review.clinical",
        REVIEW_NOTES["clinical"],
        "Site, JSON and leaflets: review status of a page a clinician reviewed.",
    ),
    (
        "review.checked-by",
        CHECKED_BY,
        "Site, JSON and leaflets: keep {who} as it is; it becomes a name.",
    ),
    (
        "review.maintainers",
        MAINTAINERS,
        "Site, JSON and leaflets: the people who checked the pages, as a name.",
    ),
    (
        "review.nobody",
        NOBODY,
        "Site, JSON and leaflets: who checked a page that nobody has checked yet, put in "
        "the place of {who} in 'Checked by {who}.'",
    ),
    (
        "review.dates",
        DATES,
        "Site and leaflets: keep {published} and {due} as they are; each becomes a month and "
        "year, such as 'November 2026'.",
    ),
    (
        "site.held-back",
        HELD_BACK_NOTICE,
        "Site: notice above a page shown in English because its translation into your "
        "language is not complete, or its English changed since it was translated.",
    ),
    ("site.translation", "Translation", "Site: label before who translated the page."),
    (
        "site.translation-machine",
        "Machine-assisted translation by {who}. Not yet reviewed by a native-speaking "
        "health professional.",
        "Site: keep {who} as it is; it becomes a name.",
    ),
    (
        "site.translation-reviewed",
        "Translated by {who}. Reviewed by {reviewer}, a native-speaking health professional.",
        "Site: keep {who} and {reviewer} as they are; they become names.",
    ),
    ("site.translated-by", "Translated by {who}.", "Site: keep {who} as it is; it becomes a name."),
    ("references", "References", "Site and leaflets: heading of the list of sources."),
    (
        "site.citation",
        CITATION_LINK,
        "Site: what a screen reader says for a citation number in the text. Keep {number} "
        "and {source} as they are: they become the source's number in the list of "
        "references, and its first author and year, such as 'Zamboni 2009'.",
    ),
    (
        "site.back-to-text",
        BACK_TO_TEXT,
        "Site: what a screen reader says for the arrow after each reference in the list, a "
        "link back to the first place the page cites it.",
    ),
    (
        "site.about-information",
        "About this information",
        "Site: link at the foot of every page to the page that says who writes this "
        "information, how it is checked, how to report a problem with it, and its licence.",
    ),
    (
        "site.printed-on",
        "Printed on {date}.",
        "Site: only on a printed page. Keep {date} as it is; it becomes the day it was printed.",
    ),
    (
        "site.api",
        "This information as data for apps",
        "Site: footer link to the page that explains the JSON for app developers (in English).",
    ),
    (
        "site.print-address",
        "The latest version of this page is online at:",
        "Site: printed only (never shown on screen), before the web address of the page.",
    ),
    (
        "leaflet.neutral-contact",
        "For advice about your own care, talk to your MS nurse, neurologist or GP. A national "
        "or local MS charity can also listen and help you find support.",
        "Leaflets: the contact text of the neutral brand, printed when a charity gives no "
        "brand file of its own.",
    ),
    ("leaflet.version", "Version", "Leaflets: footer, before the version number."),
    (
        "leaflet.page-of",
        "Page {page} of {pages}",
        "Leaflets: footer of every page. Keep {page} and {pages} as they are, in the order "
        "your language needs: they become 'this page's number' and 'how many pages'.",
    ),
    ("leaflet.contents", "Contents", "Leaflets: heading of the contents list."),
    (
        "leaflet.duplex",
        "To make the booklet: print on both sides, flipping on the short edge, then fold "
        "the sheets in half.",
        "Leaflets: printed at the top of each sheet of a booklet, for the person printing it.",
    ),
    (
        "leaflet.source",
        "Source {number}",
        "Leaflets: what a screen reader says of a citation link; keep {number} as it is, "
        "it becomes the number of the source in the list of references.",
    ),
    ("leaflet.contact", "Support and contact", "Leaflets: heading of the charity's contact box."),
    ("leaflet.helpline", "Helpline", "Leaflets: label before the phone number."),
    ("leaflet.email", "Email", "Leaflets: label before the email address."),
    ("leaflet.website", "Website", "Leaflets: label before the web address."),
    (
        "leaflet.online",
        "Read this online, with every source:",
        "Leaflets: before the web address and QR code.",
    ),
    (
        "leaflet.qr-alt",
        "QR code: a link to this information online",
        "Leaflets: alternative text of the QR code.",
    ),
    (
        "leaflet.licence",
        "This information is licensed CC BY 4.0 by liberation-content contributors. It is "
        "general information, not medical advice for you.",
        "Leaflets: last line. Keep 'CC BY 4.0' and 'liberation-content' as they are.",
    ),
    (
        "leaflet.overdue",
        "The review of this information is overdue. Check with your MS team before you act on it.",
        "Leaflets: notice when the review date has passed.",
    ),
)


#: The English of each message, by its symbolic ID.
ENGLISH: dict[str, str] = {ident: message for ident, message, _ in MESSAGES}

#: The leaflets' interface text, by the name the leaflet template uses for it.
LEAFLET_LABELS: dict[str, str] = {
    key: ENGLISH[ident]
    for key, ident in (
        ("version", "leaflet.version"),
        ("dates", "review.dates"),
        ("checked_by", "review.checked-by"),
        ("page_of", "leaflet.page-of"),
        ("contents", "leaflet.contents"),
        ("duplex", "leaflet.duplex"),
        ("source", "leaflet.source"),
        ("contact", "leaflet.contact"),
        ("helpline", "leaflet.helpline"),
        ("email", "leaflet.email"),
        ("website", "leaflet.website"),
        ("online", "leaflet.online"),
        ("qr_alt", "leaflet.qr-alt"),
        ("references", "references"),
        ("licence", "leaflet.licence"),
        ("overdue", "leaflet.overdue"),
        # The neutral brand's contact text: a charity's own text is printed as written.
        ("neutral_contact", "leaflet.neutral-contact"),
    )
}


def template() -> object:
    """The interface messages as a Babel catalog (the POT)."""
    from babel.messages.catalog import Catalog  # noqa: PLC0415

    catalog = Catalog(project="liberation-content", fuzzy=False)
    for ident, message, note in MESSAGES:
        added = catalog.add(
            message, context=ident, auto_comments=[note], locations=[("interface", 0)]
        )
        # A label is text, not a Python format string, whatever its braces look like.
        added.flags.discard("python-format")
        added.flags.discard("python-brace-format")
    return catalog


def _catalog(content: Path, lang: str) -> dict[str, str]:
    from babel.messages.pofile import read_po  # noqa: PLC0415

    po = content / "locales" / lang / "LC_MESSAGES" / "interface.po"
    if lang == "en" or not po.is_file():
        return {}
    from babel.messages.pofile import PoFileError  # noqa: PLC0415

    try:
        with po.open("rb") as handle:
            catalog = read_po(handle)
    except (PoFileError, LookupError, ValueError):
        return {}  # English labels; the build reports the file with its line
    from .checks import check_entry  # noqa: PLC0415

    # A label that fails a check (a lost placeholder, HTML) is left out: English shows.
    return {
        str(message.id): str(message.string)
        for message in catalog
        if message.id
        and message.string
        and not message.fuzzy
        and not check_entry(str(message.id), str(message.string))
    }


class Labels(NamedTuple):
    """The interface messages in one language, from one read of its catalog."""

    #: English message -> its translation; a label that is missing, fuzzy or fails a check
    #: is English.
    text: dict[str, str]
    #: Whether every message is translated and passes the checks (always, for English).
    complete: bool


def labels(content: Path, lang: str) -> Labels:
    """The interface messages in ``lang`` (:class:`Labels`)."""
    found = _catalog(content, lang)
    every = {message for _, message, _ in MESSAGES}
    return Labels(
        {message: found.get(message, message) for _, message, _ in MESSAGES},
        lang == "en" or set(found) >= every,
    )


def fill(label: str, **values: str) -> str:
    """Put names and dates into a label's ``{placeholders}``; other braces stay as they are."""
    for name, value in values.items():
        label = label.replace("{" + name + "}", value)
    return label
