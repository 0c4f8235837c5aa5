"""Pay interpretation (docs/design.md §4.5): a week of timesheet entries -> pay lines.

Days are processed in date order:

1. a public holiday (with a ``public_holiday_code``) -> all hours at that code; else a Sunday with
   a ``sunday_code`` -> all hours at that code; neither counts toward weekly ordinary hours;
2. otherwise the day's first hours, up to the daily limit and the week's remaining ordinary
   hours (week Monday-Sunday), are ordinary: the ``saturday_code`` on Saturdays, the night code
   for those inside the night window, else the ordinary code. The rest is the day's overtime,
   split into the tiers (tiers restart each day; overtime beyond a last tier that has hours goes
   to that last tier's code). A meal allowance unit is added when the overtime exceeds its hours;
3. a day whose hours are above zero and below the minimum engagement is topped up, at the day's
   first code, to the minimum. Top-up hours are paid but not worked: they count neither toward
   the weekly ordinary hours nor toward overtime.

Decisions where docs/design.md is silent (also in the package docstring):

- a shift belongs to the day it starts on (public holiday, weekday, week); ``end <= start`` means
  it ends the next day; ``start == end`` is rejected;
- the unpaid break is placed in the middle of the shift when classifying hours by time of day
  (night window, which hours of a long shift are ordinary and which overtime);
- several entries on one day: shifts in start-time order, then ``HoursEntry`` entries (which have
  no times, so are never night hours);
- hours and unit quantities are counted internally in integer 1/360,000ths (for hours: 1/100 s),
  so sums are exact; an entry finer than that is rejected. ``PayLine.units`` and
  ``DayLine.units`` are rounded half-up to 4 decimal places, which only rounds anything when
  minutes do not make a whole number of 0.0001 h (20 minutes = 0.3333 h);
- unit entries and meal allowances must not be negative (corrections are separate timesheets);
- one pay line per pay code and pay rate (and the rule that set it); the wage is rounded once per
  line.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, time
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, NamedTuple

import holidays

from .compile import CompiledJobOrder
from .errors import InterpretationError
from .pricing import CENT, PayRate, PricedLine, pay_rate, pay_rate_of_days, price_line

TICKS_PER_HOUR = 360_000  # one tick = 1/100 s
_TICKS_PER_MINUTE = 6_000
_TICKS_PER_SECOND = 100
_DAY = 24 * TICKS_PER_HOUR
_FOUR_PLACES = Decimal("0.0001")
_ONE = Decimal(1)
_ZERO = Decimal(0)


# ---------------------------------------------------------------------------------------------
# Inputs and outputs


@dataclass(frozen=True, slots=True)
class ShiftEntry:
    """Worked from ``start`` to ``end`` on ``on`` (``end <= start``: ends the next day)."""

    on: date
    start: time
    end: time
    break_minutes: int = 0  # unpaid


@dataclass(frozen=True, slots=True)
class HoursEntry:
    """A number of hours worked on a day, without times."""

    on: date
    hours: Decimal


@dataclass(frozen=True, slots=True)
class UnitEntry:
    """Units of a pay code (allowances, kilometres...) on a day, paid as entered."""

    on: date
    pay_code: str
    quantity: Decimal


class DayLine(NamedTuple):
    """One pay code on one day: the per-day split of the week, for display and audit."""

    on: date
    pay_code: str
    units: Decimal


class PayLine(NamedTuple):
    """One aggregated pay line (NamedTuple: immutable and cheap to create)."""

    pay_code: str
    units: Decimal
    pay_rate: Decimal
    wage: Decimal  # units × pay_rate, half-up to cents, once per line
    pay: PayRate  # provenance of the pay rate
    days: tuple[tuple[date, Decimal], ...]  # (day, units) in date order

    def as_dict(self) -> dict[str, Any]:
        return {
            "pay_code": self.pay_code,
            "units": str(self.units),
            "pay_rate": str(self.pay_rate),
            "wage": str(self.wage),
            "pay_rate_rule_id": self.pay.rule_id,
            "pay_rate_source": self.pay.source,
            "days": [{"date": on.isoformat(), "units": str(units)} for on, units in self.days],
        }


class Interpretation(NamedTuple):
    pay_lines: tuple[PayLine, ...]

    @property
    def days(self) -> list[DayLine]:
        """Every (day, pay code) of the week in date order, then pay line order."""
        lines = [DayLine(on, line.pay_code, units) for line in self.pay_lines for on, units in line.days]
        lines.sort(key=lambda day_line: day_line.on)
        return lines

    @property
    def wage_total(self) -> Decimal:
        return sum((line.wage for line in self.pay_lines), Decimal("0.00"))


# ---------------------------------------------------------------------------------------------
# Holiday calendars

_CALENDARS: dict[tuple[str, str | None, int], frozenset[date]] = {}


def public_holidays(country: str, subdivision: str | None, year: int) -> frozenset[date]:
    """The public holidays of a country (and subdivision) in a year, cached per process."""
    key = (country, subdivision, year)
    dates = _CALENDARS.get(key)
    if dates is None:
        calendar = holidays.country_holidays(country, subdiv=subdivision, years=year)
        dates = _CALENDARS[key] = frozenset(calendar.keys())
    return dates


# ---------------------------------------------------------------------------------------------
# The interpretation rules in ticks, computed once per compiled job order


class _Plan:
    __slots__ = (
        "_holidays",
        "calendar",
        "daily",
        "holiday_code",
        "meal_after",
        "meal_code",
        "minimum",
        "night_code",
        "ordinary",
        "saturday",
        "sunday",
        "tiers",
        "weekly",
        "windows",
    )

    def __init__(self, job: CompiledJobOrder) -> None:
        rules = job.interpretation
        if rules is None:
            raise InterpretationError(f"pay agreement {job.pay_agreement.name!r} has no interpretation rules")
        known = job.pay_codes
        used = [rules.ordinary_code, rules.saturday_code, rules.sunday_code]
        used += [rules.public_holiday_code] + [tier.code for tier in rules.overtime_tiers]
        used += [rules.meal_allowance.code if rules.meal_allowance else None]
        used += [rules.night.code if rules.night else None]
        for code in used:
            if code is not None and code not in known:
                raise InterpretationError(f"interpretation rules use unknown pay code {code!r}")
        self.ordinary = rules.ordinary_code
        self.saturday = rules.saturday_code
        self.sunday = rules.sunday_code
        self.holiday_code = rules.public_holiday_code if rules.holidays else None
        self.calendar = rules.holidays
        self.daily = _ticks(rules.daily_ordinary_hours)
        self.weekly = _ticks(rules.weekly_ordinary_hours)
        self.tiers = tuple((_ticks(tier.hours), tier.code) for tier in rules.overtime_tiers)
        self.minimum = _ticks(rules.minimum_engagement_hours)
        meal = rules.meal_allowance
        self.meal_after = _ticks(meal.after_overtime_hours) if meal else None
        self.meal_code = meal.code if meal else None
        night = rules.night
        self.night_code = night.code if night else None
        self.windows: tuple[tuple[int, int], ...] | None = None
        if night is not None:
            start = _time_ticks(night.start)
            length = (_time_ticks(night.end) - start) % _DAY
            if length == 0:
                raise InterpretationError("the night window is empty (from equals to)")
            # The previous evening's, this evening's and the next evening's windows, in ticks
            # from this day's midnight: enough for any shift starting on this day.
            self.windows = tuple((k * _DAY + start, k * _DAY + start + length) for k in (-1, 0, 1))
        self._holidays: dict[int, frozenset[date]] = {}

    def holidays(self, year: int) -> frozenset[date]:
        dates = self._holidays.get(year)
        if dates is None:
            calendar = self.calendar
            assert calendar is not None, "holidays() needs a holiday calendar"
            dates = self._holidays[year] = public_holidays(calendar.country, calendar.subdivision, year)
        return dates


def _ticks(value: Decimal | None, what: str = "hours") -> Any:
    """Hours (or unit quantities) -> integer 1/360,000ths (for hours: 1/100 s)."""
    if value is None:
        return None
    ticks = Decimal(value) * TICKS_PER_HOUR
    if ticks != ticks.to_integral_value() or ticks < 0:
        raise InterpretationError(f"{what} {value} must be >= 0 and a whole number of 1/360000")
    return int(ticks)


def _time_ticks(t: time) -> int:
    seconds = t.hour * 3600 + t.minute * 60 + t.second
    return seconds * _TICKS_PER_SECOND + t.microsecond // 10_000


class _HoursCache(dict[int, Decimal]):
    """Ticks -> hours, half-up to 4 places, without trailing zeros (7.6, not 7.6000).

    ``_HOURS[ticks]``: a dict that computes (and remembers) the hours it does not have yet.
    """

    def __missing__(self, ticks: int) -> Decimal:
        hours = (Decimal(ticks) / TICKS_PER_HOUR).quantize(_FOUR_PLACES, ROUND_HALF_UP)
        hours = hours.quantize(_ONE) if hours == hours.to_integral_value() else hours.normalize()
        if len(self) > 100_000:
            self.clear()
        self[ticks] = hours
        return hours


class _TimeTicksCache(dict[time, int]):
    """``_TIME_TICKS[t]``: ticks from midnight to ``t``, remembered (shifts reuse few times).

    Only naive times are remembered: aware times at different offsets can compare equal.
    """

    def __missing__(self, t: time) -> int:
        ticks = _time_ticks(t)
        if t.tzinfo is None:
            if len(self) > 100_000:
                self.clear()
            self[t] = ticks
        return ticks


_HOURS = _HoursCache()
_TIME_TICKS = _TimeTicksCache()
_NO_HOLIDAYS: frozenset[date] = frozenset()


# ---------------------------------------------------------------------------------------------
# Entries -> chronological pieces of paid time: (ticks, inside the night window)


def _shift_pieces(entry: ShiftEntry, windows: tuple[tuple[int, int], ...] | None) -> tuple[int, list]:
    """(paid ticks, chronological pieces) of a shift."""
    start = _TIME_TICKS[entry.start]
    end = _TIME_TICKS[entry.end]
    if end == start:
        raise InterpretationError(f"shift on {entry.on} starts and ends at {entry.start}")
    if end < start:
        end += _DAY
    unpaid = entry.break_minutes * _TICKS_PER_MINUTE
    if unpaid < 0 or unpaid > end - start:
        raise InterpretationError(f"shift on {entry.on}: break of {entry.break_minutes} min does not fit the shift")
    total = end - start - unpaid
    if windows is None:
        return total, [(total, False)]
    if unpaid:
        middle = (start + end) // 2
        half = unpaid // 2
        intervals: tuple[tuple[int, int], ...] = ((start, middle - half), (middle + half, end))
    else:
        intervals = ((start, end),)
    pieces: list[tuple[int, bool]] = []
    for a, b in intervals:
        position = a
        for window_start, window_end in windows:
            if window_end <= position:
                continue
            if window_start >= b:
                break
            if window_start > position:
                pieces.append((window_start - position, False))
                position = window_start
            inside_end = min(window_end, b)
            pieces.append((inside_end - position, True))
            position = inside_end
        if position < b:
            pieces.append((b - position, False))
    return total, pieces


def _day_pieces(entries: list, windows: tuple[tuple[int, int], ...] | None) -> tuple[int, list]:
    """(paid ticks, chronological pieces) of a day's entries."""
    if len(entries) > 1:
        entries = sorted(
            entries,
            key=lambda e: (1, 0) if isinstance(e, HoursEntry) else (0, _time_ticks(e.start)),
        )
    total = 0
    pieces: list[tuple[int, bool]] = []
    for entry in entries:
        if isinstance(entry, ShiftEntry):
            ticks, shift_pieces = _shift_pieces(entry, windows)
            pieces += shift_pieces
        elif isinstance(entry, HoursEntry):
            ticks = _ticks(entry.hours)
            pieces.append((ticks, False))
        else:
            raise InterpretationError(f"not a time entry: {entry!r}")
        total += ticks
    return total, pieces


# ---------------------------------------------------------------------------------------------
# Interpretation


def interpret_week(
    job: CompiledJobOrder,
    entries: Iterable[ShiftEntry | HoursEntry],
    unit_entries: Iterable[UnitEntry] = (),
) -> Interpretation:
    """Interpret a week of timesheet entries into pay lines (docs/design.md §4.5).

    Entries may span more than one week: the weekly ordinary hours restart every Monday.
    Raises ``InterpretationError`` for bad entries and ``PricingError`` when a resulting pay
    code has no pay rate.
    """
    plan: _Plan = job.interpretation_plan
    if plan is None:
        plan = job.interpretation_plan = _Plan(job)

    by_day: dict[date, list] = {}
    for entry in entries:
        day_entries = by_day.get(entry.on)
        if day_entries is None:
            by_day[entry.on] = [entry]
        else:
            day_entries.append(entry)

    # pay code -> day -> ticks, both in the order they are first paid.
    paid: dict[Any, dict[date, int]] = {}

    def add(code: Any, day: date, ticks: int) -> None:
        per_day = paid.get(code)
        if per_day is None:
            paid[code] = {day: ticks}
        else:
            per_day[day] = per_day.get(day, 0) + ticks

    windows = plan.windows
    daily, weekly, minimum = plan.daily, plan.weekly, plan.minimum
    ordinary_code, saturday_code, night_code = plan.ordinary, plan.saturday or plan.ordinary, plan.night_code
    sunday_code, holiday_code = plan.sunday, plan.holiday_code
    meal_code, meal_after = plan.meal_code, plan.meal_after
    meal_after_ticks: Any = meal_after
    week = -1
    weekly_left = weekly
    year, holidays_of_year = 0, _NO_HOLIDAYS
    for day in sorted(by_day):
        weekday = day.weekday()
        monday = day.toordinal() - weekday
        if monday != week:
            week, weekly_left = monday, weekly
        day_entries = by_day[day]
        if len(day_entries) == 1 and type(day_entries[0]) is ShiftEntry:
            total, pieces = _shift_pieces(day_entries[0], windows)
        else:
            total, pieces = _day_pieces(day_entries, windows)
        if total <= 0:
            continue
        if holiday_code is not None and day.year != year:
            year, holidays_of_year = day.year, plan.holidays(day.year)
        first: str | None = None
        if day in holidays_of_year:
            first = holiday_code
            add(first, day, total)
        elif weekday == 6 and sunday_code is not None:
            first = sunday_code
            add(first, day, total)
        else:
            budget = daily
            if weekly_left is not None and (budget is None or weekly_left < budget):
                budget = weekly_left
            ordinary = saturday_code if weekday == 5 else ordinary_code
            overtime = 0
            for ticks, night in pieces:
                if budget is None:
                    worked = ticks
                else:
                    worked = ticks if ticks < budget else budget
                    budget -= worked
                if worked:
                    code = night_code if night else ordinary
                    add(code, day, worked)
                    if first is None:
                        first = code
                overtime += ticks - worked
            if weekly_left is not None:
                weekly_left -= total - overtime
            if overtime:
                first_overtime = _split_overtime(plan, day, overtime, add)
                if first is None:
                    first = first_overtime
                if meal_code is not None and overtime > meal_after_ticks:
                    add(meal_code, day, TICKS_PER_HOUR)  # one unit
        if minimum is not None and total < minimum and first is not None:
            add(first, day, minimum - total)

    ordered = True
    for unit_entry in unit_entries:
        if unit_entry.pay_code not in job.pay_codes:
            raise InterpretationError(f"unknown pay code {unit_entry.pay_code!r} on {unit_entry.on}")
        add(unit_entry.pay_code, unit_entry.on, _ticks(unit_entry.quantity, "quantity"))
        ordered = False

    return _aggregate(job, paid, ordered)


def _split_overtime(plan: _Plan, day: date, overtime: int, add: Any) -> str:
    if not plan.tiers:
        raise InterpretationError(f"{day}: overtime worked but no overtime tiers are configured")
    remaining = overtime
    for tier_hours, code in plan.tiers:
        take = remaining if tier_hours is None or tier_hours > remaining else tier_hours
        if take:
            add(code, day, take)
            remaining -= take
        if not remaining:
            break
    if remaining:  # beyond the last tier's hours: still the last tier's code
        add(plan.tiers[-1][1], day, remaining)
    return plan.tiers[0][1]


def _aggregate(job: CompiledJobOrder, paid: dict[str, dict[date, int]], ordered: bool) -> Interpretation:
    """One pay line per pay code and pay rate; the wage rounded once per line.

    ``paid``: pay code -> day -> ticks, codes in the order they were first paid. ``ordered``: the
    days are in date order (true unless unit entries were added).
    """
    pay_lines = []
    hours = _HOURS
    for code, per_day in paid.items():
        days = list(per_day.items())
        if not ordered:
            days.sort()
        one_rate = pay_rate_of_days(job, code, days[0][0], days[-1][0])  # the usual case
        groups = [(one_rate, days, sum(per_day.values()))] if one_rate is not None else _group_by_rate(job, code, days)
        for rate, group, total in groups:
            units = hours[total]
            wage = (units * rate.rate).quantize(CENT, ROUND_HALF_UP)
            split = tuple([(day, hours[ticks]) for day, ticks in group])
            pay_lines.append(PayLine(code, units, rate.rate, wage, rate, split))
    return Interpretation(tuple(pay_lines))


def _group_by_rate(job: CompiledJobOrder, code: str, days: list[tuple[date, int]]) -> list:
    """[(pay rate, [(day, ticks), ...], total ticks)], one per pay rate, in date order."""
    groups: dict[tuple[Any, ...], tuple[PayRate, list[tuple[date, int]]]] = {}
    for day, ticks in days:
        rate = pay_rate(job, code, day)
        key = (rate.rate, rate.rule_id, rate.derived_from)
        if key not in groups:
            groups[key] = (rate, [])
        groups[key][1].append((day, ticks))
    return [(rate, group, sum([ticks for _, ticks in group])) for rate, group in groups.values()]


# ---------------------------------------------------------------------------------------------
# Billing the interpretation


def price_pay_lines(job: CompiledJobOrder, pay_lines: Iterable[PayLine]) -> list[PricedLine]:
    """Price each aggregated pay line once (rounding once per line, never per day).

    A line is priced on its first day. If a bill rule, oncost value or pay rate changes inside the
    line's days, the line is priced in one part per validity segment (each part rounded once,
    dated on its first day).
    """
    priced = []
    for line in pay_lines:
        code, days = line.pay_code, line.days
        breaks = job.bill_breaks.get(code, ())
        if bisect_right(breaks, days[0][0]) == bisect_right(breaks, days[-1][0]):
            priced.append(price_line(job, code, line.units, days[0][0]))
            continue
        parts: dict[int, list[tuple[date, Decimal]]] = {}
        for on, units in days:
            parts.setdefault(bisect_right(breaks, on), []).append((on, units))
        for part in parts.values():
            part_units = sum((units for _, units in part), _ZERO)
            priced.append(price_line(job, code, part_units, part[0][0]))
    return priced


def price_week(
    job: CompiledJobOrder,
    entries: Iterable[ShiftEntry | HoursEntry],
    unit_entries: Iterable[UnitEntry] = (),
) -> tuple[Interpretation, list[PricedLine]]:
    """Interpret a week, then price each pay line once."""
    interpretation = interpret_week(job, entries, unit_entries)
    return interpretation, price_pay_lines(job, interpretation.pay_lines)
