"""What a reader is told about a page's review, the same on the site, in the JSON and on
the leaflets: a note on how far it was checked, who checked it, and when it was published
and is next reviewed, as a month and year in the reader's language.

The English texts here are interface messages (:mod:`liberation_content.i18n.interface`
lists them for translators); every product passes its own ``translate`` function.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from .languages import date_locale

__all__ = [
    "CHECKED_BY",
    "DATES",
    "MAINTAINERS",
    "NOBODY",
    "REVIEW_NOTES",
    "month",
    "review_record",
]

#: What each front matter ``review_status`` says to a reader, without any name.
REVIEW_NOTES = {
    "draft": "Not yet checked against its sources.",
    "editorial": "Checked against its sources. Not yet reviewed by a clinician.",
    "clinical": "Reviewed by a clinician.",
}
#: Who checked it: the front matter's ``reviewed_by``, kept apart from the note.
CHECKED_BY = "Checked by {who}."
#: The project's maintainers as reviewers: a name that is translated.
MAINTAINERS = "liberation-content maintainers"
#: Who checked a draft: nobody yet, in the reader's language.
NOBODY = "nobody yet"
#: The dates, as a reader says them.
DATES = "Published {published} · Next review {due}"


def month(day: dt.date, lang: str) -> str:
    """A month and year as the language writes it ("November 2026", "novembre 2026")."""
    from babel.dates import format_skeleton  # noqa: PLC0415 - the build's dependency

    return str(format_skeleton("yMMMM", day, locale=date_locale(lang)))


def review_record(
    status: str,
    reviewed_by: str,
    *,
    published: dt.date,
    due: dt.date,
    lang: str,
    translate: Callable[[str], str],
) -> dict[str, str]:
    """The review as a reader is told it, in ``lang`` (``translate`` gives a message's
    translation, or the English): the status and its note, who checked it, and the dates
    as ISO days and as words."""
    who = translate(reviewed_by)  # the maintainers and NOBODY are messages; a person is not
    published_text, due_text = month(published, lang), month(due, lang)
    return {
        "status": status,
        "note": translate(REVIEW_NOTES[status]),
        "by": who,
        "checked_by": translate(CHECKED_BY).replace("{who}", who),
        "published": published.isoformat(),
        "next_review": due.isoformat(),
        "dates": translate(DATES).replace("{published}", published_text).replace("{due}", due_text),
    }
