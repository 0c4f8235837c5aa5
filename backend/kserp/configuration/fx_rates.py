"""The configuration document's `fx_rates` section (docs/configuration.md, "FX rates"): dated
rates for consolidation, read with errors by path (`fx_rates[2].rate`), stored through the same
rows as `setFxRates` (source `configuration`), and written back out as the same section, so an
export imports again unchanged (a round trip)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

import yaml

from kserp.configuration.reader import Reader, at
from kserp.finance.models import FxRate

SOURCE = "configuration"
RATE_PLACES = 8  # as FxRate.rate and setFxRates


@dataclass
class FxRateSpec:
    path: str
    date: dt.date
    base: str
    quote: str
    rate: Decimal


def _currency(reader: Reader, m: dict[str, Any], key: str, path: str) -> str | None:
    value = reader.text(m, key, path, max_length=3)
    if value is not None and (len(value) != 3 or not value.isalpha() or not value.isupper()):
        reader.error(at(path, key), f"{value!r} is not an ISO 4217 currency code such as AUD.")
        return None
    return value


def _rate(reader: Reader, m: dict[str, Any], path: str) -> Decimal | None:
    """A rate above 0 with at most 8 decimal places (more than the document's usual 4)."""
    value, where = m.get("rate"), at(path, "rate")
    if isinstance(value, bool) or not isinstance(value, str | int | float | Decimal):
        reader.error(where, 'Expected a number (write rates as strings, e.g. "0.9125").')
        return None
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        number = Decimal("NaN")
    if not number.is_finite():
        reader.error(where, f"{value!r} is not a number.")
        return None
    exponent = number.as_tuple().exponent
    if number <= 0 or number >= 10**9 or (isinstance(exponent, int) and exponent < -RATE_PLACES):
        reader.error(where, f"A rate is above 0 with at most {RATE_PLACES} decimal places.")
        return None
    return number


def read_fx_rate(reader: Reader, value: Any, path: str) -> FxRateSpec | None:
    """`{date, base, quote, rate}`: 1 unit of `base` is worth `rate` units of `quote` from `date`."""
    n = reader.count
    m = reader.mapping(value, path, required=("date", "base", "quote", "rate"))
    if m is None:
        return None
    date = reader.date(m, "date", path)
    base = _currency(reader, m, "base", path)
    quote = _currency(reader, m, "quote", path)
    if base and quote and base == quote:
        reader.error(at(path, "quote"), "The quote currency differs from the base.")
    rate = _rate(reader, m, path)
    if reader.count > n:
        return None
    assert date and base and quote and rate is not None
    return FxRateSpec(path, date, base, quote, rate)


def check_fx_rates(reader: Reader, specs: list[FxRateSpec]) -> None:
    """One rate per pair and day: a second one is reported at its path, naming the first."""
    seen: dict[tuple[dt.date, str, str], str] = {}
    for spec in specs:
        key = (spec.date, spec.base, spec.quote)
        if key in seen:
            reader.error(
                spec.path,
                f"{spec.base}/{spec.quote} on {spec.date.isoformat()} is already at {seen[key]}.",
                "DUPLICATE",
            )
        else:
            seen[key] = spec.path


def store_fx_rates(specs: list[FxRateSpec]) -> list[str]:
    """Create or replace each rate; the outcome of each (`created`, `changed`, `unchanged`)."""
    outcomes = []
    for spec in specs:
        row = FxRate.objects.filter(base=spec.base, quote=spec.quote, date=spec.date).first()
        if row is None:
            FxRate.objects.create(base=spec.base, quote=spec.quote, date=spec.date, rate=spec.rate, source=SOURCE)
            outcomes.append("created")
        elif row.rate != spec.rate:
            row.rate, row.source = spec.rate, SOURCE
            row.save(update_fields=["rate", "source"])
            outcomes.append("changed")
        else:
            outcomes.append("unchanged")
    return outcomes


def _rate_text(rate: Decimal) -> str:
    """The rate as a string without trailing zeros beyond 4 places (0.91250000 → "0.9125")."""
    text = f"{rate:f}"
    if "." in text:
        whole, places = text.split(".")
        places = places.rstrip("0").ljust(4, "0")
        text = f"{whole}.{places}"
    return text


def fx_rates_section() -> str:
    """The stored rates as a configuration document (`version: 1` and `fx_rates`), oldest first:
    importing it changes nothing."""
    rates = [
        {"date": r.date.isoformat(), "base": r.base, "quote": r.quote, "rate": _rate_text(r.rate)}
        for r in FxRate.objects.order_by("date", "base", "quote")
    ]
    return yaml.safe_dump({"version": 1, "fx_rates": rates}, sort_keys=False, default_flow_style=None)
