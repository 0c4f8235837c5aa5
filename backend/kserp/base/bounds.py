"""The sane range of business dates and the precision of quantities (docs/security.md, "Numbers
and dates"). Services call these with the input path of the value and raise the errors with the
rest of their validation: a value out of range or too precise is refused at its field, never
clamped or rounded away.

- A business date (a period end, an issue date, a receipt date, a week, a job order's or an
  agreement's dates) lies within `BUSINESS_DATE_YEARS` years of today, either way; and, where it
  belongs to an entity whose books have a start (`Entity.books_start`, the first day of its first
  accounting period), not before that day.
- Hours and quantities take at most 4 decimal places (the precision they are stored and priced
  with); money at most 2 (whole cents). A unit quantity is at most `MAX_QUANTITY`.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING

from django.utils import timezone

from kserp.errors import ServiceError

if TYPE_CHECKING:
    from kserp.base.models import Entity

BUSINESS_DATE_YEARS = 10
HOURS_PLACES = 4
QUANTITY_PLACES = 4
MONEY_PLACES = 2
MAX_QUANTITY = Decimal(1_000_000)  # units of a unit pay code in one entry (stored with 8 integer digits)


def business_date_window(today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    today = today or timezone.localdate()
    try:
        return today.replace(year=today.year - BUSINESS_DATE_YEARS), today.replace(
            year=today.year + BUSINESS_DATE_YEARS
        )
    except ValueError:  # 29 February
        day = today - dt.timedelta(days=1)
        return day.replace(year=day.year - BUSINESS_DATE_YEARS), day.replace(year=day.year + BUSINESS_DATE_YEARS)


def business_date_errors(
    value: dt.date | None, *, field: str, today: dt.date | None = None, entity: Entity | None = None
) -> list[ServiceError]:
    """One DATE_OUT_OF_RANGE error at `field` when `value` is outside the window, or before the
    start of `entity`'s books (None: no error)."""
    if value is None:
        return []
    first, last = business_date_window(today)
    if not first <= value <= last:
        message = f"{value} is not within {BUSINESS_DATE_YEARS} years of today ({first} to {last})."
        return [ServiceError("DATE_OUT_OF_RANGE", message, field)]
    start = getattr(entity, "books_start", None)
    if start is not None and value < start:
        message = f"{value} is before the first accounting period of {entity}, which starts on {start}."
        return [ServiceError("DATE_OUT_OF_RANGE", message, field)]
    return []


def decimal_places_errors(value: Decimal | None, *, field: str, places: int) -> list[ServiceError]:
    """One TOO_PRECISE error at `field` when `value` has more than `places` decimal places
    (trailing zeros do not count: 7.50000 has 1)."""
    if value is None or not value.is_finite():
        return []
    exponent = value.normalize().as_tuple().exponent
    if not isinstance(exponent, int) or exponent >= -places:
        return []
    unit = "whole cents" if places == MONEY_PLACES else f"at most {places} decimal places"
    return [ServiceError("TOO_PRECISE", f"{value} is too precise: give {unit}.", field)]
