"""The day reviews are judged against, and the moment products are stamped with.

Both honour ``SOURCE_DATE_EPOCH``, so that a build can be repeated byte for byte.
"""

from __future__ import annotations

import datetime as dt
import os

__all__ = ["build_moment", "review_day"]


def _epoch() -> dt.datetime | None:
    value = os.environ.get("SOURCE_DATE_EPOCH", "")
    return dt.datetime.fromtimestamp(int(value), tz=dt.UTC) if value.isdigit() else None


def review_day(today: str = "") -> str:
    """The day (YYYY-MM-DD) review dates are judged against: ``today`` if given, else
    SOURCE_DATE_EPOCH, else the real date. The site, the leaflets and the decision of
    what to rebuild all use this one answer."""
    if today:
        return today
    moment = _epoch() or dt.datetime.now(tz=dt.UTC)
    return moment.date().isoformat()


def build_moment(otherwise: str = "") -> str:
    """When products are made, to the second: SOURCE_DATE_EPOCH if set, else ``otherwise``
    (a moment already taken, so that a set made together carries one date), else now."""
    epoch = _epoch()
    if epoch is not None:
        return epoch.isoformat()
    return otherwise or dt.datetime.now(tz=dt.UTC).replace(microsecond=0).isoformat()
