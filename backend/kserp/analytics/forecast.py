"""The 13-week cash-flow forecast (docs/analytics.md, "13-week cash-flow forecast").

Receipts come from three places: open invoices (amount due, on the date the client's own days-to-pay
history says), approved bill lines not yet invoiced, and active job orders' expected weeks until
their end date (the average of their recent approved weeks). Outgoings come from ONE function,
`outgoings_for`, which today derives pay runs, PAYG, super, payroll tax and GST from the same expected
weeks; when pay runs and payables exist it is the one place to read them instead.

Every cash movement is a `CashItem` (date, kind, amount, reference) so each bar can be drilled into.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum
from typing import Any

from django.db.models import Count, F, Max, Min, Q, Sum
from django.db.models.functions import TruncQuarter
from django.utils import timezone

from kserp.analytics import summary
from kserp.analytics.models import ClientSummary, PlacementWeek
from kserp.analytics.selectors import days_to_pay_by_client, money
from kserp.base.models import Entity
from kserp.base.money import round_half_up
from kserp.crm.models import Client
from kserp.finance.ledger import CHART
from kserp.finance.models import Invoice, JournalLine
from kserp.finance.receivables import AMOUNT_DUE, OPEN_STATUSES
from kserp.orders.models import BillLine, JobOrderStatus, PayLine
from kserp.payroll.models import PaymentKind, PayRunPayment
from kserp.payroll.selectors import SUPER_DUE_DAYS, payg_due_date

ZERO = Decimal("0.00")
WEEKS = 13
#: Approved weeks (ending in the 4 weeks before week 0) averaged for a placement's expected week.
RECENT_WEEKS = 4
#: An approved week is invoiced this many days after its Sunday (the Monday billing run).
INVOICE_LAG_DAYS = 1


class CashKind(Enum):
    INVOICE = "INVOICE"  # an open invoice's amount due
    UNBILLED = "UNBILLED"  # approved bill lines not yet invoiced (with GST)
    PROJECTED = "PROJECTED"  # an active job order's expected week (with GST)
    NET_PAY = "NET_PAY"
    PAYG = "PAYG"
    SUPER = "SUPER"
    PAYROLL_TAX = "PAYROLL_TAX"
    ONCOSTS = "ONCOSTS"  # the other oncosts of a pay run (workers compensation, bill oncosts)
    GST = "GST"  # the BAS: GST on invoices of a quarter


RECEIPT_KINDS = (CashKind.INVOICE, CashKind.UNBILLED, CashKind.PROJECTED)


@dataclass(frozen=True)
class CashItem:
    date: dt.date
    kind: CashKind
    amount: Decimal  # positive; receipts in, the rest out
    reference: str  # invoice number, job order code, client code or period
    client: str = ""

    @property
    def incoming(self) -> bool:
        return self.kind in RECEIPT_KINDS


@dataclass(frozen=True)
class OutgoingsPolicy:
    """How expected wages turn into payments. Defaults: weekly pay 3 days after the week's Sunday;
    PAYG 20 % of wages, remitted the 21st of the next month; super 12 % of wages within 7 days of
    pay day (payday super); payroll tax 5.45 % of wages, the 7th of the next month; the rest of the
    week's oncosts with the pay run; the BAS on the 28th of the second month after a quarter ends
    (28 February for October to December)."""

    pay_frequency: str = "WEEKLY"  # or FORTNIGHTLY (paid after each even ISO week)
    pay_day_offset_days: int = 3
    payg_percent: Decimal = Decimal("20")
    super_percent: Decimal = Decimal("12")
    super_within_days: int = 7
    payroll_tax_percent: Decimal = Decimal("5.45")


@dataclass(frozen=True)
class Scenario:
    """What-ifs: clients paying N days later (client id → days), placements ending early (job order
    id → last day)."""

    client_delays: dict[int, int] = field(default_factory=dict)
    placement_ends: dict[int, dt.date] = field(default_factory=dict)


@dataclass(frozen=True)
class ExpectedWeeks:
    """An active job order's expected weeks of work (by their Sundays), each its recent average."""

    job_order_id: int
    code: str
    client_id: int
    client: str
    sundays: list[dt.date]
    bill_amount: Decimal
    wage: Decimal
    oncosts: Decimal


def _monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _next_month_day(day: dt.date, day_of_month: int) -> dt.date:
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    return dt.date(year, month, day_of_month)


def _pct(amount: Decimal, percent: Decimal) -> Decimal:
    return round_half_up(amount * percent / 100, 2)


def expected_weeks(
    *, entity: Entity, first_monday: dt.date, weeks: int, scenario: Scenario = Scenario()
) -> list[ExpectedWeeks]:
    """Each ACTIVE job order of the entity, its average recent approved week (bill, wage, oncosts
    summed over the weeks ending in the 4 weeks before `first_monday`, ÷ those weeks, half-up), in
    every week from the last unapproved one up to the forecast's end, while it runs (start ≤ Sunday,
    end or a scenario's early end ≥ Monday)."""
    since = first_monday - dt.timedelta(weeks=RECENT_WEEKS)
    last_sunday = first_monday - dt.timedelta(days=1)
    source: Any = PlacementWeek.objects.filter(lines__gt=0) if summary.in_use() else BillLine.objects.all()
    _job = ("job_order__code", "job_order__client_id", "job_order__client__code", "job_order__start", "job_order__end")
    recent = (
        source.filter(
            entity=entity, job_order__status=JobOrderStatus.ACTIVE, week_ending__gte=since, week_ending__lt=first_monday
        )
        .order_by()
        .values("job_order_id", *_job)
        .annotate(
            bill=Sum("bill_amount"),
            wage_sum=Sum("wage"),
            oncost_sum=Sum("oncost_total"),
            weeks=Count("week_ending", distinct=True),
            last_week=Count("week_ending", filter=Q(week_ending=last_sunday)),
        )
        .order_by("job_order__code")
    )
    result = []
    # Every Sunday a job order may be expected in: the week before week 0, then the forecast's weeks.
    first_possible = first_monday - dt.timedelta(weeks=1)
    all_sundays = [first_possible + dt.timedelta(days=6, weeks=n) for n in range(weeks + 1)]
    for r in recent:
        pk = r["job_order_id"]
        ends = [d for d in (r["job_order__end"], scenario.placement_ends.get(pk)) if d is not None]
        end = min(ends) if ends else None
        # From the last week not approved yet, while it runs (starts by the Sunday, ends after the
        # Monday): a slice of the Sundays.
        low = 1 if r["last_week"] else 0
        low = max(low, -(-(r["job_order__start"] - all_sundays[0]).days // 7))
        high = len(all_sundays) if end is None else min(len(all_sundays), (end - first_possible).days // 7 + 1)
        sundays = all_sundays[low:high] if low < high else []
        if sundays:
            weeks_n = r["weeks"]
            result.append(
                ExpectedWeeks(
                    pk,
                    r["job_order__code"],
                    r["job_order__client_id"],
                    r["job_order__client__code"],
                    sundays,
                    round_half_up(money(r["bill"]) / weeks_n, 2),
                    round_half_up(money(r["wage_sum"]) / weeks_n, 2),
                    round_half_up(money(r["oncost_sum"]) / weeks_n, 2),
                )
            )
    return result


def weekly_totals(
    spans: list[tuple[Any, list[dt.date], tuple[Decimal, ...]]],
) -> dict[tuple[Any, dt.date], list[Decimal]]:
    """Per (key, Sunday): the sum of the values of every span covering that Sunday. Each span is
    (key, its consecutive Sundays, values); summed with a running total over each key's weeks
    (a span adds at its first Sunday and takes off after its last), so the cost is one step per
    span plus one per key and week, not per span and week."""
    steps: dict[Any, dict[dt.date, list[Decimal]]] = defaultdict(dict)
    for key, sundays, values in spans:
        if not sundays:
            continue
        for day, sign in ((sundays[0], 1), (sundays[-1] + dt.timedelta(weeks=1), -1)):
            at = steps[key].setdefault(day, [ZERO] * len(values))
            for n, value in enumerate(values):
                at[n] += sign * value
    result: dict[tuple[Any, dt.date], list[Decimal]] = {}
    for key, changes in steps.items():
        days = sorted(changes)
        running: list[Decimal] = [ZERO] * len(changes[days[0]])
        day = days[0]
        while day < days[-1]:
            if day in changes:
                running = [a + b for a, b in zip(running, changes[day], strict=True)]
            if any(running):
                result[(key, day)] = running
            day += dt.timedelta(weeks=1)
    return result


def _pay_day(sunday: dt.date, policy: OutgoingsPolicy) -> dt.date:
    if policy.pay_frequency == "FORTNIGHTLY" and sunday.isocalendar().week % 2:
        sunday += dt.timedelta(weeks=1)  # an odd week is paid with the next (even) one
    return sunday + dt.timedelta(days=policy.pay_day_offset_days)


def _bas_due(quarter_end: dt.date) -> dt.date:
    """28th of the month after the quarter's end; the October-December quarter on 28 February."""
    month_after = _next_month_day(quarter_end, 28)
    return _next_month_day(month_after, 28) if quarter_end.month == 12 else month_after


def _quarter_end(day: dt.date) -> dt.date:
    month = ((day.month - 1) // 3) * 3 + 3
    return _next_month_day(dt.date(day.year, month, 1), 1) - dt.timedelta(days=1)


#: Approved pay lines not yet on a pay run are looked for in the timesheet weeks of this many weeks
#: before week 0 (older ones are assumed paid some other way).
UNPAID_WEEKS_BACK = 12


def approved_unpaid_weeks(*, entity: Entity, first_monday: dt.date) -> list[ExpectedWeeks]:
    """Approved pay lines of weeks ending before week 0 that no pay run has paid yet: their wages per
    week, to be paid on the week's pay day (before week 0: in week 0). One grouped query."""
    rows = (
        PayLine.objects.filter(
            job_order__entity=entity,
            payment_line__isnull=True,
            timesheet__week_starting__gte=first_monday - dt.timedelta(weeks=UNPAID_WEEKS_BACK),
            timesheet__week_starting__lt=first_monday - dt.timedelta(days=6),
        )
        .order_by()
        .values("timesheet__week_starting")
        .annotate(wage_sum=Sum("wage"))
        .order_by("timesheet__week_starting")
    )
    return [
        ExpectedWeeks(
            0,
            "approved",
            0,
            "",
            [r["timesheet__week_starting"] + dt.timedelta(days=6)],
            ZERO,
            money(r["wage_sum"]),
            ZERO,
        )
        for r in rows
        if r["wage_sum"]
    ]


def recorded_payroll(*, entity: Entity, first_monday: dt.date, policy: OutgoingsPolicy) -> list[CashItem]:
    """What pay runs already recorded (kserp/payroll) will still cost: the nets of runs not marked
    paid on their pay dates (payslips and RCTIs), PAYG withheld on the 21st of the month after the
    pay date, super 7 days after it, and payroll tax on the payslips' gross on the 7th of the next
    month. PAYG, super and payroll tax already due before week 0 are taken as paid (their payment is
    not recorded yet). Aggregated in SQL: a handful of rows per pay run."""
    items: list[CashItem] = []
    unpaid = (
        PayRunPayment.objects.filter(entity=entity, pay_run__paid_at__isnull=True, net__gt=0)
        .order_by()
        .values("pay_run_id", "pay_date")
        .annotate(total=Sum("net"))
    )
    for row in unpaid:
        items.append(CashItem(row["pay_date"], CashKind.NET_PAY, row["total"], f"Pay run {row['pay_run_id']}"))
    recent = (
        PayRunPayment.objects.filter(entity=entity, pay_date__gte=first_monday - dt.timedelta(days=70))
        .order_by()
        .values("pay_run_id", "pay_date")
        .annotate(
            payg=Sum("withholding"),
            superannuation=Sum("superannuation"),
            gross=Sum("gross", filter=Q(kind=PaymentKind.PAYSLIP)),
        )
    )
    payg: dict[dt.date, Decimal] = defaultdict(Decimal)
    payroll_tax: dict[dt.date, Decimal] = defaultdict(Decimal)
    for paid in recent:
        reference = f"Pay run {paid['pay_run_id']}"
        super_due = paid["pay_date"] + dt.timedelta(days=SUPER_DUE_DAYS)
        if super_due >= first_monday and paid["superannuation"]:
            items.append(CashItem(super_due, CashKind.SUPER, paid["superannuation"], reference))
        payg[payg_due_date(paid["pay_date"])] += paid["payg"] or ZERO
        payroll_tax[_next_month_day(paid["pay_date"], 7)] += _pct(money(paid["gross"]), policy.payroll_tax_percent)
    for due, amount in payg.items():
        if due >= first_monday:
            items.append(CashItem(due, CashKind.PAYG, amount, f"PAYG {due:%Y-%m} (pay runs)"))
    for due, amount in payroll_tax.items():
        if due >= first_monday:
            items.append(CashItem(due, CashKind.PAYROLL_TAX, amount, f"Payroll tax {due:%Y-%m} (pay runs)"))
    return items


def outgoings_for(
    entity: Entity,
    weeks: int = WEEKS,
    *,
    first_monday: dt.date,
    expected: list[ExpectedWeeks],
    gst_invoiced: dict[dt.date, Decimal],
    policy: OutgoingsPolicy = OutgoingsPolicy(),
) -> list[CashItem]:
    """Every payment the entity is expected to make from `first_monday` for `weeks` weeks.

    Three sources of payroll, which never overlap: pay runs already recorded (`recorded_payroll`),
    approved pay lines no run has paid (`approved_unpaid_weeks`, weeks before week 0), and the
    job orders' expected weeks (`expected`, from the last unapproved week on), the last two turned
    into pay runs, PAYG, super and payroll tax by `policy`. Then the BAS: `gst_invoiced` is GST on
    invoices (issued and expected) by quarter end."""
    end = first_monday + dt.timedelta(weeks=weeks)
    items: list[CashItem] = recorded_payroll(entity=entity, first_monday=first_monday, policy=policy)
    net_pay: dict[dt.date, Decimal] = defaultdict(Decimal)
    other_oncosts: dict[dt.date, Decimal] = defaultdict(Decimal)
    super_by_run: dict[dt.date, Decimal] = defaultdict(Decimal)
    payroll_tax_by_month: dict[dt.date, Decimal] = defaultdict(Decimal)
    payg_by_month: dict[dt.date, Decimal] = defaultdict(Decimal)
    # Each week of a job order costs the same: round once per job order, then sum per Sunday.
    spans: list[tuple[Any, list[dt.date], tuple[Decimal, ...]]] = []
    for run in [*approved_unpaid_weeks(entity=entity, first_monday=first_monday), *expected]:
        payg = _pct(run.wage, policy.payg_percent)
        superannuation = _pct(run.wage, policy.super_percent)
        payroll_tax = _pct(run.wage, policy.payroll_tax_percent)
        other = max(ZERO, run.oncosts - superannuation - payroll_tax)
        spans.append(("", run.sundays, (run.wage - payg, other, superannuation, payg, payroll_tax)))
    for (_, sunday), (net, other, superannuation, payg, payroll_tax) in sorted(weekly_totals(spans).items()):
        pay_day = _pay_day(sunday, policy)
        net_pay[pay_day] += net
        other_oncosts[pay_day] += other
        super_by_run[pay_day] += superannuation
        payg_by_month[_next_month_day(pay_day, 21)] += payg
        payroll_tax_by_month[_next_month_day(pay_day, 7)] += payroll_tax
    for pay_day in sorted(net_pay):
        reference = f"Pay run {pay_day}"
        items.append(CashItem(pay_day, CashKind.NET_PAY, net_pay[pay_day], reference))
        items.append(CashItem(pay_day, CashKind.ONCOSTS, other_oncosts[pay_day], reference))
        super_day = pay_day + dt.timedelta(days=policy.super_within_days)
        items.append(CashItem(super_day, CashKind.SUPER, super_by_run[pay_day], reference))
    for due, amount in sorted(payg_by_month.items()):
        items.append(CashItem(due, CashKind.PAYG, amount, f"PAYG {due:%Y-%m}"))
    for due, amount in sorted(payroll_tax_by_month.items()):
        items.append(CashItem(due, CashKind.PAYROLL_TAX, amount, f"Payroll tax {due:%Y-%m}"))
    for quarter_end, amount in sorted(gst_invoiced.items()):
        if _bas_due(quarter_end) < first_monday:
            continue  # lodged before the forecast starts
        items.append(CashItem(_bas_due(quarter_end), CashKind.GST, amount, f"BAS quarter ending {quarter_end}"))
    return [item for item in items if item.amount and item.date < end]


@dataclass(frozen=True)
class ForecastWeek:
    week_starting: dt.date
    opening: Decimal
    items: list[CashItem]

    def total(self, *kinds: CashKind) -> Decimal:
        return sum((i.amount for i in self.items if i.kind in kinds), ZERO)

    @property
    def receipts(self) -> Decimal:
        return self.total(*RECEIPT_KINDS)

    @property
    def payments(self) -> Decimal:
        return sum((i.amount for i in self.items if not i.incoming), ZERO)

    @property
    def net(self) -> Decimal:
        return self.receipts - self.payments

    @property
    def closing(self) -> Decimal:
        return self.opening + self.net


@dataclass(frozen=True)
class Forecast:
    entity: str
    currency: str
    as_of: dt.date
    opening_balance: Decimal
    weeks: list[ForecastWeek]
    receipts_later: Decimal

    @property
    def lowest(self) -> ForecastWeek:
        return min(self.weeks, key=lambda w: (w.closing, w.week_starting))

    @property
    def gap_week(self) -> ForecastWeek | None:
        """The first week whose closing balance is below zero."""
        return next((w for w in self.weeks if w.closing < 0), None)


def bank_balance(*, entity: Entity) -> Decimal:
    """The entity's bank account in the ledger (debits − credits)."""
    code = CHART["BANK"][0]
    sums = JournalLine.objects.filter(account__entity=entity, account__code=code).aggregate(
        debit=Sum("debit"), credit=Sum("credit")
    )
    return money(sums["debit"]) - money(sums["credit"])


def _days_to_pay(entity: Entity) -> dict[int, int]:
    """Per client id of the entity: its days to pay (history, rounded), else its terms."""
    result = dict(Client.objects.filter(entity=entity).values_list("pk", "payment_terms_days"))
    result.update(days_to_pay_by_client(entity=entity))
    return result


def cash_flow(
    *,
    entity: Entity,
    today: dt.date | None = None,
    opening_balance: Decimal | None = None,
    scenario: Scenario = Scenario(),
    policy: OutgoingsPolicy = OutgoingsPolicy(),
    weeks: int = WEEKS,
) -> Forecast:
    """Week 0 is the week (Monday to Sunday) containing `today`; anything expected before it lands
    in week 0. The opening balance is the ledger's bank balance unless given."""
    today = today or timezone.localdate()
    first = _monday(today)
    end = first + dt.timedelta(weeks=weeks)
    tax = entity.tax_rate
    days_to_pay = _days_to_pay(entity)

    def paid_on(client_id: int, issued: dt.date) -> dt.date:
        return issued + dt.timedelta(days=days_to_pay.get(client_id, 30) + scenario.client_delays.get(client_id, 0))

    items: list[CashItem] = []
    gst: dict[dt.date, Decimal] = defaultdict(Decimal)
    # Open invoices per client and issue date (one receipt date each), summed in SQL.
    for client_id, client, issued, due, count, low, high in (
        Invoice.objects.filter(entity=entity, status__in=OPEN_STATUSES)
        .order_by()
        .values_list("client_id", "client__code", "issue_date")
        .annotate(due=Sum(AMOUNT_DUE), count=Count("id"), low=Min("number"), high=Max("number"))
    ):
        reference = low if count == 1 else f"{count} invoices {low}…{high}"
        items.append(CashItem(paid_on(client_id, issued), CashKind.INVOICE, money(due), reference, client))
    for quarter_start, total in (
        Invoice.objects.filter(entity=entity, issue_date__gt=_quarter_end(first - dt.timedelta(days=190)))
        .annotate(quarter=TruncQuarter("issue_date"))
        .order_by()
        .values_list("quarter")
        .annotate(total=Sum("tax_total"))
    ):
        gst[_quarter_end(quarter_start)] += total
    unbilled = (
        ClientSummary.objects.filter(entity=entity).exclude(unbilled=0).annotate(amount=F("unbilled"))
        if summary.in_use()
        else BillLine.objects.filter(entity=entity, invoice_line__isnull=True).annotate(amount=F("bill_amount"))
    )
    for client_id, client, bill in (
        unbilled.order_by()
        .values_list("client_id", "client__code")
        .annotate(bill=Sum("amount"))
        .order_by("client__code")
    ):
        amount = money(bill)
        gst[_quarter_end(today)] += _pct(amount, tax)
        items.append(CashItem(paid_on(client_id, today), CashKind.UNBILLED, amount + _pct(amount, tax), client, client))
    expected = expected_weeks(entity=entity, first_monday=first, weeks=weeks, scenario=scenario)
    codes = {run.client_id: run.client for run in expected}
    projected = weekly_totals(
        [(run.client_id, run.sundays, (run.bill_amount, _pct(run.bill_amount, tax))) for run in expected]
    )
    for (client_id, sunday), (bill, week_tax) in sorted(projected.items()):
        issued = sunday + dt.timedelta(days=INVOICE_LAG_DAYS)
        gst[_quarter_end(issued)] += week_tax
        client = codes[client_id]
        items.append(CashItem(paid_on(client_id, issued), CashKind.PROJECTED, bill + week_tax, client, client))
    items += outgoings_for(entity, weeks, first_monday=first, expected=expected, gst_invoiced=gst, policy=policy)
    by_week: list[list[CashItem]] = [[] for _ in range(weeks)]
    later = ZERO
    for item in items:
        if item.date >= end:
            later += item.amount if item.incoming else ZERO
            continue
        by_week[max(0, (item.date - first).days // 7)].append(item)
    balance = bank_balance(entity=entity) if opening_balance is None else opening_balance
    result = []
    for n in range(weeks):
        ordered = sorted(by_week[n], key=lambda i: (i.date, i.kind.value, i.reference))
        week = ForecastWeek(first + dt.timedelta(weeks=n), balance, ordered)
        result.append(week)
        balance = week.closing
    return Forecast(entity.code, entity.currency, today, result[0].opening if result else ZERO, result, later)


def group_cash_flow(*, forecasts: list[tuple[Entity, Forecast]], currency: str) -> Forecast:
    """Entities' forecasts in the group currency (each amount × the entity's group_currency_rate,
    half-up to cents), week by week; references carry the entity code."""
    weeks = len(forecasts[0][1].weeks) if forecasts else 0
    opening = sum((round_half_up(f.opening_balance * e.group_currency_rate, 2) for e, f in forecasts), ZERO)
    result = []
    balance = opening
    for n in range(weeks):
        items = [
            CashItem(
                i.date, i.kind, round_half_up(i.amount * e.group_currency_rate, 2), f"{e.code} {i.reference}", i.client
            )
            for e, f in forecasts
            for i in f.weeks[n].items
        ]
        week = ForecastWeek(forecasts[0][1].weeks[n].week_starting, balance, items)
        result.append(week)
        balance = week.closing
    later = sum((round_half_up(f.receipts_later * e.group_currency_rate, 2) for e, f in forecasts), ZERO)
    as_of = forecasts[0][1].as_of if forecasts else timezone.localdate()
    return Forecast("GROUP", currency, as_of, opening, result, later)
