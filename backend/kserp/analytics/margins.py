"""Margins by placement, client, division, consultant or entity for any period, gross, net of
credits and net of allocated overhead; weekly trends (docs/analytics.md, "Margins by dimension").

One aggregate query per placement (job order) over the selected bill lines, one for the credits
against those lines; overhead is allocated to placements (`allocate_overhead`), and placements are
then summed into the dimension asked for, so every figure of a client is the sum of its placements'.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_FLOOR, Decimal
from enum import Enum
from typing import Any

from django.db.models import Count, Q, Sum

from kserp.analytics import summary
from kserp.analytics.models import OverheadBasis, OverheadPeriod, OverheadRule, PlacementWeek
from kserp.analytics.selectors import money
from kserp.base.money import round_half_up
from kserp.finance.models import CreditNoteLine
from kserp.orders.models import BillLine, JobOrder
from kserp.rates.models import PayCode, PayCodeUnit

ZERO = Decimal("0.00")
CENT = Decimal("0.01")


class Dimension(Enum):
    PLACEMENT = "PLACEMENT"
    CLIENT = "CLIENT"
    DIVISION = "DIVISION"
    CONSULTANT = "CONSULTANT"
    ENTITY = "ENTITY"


@dataclass
class PlacementFigures:
    """The bill lines of one placement in a window, summed."""

    job_order_id: int
    code: str
    title: str
    client_id: int
    client: str
    client_name: str
    division: str
    consultant: str
    entity_id: int
    entity: str
    bill_amount: Decimal = ZERO
    wage: Decimal = ZERO
    oncosts: Decimal = ZERO
    gross_margin: Decimal = ZERO
    hours: Decimal = Decimal(0)
    credits: Decimal = ZERO
    overhead: Decimal = ZERO

    def key(self, dimension: Dimension) -> tuple[str, str]:
        return {
            Dimension.PLACEMENT: (self.code, f"{self.code} {self.title} ({self.client})"),
            Dimension.CLIENT: (self.client, self.client_name),
            Dimension.DIVISION: (self.division, self.division or "(no division)"),
            Dimension.CONSULTANT: (self.consultant, self.consultant or "(unassigned)"),
            Dimension.ENTITY: (self.entity, self.entity),
        }[dimension]


@dataclass(frozen=True)
class DimensionMargin:
    key: str
    label: str
    bill_amount: Decimal
    credits: Decimal
    wage: Decimal
    oncosts: Decimal
    gross_margin: Decimal  # bill − wage − oncosts
    overhead: Decimal
    hours: Decimal
    placements: int

    @property
    def revenue(self) -> Decimal:
        """Bill amount net of credits."""
        return self.bill_amount - self.credits

    @property
    def margin_after_credits(self) -> Decimal:
        return self.gross_margin - self.credits

    @property
    def net_margin(self) -> Decimal:
        """Gross margin − credits − allocated overhead."""
        return self.gross_margin - self.credits - self.overhead

    def percent(self, value: Decimal) -> Decimal | None:
        return round_half_up(value * 100 / self.revenue, 2) if self.revenue else None


@dataclass(frozen=True)
class Window:
    date_from: dt.date
    date_to: dt.date


@dataclass(frozen=True)
class MarginFilter:
    entity_id: int | None = None
    client_id: int | None = None
    division: str | None = None
    consultant_id: int | None = None
    job_order_id: int | None = None


def hour_codes() -> list[str]:
    return list(PayCode.objects.filter(unit=PayCodeUnit.HOUR).values_list("code", flat=True))


def _narrowed(rows: Any, window: Window, where: MarginFilter) -> Any:
    """Bill lines or placement weeks (same field names) of the window and filter."""
    rows = rows.filter(week_ending__gte=window.date_from, week_ending__lte=window.date_to)
    if where.entity_id is not None:
        rows = rows.filter(entity_id=where.entity_id)
    if where.client_id is not None:
        rows = rows.filter(client_id=where.client_id)
    if where.division is not None:
        rows = rows.filter(job_order__division=where.division)
    if where.consultant_id is not None:
        rows = rows.filter(job_order__consultant_id=where.consultant_id)
    if where.job_order_id is not None:
        rows = rows.filter(job_order_id=where.job_order_id)
    return rows


def _lines(window: Window, where: MarginFilter) -> Any:
    return _narrowed(BillLine.objects.all(), window, where)


_PLACEMENT_FIELDS = (
    "pk",
    "code",
    "title",
    "client_id",
    "client__code",
    "client__name",
    "division",
    "consultant__username",
    "entity_id",
    "entity__code",
)


_SUMMARY_SUMS: dict[str, Any] = {
    "bill": Sum("bill_amount"),
    "wage_sum": Sum("wage"),
    "oncost_sum": Sum("oncost_total"),
    "margin": Sum("gross_margin"),
    "hours_sum": Sum("hours"),
    "credit_sum": Sum("credits"),
}


def _summary_sums(window: Window, where: MarginFilter, group: tuple[str, ...]) -> Any:
    """The same sums read from the placement-week summary (kserp/analytics/summary.py)."""
    rows = _narrowed(PlacementWeek.objects.all(), window, where)
    return rows.order_by().values(*group).annotate(**_SUMMARY_SUMS)


def placement_figures(
    window: Window, where: MarginFilter = MarginFilter(), *, by_week: bool = False
) -> dict[Any, PlacementFigures]:
    """Per placement (or per (week ending, placement) with `by_week`): sums, hours and credits.
    From the placement-week summary on PostgreSQL; from the bill lines otherwise."""
    group = ("week_ending", "job_order_id") if by_week else ("job_order_id",)

    def key_of(row: dict[str, Any], fields: tuple[str, ...]) -> Any:
        return tuple(row[g] for g in fields) if by_week else row[fields[0]]

    if summary.in_use():
        sums = {key_of(row, group): row for row in _summary_sums(window, where, group)}
        credits = {key: row["credit_sum"] for key, row in sums.items()}
    else:
        lines = _lines(window, where)
        hours = hour_codes()
        sums = {
            key_of(row, group): row
            for row in lines.order_by()
            .values(*group)
            .annotate(
                bill=Sum("bill_amount"),
                wage_sum=Sum("wage"),
                oncost_sum=Sum("oncost_total"),
                margin=Sum("gross_margin"),
                hours_sum=Sum("quantity", filter=Q(pay_code__in=hours)),
            )
        }
        credit_group = tuple(f"invoice_line__bill_line__{g}" for g in group)
        credits = {
            key_of(row, credit_group): row["total"]
            for row in CreditNoteLine.objects.filter(invoice_line__bill_line__in=lines.values("pk"))
            .order_by()
            .values(*credit_group)
            .annotate(total=Sum("amount"))
        }
    job_ids: set[Any] = {key[1] if by_week else key for key in sums}
    described = {row["pk"]: row for row in JobOrder.objects.filter(pk__in=job_ids).values(*_PLACEMENT_FIELDS)}
    result: dict[Any, PlacementFigures] = {}
    for key, row in sums.items():
        d = described[key[1] if by_week else key]
        result[key] = PlacementFigures(
            job_order_id=d["pk"],
            code=d["code"],
            title=d["title"],
            client_id=d["client_id"],
            client=d["client__code"],
            client_name=d["client__name"],
            division=d["division"],
            consultant=d["consultant__username"] or "",
            entity_id=d["entity_id"],
            entity=d["entity__code"],
            bill_amount=money(row["bill"]),
            wage=money(row["wage_sum"]),
            oncosts=money(row["oncost_sum"]),
            gross_margin=money(row["margin"]),
            hours=row["hours_sum"] or Decimal(0),  # no hours: 0, whatever the source
            credits=money(credits.get(key)),
        )
    return result


# --- overhead ------------------------------------------------------------------------------------
def _periods(period: str, first: dt.date, last: dt.date) -> list[tuple[dt.date, dt.date]]:
    """The calendar periods (weeks from Monday, months, quarters) that overlap first..last."""
    result = []
    if period == OverheadPeriod.WEEK:
        start = first - dt.timedelta(days=first.weekday())
        while start <= last:
            result.append((start, start + dt.timedelta(days=6)))
            start += dt.timedelta(days=7)
        return result
    months = 3 if period == OverheadPeriod.QUARTER else 1
    start = dt.date(first.year, ((first.month - 1) // months) * months + 1, 1)
    while start <= last:
        end_month = start.month + months - 1
        end = dt.date(start.year, end_month, calendar.monthrange(start.year, end_month)[1])
        result.append((start, end))
        start = end + dt.timedelta(days=1)
    return result


def overhead_for_window(rule: OverheadRule, window: Window) -> Decimal:
    """The rule's amount for the window: per calendar period, amount × days of the period inside the
    window (and the rule's validity) ÷ days of the period; the sum half-up to cents."""
    first = max(window.date_from, rule.valid_from)
    last = min(window.date_to, rule.valid_to) if rule.valid_to else window.date_to
    if last < first:
        return ZERO
    total = Decimal(0)
    for start, end in _periods(rule.period, first, last):
        inside = (min(end, last) - max(start, first)).days + 1
        total += rule.amount * inside / ((end - start).days + 1)
    return round_half_up(total, 2)


def split_to_cents(total: Decimal, weights: dict[Any, Decimal]) -> dict[Any, Decimal]:
    """`total` shared in proportion to `weights`, in cents that add up to `total` exactly: each
    share is rounded down, and the cents left over go to the largest remainders (ties: key order)."""
    weight_sum = sum(weights.values(), Decimal(0))
    if not weight_sum or not total:
        return {key: ZERO for key in weights}
    exact = {key: total * w / weight_sum for key, w in weights.items()}
    shares = {key: value.quantize(CENT, rounding=ROUND_FLOOR) for key, value in exact.items()}
    left = int((total - sum(shares.values(), ZERO)) / CENT)
    for key in sorted(exact, key=lambda k: (-(exact[k] - shares[k]), str(k)))[:left]:
        shares[key] += CENT
    return shares


def _basis(figures: PlacementFigures, basis: str) -> Decimal:
    if basis == OverheadBasis.HOURS:
        return figures.hours
    if basis == OverheadBasis.REVENUE:
        return figures.bill_amount - figures.credits
    return Decimal(1)  # HEADCOUNT: one per placement with work in the window


def _in_scope(rule: OverheadRule, figures: PlacementFigures) -> bool:
    if rule.entity_id is not None and figures.entity_id != rule.entity_id:
        return False
    return not rule.division or figures.division == rule.division


def allocate_overhead(
    placements: dict[Any, PlacementFigures], window: Window, rules: list[OverheadRule] | None = None
) -> Decimal:
    """Add each rule's overhead for the window to the placements in its scope, by its basis.

    Allocation is over every placement in scope (not only the filtered ones: a client's share does
    not grow because the report is of that client), so callers pass unfiltered placements. Returns
    the overhead left unallocated (rules with nothing in scope)."""
    unallocated = ZERO
    for rule in rules if rules is not None else list(OverheadRule.objects.all()):
        amount = overhead_for_window(rule, window)
        weights = {key: _basis(p, rule.basis) for key, p in placements.items() if _in_scope(rule, p)}
        if not any(weights.values()):
            unallocated += amount
            continue
        for key, share in split_to_cents(amount, weights).items():
            placements[key].overhead += share
    return unallocated


# --- reports -------------------------------------------------------------------------------------
def _matches(p: PlacementFigures, where: MarginFilter) -> bool:
    return (
        (where.entity_id is None or p.entity_id == where.entity_id)
        and (where.client_id is None or p.client_id == where.client_id)
        and (where.division is None or p.division == where.division)
        and (where.job_order_id is None or p.job_order_id == where.job_order_id)
    )


def _sum(key: str, label: str, items: list[PlacementFigures]) -> DimensionMargin:
    def total(name: str) -> Any:
        return sum((getattr(p, name) for p in items), ZERO)

    return DimensionMargin(
        key=key,
        label=label,
        bill_amount=total("bill_amount"),
        credits=total("credits"),
        wage=total("wage"),
        oncosts=total("oncosts"),
        gross_margin=total("gross_margin"),
        overhead=total("overhead"),
        hours=sum((p.hours for p in items), Decimal(0)),
        placements=len({p.job_order_id for p in items}),
    )


@dataclass(frozen=True)
class MarginByDimension:
    dimension: Dimension
    window: Window
    totals: DimensionMargin
    rows: list[DimensionMargin] = field(default_factory=list)
    unallocated_overhead: Decimal = ZERO


def _allocated(window: Window, where: MarginFilter) -> tuple[dict[Any, PlacementFigures], Decimal]:
    """Placements of the window with overhead allocated over everything in the rules' scopes, then
    narrowed to the filter (the consultant filter is applied on the query: it is not a scope)."""
    if OverheadRule.objects.exists():
        every = placement_figures(window, MarginFilter(consultant_id=where.consultant_id))
        unallocated = allocate_overhead(every, window)
        return {k: p for k, p in every.items() if _matches(p, where)}, unallocated
    return placement_figures(window, where), ZERO


#: Per dimension: the summary's fields grouped by, and (key, label) of a grouped row.
_DIMENSION_FIELDS: dict[Dimension, tuple[str, ...]] = {
    Dimension.PLACEMENT: ("job_order__code", "job_order__title", "client__code"),
    Dimension.CLIENT: ("client__code", "client__name"),
    Dimension.DIVISION: ("job_order__division",),
    Dimension.CONSULTANT: ("job_order__consultant__username",),
    Dimension.ENTITY: ("entity__code",),
}


def _dimension_key(dimension: Dimension, row: dict[str, Any]) -> tuple[str, str]:
    if dimension == Dimension.PLACEMENT:
        code = row["job_order__code"]
        return code, f"{code} {row['job_order__title']} ({row['client__code']})"
    if dimension == Dimension.CLIENT:
        return row["client__code"], row["client__name"]
    if dimension == Dimension.DIVISION:
        return row["job_order__division"], row["job_order__division"] or "(no division)"
    if dimension == Dimension.CONSULTANT:
        name = row["job_order__consultant__username"] or ""
        return name, name or "(unassigned)"
    return row["entity__code"], row["entity__code"]


def _grouped_in_sql(dimension: Dimension, window: Window, where: MarginFilter) -> MarginByDimension:
    """Without overhead, a dimension's figures are its placements' sums: one grouped query over
    the placement-week summary gives the same rows as summing placements in Python."""
    rows = []
    for row in (
        _narrowed(PlacementWeek.objects.all(), window, where)
        .order_by()
        .values(*_DIMENSION_FIELDS[dimension])
        .annotate(
            **_SUMMARY_SUMS,
            placements=Count("job_order_id", distinct=True),
        )
    ):
        key, label = _dimension_key(dimension, row)
        rows.append(
            DimensionMargin(
                key=key,
                label=label,
                bill_amount=money(row["bill"]),
                credits=money(row["credit_sum"]),
                wage=money(row["wage_sum"]),
                oncosts=money(row["oncost_sum"]),
                gross_margin=money(row["margin"]),
                overhead=ZERO,
                hours=row["hours_sum"] or Decimal(0),
                placements=row["placements"],
            )
        )
    rows.sort(key=lambda r: (r.key, r.label))

    def total(name: str) -> Any:
        return sum((getattr(r, name) for r in rows), ZERO)

    totals = DimensionMargin(
        key="",
        label="Total",
        bill_amount=total("bill_amount"),
        credits=total("credits"),
        wage=total("wage"),
        oncosts=total("oncosts"),
        gross_margin=total("gross_margin"),
        overhead=ZERO,
        hours=sum((r.hours for r in rows), Decimal(0)),
        placements=sum(r.placements for r in rows),  # a placement is in one row of any dimension
    )
    return MarginByDimension(dimension=dimension, window=window, totals=totals, rows=rows)


def margin_by(*, dimension: Dimension, window: Window, where: MarginFilter = MarginFilter()) -> MarginByDimension:
    """Margins of the window grouped by `dimension` (rows ordered by key)."""
    if summary.in_use() and not OverheadRule.objects.exists():
        return _grouped_in_sql(dimension, window, where)
    placements, unallocated = _allocated(window, where)
    groups: dict[tuple[str, str], list[PlacementFigures]] = defaultdict(list)
    for p in placements.values():
        groups[p.key(dimension)].append(p)
    rows = [_sum(key, label, items) for (key, label), items in sorted(groups.items())]
    return MarginByDimension(
        dimension=dimension,
        window=window,
        totals=_sum("", "Total", list(placements.values())),
        rows=rows,
        unallocated_overhead=unallocated,
    )


@dataclass(frozen=True)
class TrendPoint:
    week_ending: dt.date
    figures: DimensionMargin


def margin_trend(*, weeks: int, last_week_ending: dt.date, where: MarginFilter = MarginFilter()) -> list[TrendPoint]:
    """Week by week (`weeks` weeks ending on the Sunday `last_week_ending`): the filtered totals,
    with overhead allocated within each week."""
    first_monday = last_week_ending - dt.timedelta(days=7 * weeks - 1)
    window = Window(first_monday, last_week_ending)
    rules = list(OverheadRule.objects.all())
    scope = MarginFilter(consultant_id=where.consultant_id) if rules else where
    by_week = placement_figures(window, scope, by_week=True)
    weekly: dict[dt.date, dict[Any, PlacementFigures]] = defaultdict(dict)
    for (week_ending, job_id), p in by_week.items():
        weekly[week_ending][job_id] = p
    points = []
    for n in range(weeks):
        sunday = first_monday + dt.timedelta(days=7 * n + 6)
        placements = weekly.get(sunday, {})
        if rules:
            allocate_overhead(placements, Window(sunday - dt.timedelta(days=6), sunday), rules)
        chosen = [p for p in placements.values() if _matches(p, where)]
        points.append(TrendPoint(sunday, _sum(sunday.isoformat(), sunday.isoformat(), chosen)))
    return points
