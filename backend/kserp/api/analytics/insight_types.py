"""GraphQL types of insight (docs/analytics.md): margins by dimension, trends, the cash flow with
its items, late payers, DSO, utilisation, the redeployment list, account performance, the morning
dashboard and notifications."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import Enum

import strawberry

from kserp.analytics import forecast as fc
from kserp.analytics import late_payers as lp
from kserp.analytics import margins as mg
from kserp.analytics import performance as pf
from kserp.analytics.models import Notification as NotificationModel
from kserp.api.core.permissions import Confidential, Require

MarginDimension = strawberry.enum(mg.Dimension, name="MarginDimension", description="What margins are grouped by.")
CashFlowKind = strawberry.enum(fc.CashKind, name="CashFlowKind", description="Where a cash movement comes from.")


@strawberry.enum(description="Weekly or fortnightly pay runs (fortnights end on even ISO weeks).")
class PayFrequency(Enum):
    WEEKLY = "WEEKLY"
    FORTNIGHTLY = "FORTNIGHTLY"


@strawberry.type(description="Margins of one group (or the total), gross, net of credits and of overhead.")
class DimensionMargin:
    key: str = strawberry.field(description="Job order code, client code, division, consultant username or entity.")
    label: str
    bill_amount: Decimal
    credits: Decimal = strawberry.field(description="Credit notes against these bill lines (ex GST).")
    revenue: Decimal = strawberry.field(description="billAmount − credits.")
    wage: Decimal
    oncosts: Decimal
    gross_margin: Decimal = strawberry.field(description="billAmount − wage − oncosts.")
    gross_margin_percent: Decimal | None = strawberry.field(description="(grossMargin − credits) / revenue × 100.")
    overhead: Decimal = strawberry.field(description="Overhead allocated by the configured rules.")
    net_margin: Decimal = strawberry.field(description="grossMargin − credits − overhead.")
    net_margin_percent: Decimal | None = strawberry.field(description="netMargin / revenue × 100.")
    hours: Decimal = strawberry.field(description="Quantity of hour-unit pay codes.")
    placements: int

    @classmethod
    def of(cls, row: mg.DimensionMargin) -> DimensionMargin:
        return cls(
            key=row.key,
            label=row.label,
            bill_amount=row.bill_amount,
            credits=row.credits,
            revenue=row.revenue,
            wage=row.wage,
            oncosts=row.oncosts,
            gross_margin=row.gross_margin,
            gross_margin_percent=row.percent(row.margin_after_credits),
            overhead=row.overhead,
            net_margin=row.net_margin,
            net_margin_percent=row.percent(row.net_margin),
            hours=row.hours,
            placements=row.placements,
        )


@strawberry.type(description="Margins of a period grouped by one dimension (weeks ending in from..to).")
class MarginByDimension:
    dimension: MarginDimension  # type: ignore[valid-type]
    date_from: dt.date = strawberry.field(name="from")
    date_to: dt.date = strawberry.field(name="to")
    totals: DimensionMargin
    rows: list[DimensionMargin]
    unallocated_overhead: Decimal = strawberry.field(description="Overhead of rules with nothing in their scope.")

    @classmethod
    def of(cls, report: mg.MarginByDimension) -> MarginByDimension:
        return cls(
            dimension=report.dimension,
            date_from=report.window.date_from,
            date_to=report.window.date_to,
            totals=DimensionMargin.of(report.totals),
            rows=[DimensionMargin.of(r) for r in report.rows],
            unallocated_overhead=report.unallocated_overhead,
        )


@strawberry.type(description="One week of a margin trend.")
class MarginTrendPoint:
    week_ending: dt.date
    figures: DimensionMargin


@strawberry.type(description="One expected cash movement: what a bar of the forecast is made of.")
class CashFlowItem:
    date: dt.date
    kind: CashFlowKind  # type: ignore[valid-type]
    amount: Decimal
    incoming: bool
    reference: str = strawberry.field(description="Invoice number, job order code, client code or period.")
    client: str

    @classmethod
    def of(cls, item: fc.CashItem) -> CashFlowItem:
        return cls(
            date=item.date,
            kind=item.kind,
            amount=item.amount,
            incoming=item.incoming,
            reference=item.reference,
            client=item.client,
        )


@strawberry.type(description="One week (Monday to Sunday) of the cash flow.")
class CashFlowWeekDetail:
    week_starting: dt.date
    opening: Decimal
    receipts: Decimal
    invoice_receipts: Decimal = strawberry.field(description="From open invoices.")
    unbilled_receipts: Decimal = strawberry.field(description="From approved lines not yet invoiced (with GST).")
    projected_receipts: Decimal = strawberry.field(description="From active job orders' expected weeks (with GST).")
    net_pay: Decimal
    payg: Decimal
    superannuation: Decimal
    payroll_tax: Decimal
    oncosts: Decimal
    gst: Decimal
    payments: Decimal
    net: Decimal
    closing: Decimal
    items: list[CashFlowItem]

    @classmethod
    def of(cls, week: fc.ForecastWeek) -> CashFlowWeekDetail:
        k = fc.CashKind
        return cls(
            week_starting=week.week_starting,
            opening=week.opening,
            receipts=week.receipts,
            invoice_receipts=week.total(k.INVOICE),
            unbilled_receipts=week.total(k.UNBILLED),
            projected_receipts=week.total(k.PROJECTED),
            net_pay=week.total(k.NET_PAY),
            payg=week.total(k.PAYG),
            superannuation=week.total(k.SUPER),
            payroll_tax=week.total(k.PAYROLL_TAX),
            oncosts=week.total(k.ONCOSTS),
            gst=week.total(k.GST),
            payments=week.payments,
            net=week.net,
            closing=week.closing,
            items=[CashFlowItem.of(i) for i in week.items],
        )


@strawberry.type(description="13 weeks of expected receipts and payments and the bank balance they leave.")
class CashFlow:
    entity: str = strawberry.field(description="The entity's code, or GROUP.")
    currency: str
    as_of: dt.date
    opening_balance: Decimal
    weeks: list[CashFlowWeekDetail]
    lowest_balance: Decimal
    lowest_week: dt.date
    gap_week: dt.date | None = strawberry.field(description="The first week closing below zero; null: no gap.")
    receipts_later: Decimal

    @classmethod
    def of(cls, forecast: fc.Forecast) -> CashFlow:
        gap = forecast.gap_week
        return cls(
            entity=forecast.entity,
            currency=forecast.currency,
            as_of=forecast.as_of,
            opening_balance=forecast.opening_balance,
            weeks=[CashFlowWeekDetail.of(w) for w in forecast.weeks],
            lowest_balance=forecast.lowest.closing,
            lowest_week=forecast.lowest.week_starting,
            gap_week=gap.week_starting if gap else None,
            receipts_later=forecast.receipts_later,
        )


@strawberry.input(description="A client paying N days later than its habit.")
class ClientDelayInput:
    client: strawberry.ID
    days: int


@strawberry.input(description="A placement (job order) ending early, on its last day.")
class PlacementEndInput:
    job_order: strawberry.ID
    end: dt.date


@strawberry.input(description="What-ifs for the cash flow.")
class CashFlowScenarioInput:
    client_delays: list[ClientDelayInput] = strawberry.field(default_factory=list)
    placement_ends: list[PlacementEndInput] = strawberry.field(default_factory=list)


@strawberry.type(description="A client's payment habit against its terms.")
class LatePayer:
    client: str
    name: str
    payment_terms_days: int
    recent_receipts: int
    recent_days_to_pay: Decimal | None = strawberry.field(
        description="Amount-weighted days from issue to receipt over its most recent receipts."
    )
    drift: Decimal | None = strawberry.field(description="recentDaysToPay − paymentTermsDays.")
    late: bool = strawberry.field(description="drift is more than the configured late_payers.drift_days.")
    outstanding: Decimal
    overdue: Decimal
    dso: Decimal | None = strawberry.field(description="Days sales outstanding: owed ÷ 90 days' sales × 90.")

    @classmethod
    def of(cls, p: lp.LatePayer) -> LatePayer:
        return cls(
            client=p.client,
            name=p.name,
            payment_terms_days=p.terms,
            recent_receipts=p.recent_receipts,
            recent_days_to_pay=p.recent_days_to_pay,
            drift=p.drift,
            late=p.late,
            outstanding=p.outstanding,
            overdue=p.overdue,
            dso=p.dso,
        )


@strawberry.type(description="Days sales outstanding on a day.")
class DsoPoint:
    date: dt.date
    dso: Decimal | None


@strawberry.type(description="An open invoice behind an ageing bucket.")
class AgeingInvoice:
    number: str
    client: str
    issue_date: dt.date
    due_date: dt.date
    total: Decimal
    amount_due: Decimal
    days_overdue: int
    bucket: str = strawberry.field(description="current, days1To30, days31To60, days61To90 or days90Plus.")


@strawberry.type(description="A worker's hours billed over hours available in their job orders.")
class WorkerUtilisation:
    payee: str
    name: str
    hours_worked: Decimal
    hours_available: Decimal = strawberry.field(description="38 hours per week each of their job orders ran.")
    percent: Decimal | None

    @classmethod
    def of(cls, u: pf.Utilisation) -> WorkerUtilisation:
        return cls(
            payee=u.payee,
            name=u.name,
            hours_worked=u.hours_worked,
            hours_available=u.hours_available,
            percent=u.percent,
        )


@strawberry.type(description="A placement ending soon: its worker to redeploy.")
class PlacementEnding:
    job_order: str
    title: str
    client: str
    payee: str
    payee_name: str
    consultant: str
    end: dt.date

    @classmethod
    def of(cls, e: pf.Ending) -> PlacementEnding:
        return cls(
            job_order=e.job_order,
            title=e.title,
            client=e.client,
            payee=e.payee,
            payee_name=e.payee_name,
            consultant=e.consultant,
            end=e.end or dt.date.max,
        )


@strawberry.type(description="A consultant's period: placements, hours, revenue and margins.")
class ConsultantPerformance:
    consultant: str = strawberry.field(description="Username; empty: job orders without a consultant.")
    active_placements: int
    figures: DimensionMargin


@strawberry.type(description="A placement whose margin in the last week is below the alert threshold.")
class MarginAlert:
    job_order: str
    client: str
    week_ending: dt.date
    gross_margin_percent: Decimal | None


@strawberry.type(description="What needs an account manager today, then the figures behind the charts.")
class MorningDashboard:
    timesheets_to_approve: int
    placements_ending: list[PlacementEnding]
    overdue_clients: list[LatePayer] = strawberry.field(description="Clients flagged late or owing overdue money.")
    margin_alerts: list[MarginAlert] | None = strawberry.field(
        description="Placements under 10 % margin last week (confidential: null with an error otherwise).",
        extensions=[Require(Confidential())],
    )
    unread_notifications: int


@strawberry.type(description="One client in one place: revenue, margins, payment, work in progress.")
class AccountPerformance:
    client: str
    name: str
    date_from: dt.date = strawberry.field(name="from")
    date_to: dt.date = strawberry.field(name="to")
    figures: DimensionMargin | None = strawberry.field(
        description="Revenue and margins (confidential: null with an error otherwise).",
        extensions=[Require(Confidential())],
    )
    payment: LatePayer | None
    dso_trend: list[DsoPoint]
    open_job_orders: int
    timesheets_awaiting_approval: int


@strawberry.type(description="An in-app message (a client turning late).")
class Notification:
    id: strawberry.ID
    kind: str
    message: str
    client: str | None
    created_at: dt.datetime
    read: bool

    @classmethod
    def of(cls, n: NotificationModel) -> Notification:
        return cls(
            id=strawberry.ID(str(n.pk)),
            kind=n.kind,
            message=n.message,
            client=n.client.code if n.client else None,
            created_at=n.created_at,
            read=n.read_at is not None,
        )
