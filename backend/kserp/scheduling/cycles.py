"""Billing cycles as dates (pure functions; docs/workspace.md).

A cycle closes on `close_day`: WEEKLY every week on ISO weekday `close_day` (1 Monday .. 7 Sunday);
FORTNIGHTLY on that weekday every other week, counted from the week of `FORTNIGHT_EPOCH` (so every
client on the same weekday closes on the same dates); MONTHLY on day `close_day` of each month, or
the month's last day when it is shorter. A period ends on its closing day, inclusive.
"""

from __future__ import annotations

import calendar
import datetime as dt

#: A Monday: fortnights start on it and every 14 days from it.
FORTNIGHT_EPOCH = dt.date(2024, 1, 1)


def _monthly(year: int, month: int, close_day: int) -> dt.date:
    return dt.date(year, month, min(close_day, calendar.monthrange(year, month)[1]))


def last_close(cycle: str, close_day: int, today: dt.date) -> dt.date:
    """The latest closing day on or before `today`."""
    if cycle == "MONTHLY":
        this_month = _monthly(today.year, today.month, close_day)
        if this_month <= today:
            return this_month
        year, month = (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)
        return _monthly(year, month, close_day)
    back = (today.isoweekday() - close_day) % 7
    candidate = today - dt.timedelta(days=back)
    if cycle == "FORTNIGHTLY" and ((candidate - FORTNIGHT_EPOCH).days // 7) % 2 == 1:
        candidate -= dt.timedelta(days=7)
    return candidate


def next_close(cycle: str, close_day: int, today: dt.date) -> dt.date:
    """The first closing day after `today`."""
    if cycle == "MONTHLY":
        year, month = (today.year, today.month + 1) if today.month < 12 else (today.year + 1, 1)
        this_month = _monthly(today.year, today.month, close_day)
        return this_month if this_month > today else _monthly(year, month, close_day)
    step = 14 if cycle == "FORTNIGHTLY" else 7
    return last_close(cycle, close_day, today) + dt.timedelta(days=step)
