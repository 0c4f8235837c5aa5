"""Reads of the analytics domain (docs/analytics.md): margins, receivables by client, cash-flow forecast.

Everything is computed from stored rows, never re-priced: a bill line (written at approval,
immutable) carries its bill amount, wage, oncost total (bill and pay oncosts) and gross margin
(`bill_amount − wage − oncost_total`), so margins are `SUM`s grouped in SQL.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, DecimalField, F, Func, IntegerField, Min, Q, QuerySet, Sum
from django.utils import timezone

from kserp.analytics import summary
from kserp.analytics.models import ClientSummary, PlacementWeek
from kserp.base.models import Entity
from kserp.base.money import round_half_up
from kserp.crm.models import Client
from kserp.finance.models import Invoice, ReceiptAllocation, ReceiptStatus
from kserp.finance.receivables import AMOUNT_DUE, BUCKETS, OPEN_STATUSES, receivables_summary
from kserp.orders.models import BillLine, JobOrder, JobOrderStatus

ZERO = Decimal("0.00")
CENT = Decimal("0.01")
HUNDRED = Decimal(100)
#: A client is a late payer when it pays more than this many days after the due date on average ...
LATE_PAYER_AVERAGE_DAYS = 7
#: ... or owes money more than this many days past due (flagged before it pays at all).
LATE_PAYER_OVERDUE_DAYS = 30
#: Weeks of approved work averaged for a placement's weekly payroll in the forecast.
FORECAST_RECENT_WEEKS = 4
FORECAST_WEEKS = 13


def _round(value: Decimal, places: int) -> Decimal:
    return round_half_up(value, places)


def money(value: Decimal | None) -> Decimal:
    """A database sum as money: 2 places (SQLite sums decimals as floats; exact after this)."""
    return (value or ZERO).quantize(CENT)


def margin_percent(gross_margin: Decimal, bill_amount: Decimal) -> Decimal | None:
    """Gross margin as a percentage of the bill amount, half-up to 2 places; None without billing."""
    if not bill_amount:
        return None
    return _round(gross_margin * HUNDRED / bill_amount, 2)


# --- margins -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class MarginRow:
    """Margin figures of one group (a placement, client, division, consultant) or of everything."""

    key: str
    label: str
    bill_amount: Decimal
    wage: Decimal
    oncosts: Decimal
    gross_margin: Decimal

    @property
    def margin_percent(self) -> Decimal | None:
        return margin_percent(self.gross_margin, self.bill_amount)


@dataclass(frozen=True)
class MarginReport:
    totals: MarginRow
    by_placement: list[MarginRow] = field(default_factory=list)
    by_client: list[MarginRow] = field(default_factory=list)
    by_division: list[MarginRow] = field(default_factory=list)
    by_consultant: list[MarginRow] = field(default_factory=list)


_FIGURES: dict[str, Any] = {
    "bill_amount_sum": Sum("bill_amount"),
    "wage_sum": Sum("wage"),
    "oncosts_sum": Sum("oncost_total"),
    "gross_margin_sum": Sum("gross_margin"),
}


def margin_lines(
    *,
    client_id: int | None = None,
    entity_id: int | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> QuerySet[BillLine]:
    """The bill lines a margin report covers: a timesheet week counts when its week ending is in
    `date_from..date_to` (both inclusive). Credited lines do not count (margins are net of credit
    notes): their correction, priced again, does."""
    return _dated(
        BillLine.objects.exclude(invoice_line__credit_line__isnull=False), client_id, entity_id, date_from, date_to
    )


def _dated(
    rows: Any, client_id: int | None, entity_id: int | None, date_from: dt.date | None, date_to: dt.date | None
) -> Any:
    """Bill lines or placement weeks (same field names) of a client, entity and weeks."""
    if client_id is not None:
        rows = rows.filter(client_id=client_id)
    if entity_id is not None:
        rows = rows.filter(entity_id=entity_id)
    if date_from is not None:
        rows = rows.filter(week_ending__gte=date_from)
    if date_to is not None:
        rows = rows.filter(week_ending__lte=date_to)
    return rows


def _row(key: str, label: str, values: dict[str, Any]) -> MarginRow:
    return MarginRow(
        key=key,
        label=label,
        bill_amount=money(values["bill_amount_sum"]),
        wage=money(values["wage_sum"]),
        oncosts=money(values["oncosts_sum"]),
        gross_margin=money(values["gross_margin_sum"]),
    )


#: The same figures from the summary: each week's lines less its credited lines' own figures.
_SUMMARY_FIGURES: dict[str, Any] = {
    "bill_amount_sum": Sum(F("bill_amount") - F("credited_bill_amount")),
    "wage_sum": Sum(F("wage") - F("credited_wage")),
    "oncosts_sum": Sum(F("oncost_total") - F("credited_oncost_total")),
    "gross_margin_sum": Sum(F("gross_margin") - F("credited_gross_margin")),
}


def _summary_rows(
    *,
    client_id: int | None = None,
    entity_id: int | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> QuerySet[PlacementWeek]:
    """The placement weeks `margin_lines` would cover, with some line not credited."""
    return _dated(PlacementWeek.objects.filter(lines__gt=F("credited_lines")), client_id, entity_id, date_from, date_to)


def _grouped(lines: Any, *fields: str) -> list[dict[str, Any]]:
    figures = _SUMMARY_FIGURES if lines.model is PlacementWeek else _FIGURES
    return list(lines.order_by().values(*fields).annotate(**figures).order_by(*fields))


def margin_report(
    *,
    client_id: int | None = None,
    entity_id: int | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> MarginReport:
    """Totals and breakdowns by placement, client, division and consultant: five aggregate queries,
    over the placement-week summary on PostgreSQL (less its credited lines), else the bill lines."""
    lines: Any = (
        _summary_rows(client_id=client_id, entity_id=entity_id, date_from=date_from, date_to=date_to)
        if summary.in_use()
        else margin_lines(client_id=client_id, entity_id=entity_id, date_from=date_from, date_to=date_to)
    )
    figures = _SUMMARY_FIGURES if summary.in_use() else _FIGURES
    totals = _row("", "Total", lines.order_by().aggregate(**figures))
    placements = [
        _row(v["job_order__code"], f"{v['job_order__code']} {v['job_order__title']} ({v['client__code']})", v)
        for v in _grouped(lines, "job_order__code", "job_order__title", "client__code")
    ]
    clients = [_row(v["client__code"], v["client__name"], v) for v in _grouped(lines, "client__code", "client__name")]
    divisions = [
        _row(v["job_order__division"], v["job_order__division"] or "(no division)", v)
        for v in _grouped(lines, "job_order__division")
    ]
    consultants = [
        _row(v["job_order__consultant__username"] or "", v["job_order__consultant__username"] or "(unassigned)", v)
        for v in _grouped(lines, "job_order__consultant__username")
    ]
    return MarginReport(
        totals=totals,
        by_placement=placements,
        by_client=clients,
        by_division=sorted(divisions, key=lambda r: r.key),
        by_consultant=sorted(consultants, key=lambda r: r.key),
    )


# --- receivables by client -----------------------------------------------------------------------
@dataclass(frozen=True)
class ClientReceivables:
    client_code: str
    client_name: str
    payment_terms_days: int
    outstanding: Decimal
    overdue: Decimal
    current: Decimal
    days1_to30: Decimal
    days31_to60: Decimal
    days61_to90: Decimal
    days90_plus: Decimal
    oldest_days_overdue: int
    receipts: int
    days_to_pay: Decimal | None  # amount-weighted days from issue to receipt
    average_days_late: Decimal | None  # amount-weighted days after the due date (early counts as 0)

    @property
    def late_payer(self) -> bool:
        late_on_average = self.average_days_late is not None and self.average_days_late > LATE_PAYER_AVERAGE_DAYS
        return late_on_average or self.oldest_days_overdue > LATE_PAYER_OVERDUE_DAYS


@dataclass(frozen=True)
class PaymentBehaviour:
    receipts: int
    days_to_pay: Decimal | None
    average_days_late: Decimal | None


class DaysBetween(Func):
    """Whole days from the second date to the first, in SQL (PostgreSQL: date − date is days)."""

    arity = 2
    output_field = IntegerField()

    def as_sql(self, compiler: Any, connection: Any, **extra: Any) -> Any:  # type: ignore[override]  # PostgreSQL
        return super().as_sql(compiler, connection, template="(%(expressions)s)", arg_joiner=" - ", **extra)

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return super().as_sql(
            compiler,
            connection,
            template="CAST(julianday(%(expressions)s) AS INTEGER)",
            arg_joiner=") - julianday(",
            **extra,
        )


def payment_behaviour(*, entity: Entity) -> dict[int, PaymentBehaviour]:
    """Per client id: how many receipts, and amount-weighted days to pay and days late, by what each
    receipt applied to each invoice on the day it was applied (bounced receipts do not count). One
    aggregate query; the weighting is exact: whole days × cents. On PostgreSQL the sums are read
    from the client summary the triggers keep (kserp/analytics/summary.py)."""
    if summary.in_use():
        return {
            row.client_id: PaymentBehaviour(
                receipts=row.receipts,
                days_to_pay=_round(row.weighted_days / row.paid, 1),
                average_days_late=_round(row.weighted_late / row.paid, 1),
            )
            for row in ClientSummary.objects.filter(entity=entity, paid__gt=0)
        }
    days = DaysBetween(F("allocated_on"), F("invoice__issue_date"))
    late = DaysBetween(F("allocated_on"), F("invoice__due_date"))
    rows = (
        ReceiptAllocation.objects.filter(receipt__entity=entity, receipt__status=ReceiptStatus.ACTIVE)
        .order_by()
        .values("receipt__client_id")
        .annotate(
            receipts=Count("receipt_id", distinct=True),
            total=Sum("amount"),
            weighted_days=Sum(F("amount") * days, output_field=DecimalField(max_digits=30, decimal_places=2)),
            weighted_late=Sum(
                F("amount") * late,
                filter=Q(allocated_on__gt=F("invoice__due_date")),
                output_field=DecimalField(max_digits=30, decimal_places=2),
            ),
        )
    )
    result = {}
    for row in rows:
        total = Decimal(str(row["total"] or 0))
        weighted = Decimal(str(row["weighted_days"] or 0))
        weighted_late = Decimal(str(row["weighted_late"] or 0))
        result[row["receipt__client_id"]] = PaymentBehaviour(
            receipts=row["receipts"],
            days_to_pay=_round(weighted / total, 1) if total else None,
            average_days_late=_round(weighted_late / total, 1) if total else None,
        )
    return result


def days_to_pay_by_client(*, entity: Entity) -> dict[int, int]:
    """Per client id with receipts: its days to pay (`payment_behaviour`) in whole days, half-up."""
    return {
        cid: int(round_half_up(behaviour.days_to_pay, 0))
        for cid, behaviour in payment_behaviour(entity=entity).items()
        if behaviour.days_to_pay is not None
    }


def _ageing_aggregates(today: dt.date) -> dict[str, Any]:
    aggregates: dict[str, Any] = {
        "outstanding": Sum(AMOUNT_DUE),
        "overdue": Sum(AMOUNT_DUE, filter=Q(due_date__lt=today)),
        "current": Sum(AMOUNT_DUE, filter=Q(due_date__gte=today)),
        "oldest_due": Min("due_date", filter=Q(due_date__lt=today)),  # the longest overdue
    }
    for name, low, high in BUCKETS:
        window = Q(due_date__lte=today - dt.timedelta(days=low))
        if high is not None:
            window &= Q(due_date__gte=today - dt.timedelta(days=high))
        aggregates[name] = Sum(AMOUNT_DUE, filter=window)
    return aggregates


def client_receivables(*, entity: Entity, today: dt.date | None = None) -> list[ClientReceivables]:
    """Every client of the entity with open invoices or receipts: ageing, days to pay, late flag."""
    today = today or timezone.localdate()
    aggregates = _ageing_aggregates(today)
    open_rows: dict[int, dict[str, Any]] = {
        row["client_id"]: dict(row)
        for row in Invoice.objects.filter(entity=entity, status__in=OPEN_STATUSES)
        .order_by()
        .values("client_id")
        .annotate(**aggregates)
    }
    behaviour = payment_behaviour(entity=entity)
    ids = set(open_rows) | set(behaviour)
    result = []
    for client in Client.objects.filter(pk__in=ids).order_by("code"):
        row: dict[str, Any] = open_rows.get(client.pk, {})
        paid = behaviour.get(client.pk, PaymentBehaviour(0, None, None))
        oldest = row.get("oldest_due")
        result.append(
            ClientReceivables(
                client_code=client.code,
                client_name=client.name,
                payment_terms_days=client.payment_terms_days,
                outstanding=money(row.get("outstanding")),
                overdue=money(row.get("overdue")),
                current=money(row.get("current")),
                days1_to30=money(row.get("days1To30")),
                days31_to60=money(row.get("days31To60")),
                days61_to90=money(row.get("days61To90")),
                days90_plus=money(row.get("days90Plus")),
                oldest_days_overdue=(today - oldest).days if oldest else 0,
                receipts=paid.receipts,
                days_to_pay=paid.days_to_pay,
                average_days_late=paid.average_days_late,
            )
        )
    return result


@dataclass(frozen=True)
class ReceivablesReport:
    summary: dict[str, Any]  # kserp.finance.receivables.receivables_summary
    clients: list[ClientReceivables]


def receivables_report(*, entity: Entity, today: dt.date | None = None) -> ReceivablesReport:
    today = today or timezone.localdate()
    return ReceivablesReport(
        summary={
            key: money(value) if isinstance(value, Decimal) else value
            for key, value in receivables_summary(entity=entity, today=today).items()
        },
        clients=client_receivables(entity=entity, today=today),
    )


# --- 13-week cash-flow forecast ------------------------------------------------------------------
@dataclass(frozen=True)
class ForecastWeek:
    week_starting: dt.date
    receipts: Decimal
    wages: Decimal
    oncosts: Decimal

    @property
    def net(self) -> Decimal:
        return self.receipts - self.wages - self.oncosts


@dataclass(frozen=True)
class CashFlowForecast:
    as_of: dt.date
    weeks: list[ForecastWeek]
    receipts_later: Decimal  # expected after the last week


def expected_receipt_date(invoice_issue: dt.date, due: dt.date, days_to_pay: Decimal | None) -> dt.date:
    """The client's habit (issue date + its days to pay, rounded half-up), else the due date."""
    if days_to_pay is None:
        return due
    return invoice_issue + dt.timedelta(days=int(_round(days_to_pay, 0)))


def placement_weekly_costs(*, entity: Entity, before: dt.date) -> dict[int, tuple[Decimal, Decimal]]:
    """Per ACTIVE job order of the entity: (wage, oncosts) of an average recent week, from its
    approved weeks ending in the `FORECAST_RECENT_WEEKS` weeks before `before`."""
    since = before - dt.timedelta(weeks=FORECAST_RECENT_WEEKS)
    rows = (
        BillLine.objects.filter(
            entity=entity,
            job_order__status=JobOrderStatus.ACTIVE,
            week_ending__gte=since,
            week_ending__lt=before,
        )
        .order_by()
        .values("job_order_id")
        .annotate(wage_sum=Sum("wage"), oncosts_sum=Sum("oncost_total"), weeks=Count("timesheet_id", distinct=True))
    )
    return {
        row["job_order_id"]: (
            _round(money(row["wage_sum"]) / row["weeks"], 2),
            _round(money(row["oncosts_sum"]) / row["weeks"], 2),
        )
        for row in rows
    }


def cash_flow_forecast(*, entity: Entity, today: dt.date | None = None) -> CashFlowForecast:
    """Week 0 is the week (Monday to Sunday) containing `today`, then 12 more.

    - Receipts: each open invoice's amount due on its expected date (`expected_receipt_date`);
      an expected date already past lands in week 0.
    - Payroll: each ACTIVE placement's average recent week (`placement_weekly_costs`) in every
      forecast week it runs in (start ≤ Sunday, end open or ≥ Monday).
    """
    today = today or timezone.localdate()
    first = today - dt.timedelta(days=today.weekday())
    mondays = [first + dt.timedelta(weeks=n) for n in range(FORECAST_WEEKS)]
    receipts = [ZERO] * FORECAST_WEEKS
    later = ZERO
    behaviour = payment_behaviour(entity=entity)
    open_invoices = (
        Invoice.objects.filter(entity=entity, status__in=OPEN_STATUSES)
        .annotate(due_amount=AMOUNT_DUE)
        .values_list("client_id", "issue_date", "due_date", "due_amount")
    )
    for client_id, issued, due, due_amount in open_invoices:
        amount = money(due_amount)
        habit = behaviour.get(client_id)
        expected = expected_receipt_date(issued, due, habit.days_to_pay if habit else None)
        index = max(0, (expected - first).days // 7)
        if index < FORECAST_WEEKS:
            receipts[index] += amount
        else:
            later += amount
    wages = [ZERO] * FORECAST_WEEKS
    oncosts = [ZERO] * FORECAST_WEEKS
    costs = placement_weekly_costs(entity=entity, before=first)
    placements = JobOrder.objects.filter(pk__in=costs).values_list("pk", "start", "end")
    for pk, start, end in placements:
        wage, oncost = costs[pk]
        for n, monday in enumerate(mondays):
            if start <= monday + dt.timedelta(days=6) and (end is None or end >= monday):
                wages[n] += wage
                oncosts[n] += oncost
    return CashFlowForecast(
        as_of=today,
        weeks=[ForecastWeek(mondays[n], receipts[n], wages[n], oncosts[n]) for n in range(FORECAST_WEEKS)],
        receipts_later=later,
    )
