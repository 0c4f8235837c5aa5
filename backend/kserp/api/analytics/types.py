"""GraphQL types of analytics: margins (confidential), receivables by client, cash-flow forecast."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import strawberry

from kserp.analytics import selectors
from kserp.api.finance.invoice_types import ReceivablesSummary
from kserp.finance.receivables import receivables_payload


@strawberry.type(description="Bill amount, wage, oncosts (bill and pay) and gross margin of a group of bill lines.")
class MarginRow:
    key: str = strawberry.field(description="The group: job order code, client code, division or consultant username.")
    label: str
    bill_amount: Decimal
    wage: Decimal
    oncosts: Decimal
    gross_margin: Decimal = strawberry.field(description="billAmount − wage − oncosts.")
    margin_percent: Decimal | None = strawberry.field(
        description="grossMargin / billAmount × 100, half-up to 2 places; null when nothing was billed."
    )

    @classmethod
    def of(cls, row: selectors.MarginRow) -> MarginRow:
        return cls(
            key=row.key,
            label=row.label,
            bill_amount=row.bill_amount,
            wage=row.wage,
            oncosts=row.oncosts,
            gross_margin=row.gross_margin,
            margin_percent=row.margin_percent,
        )


@strawberry.type(description="Margins of approved timesheets, from their stored bill lines (staff only).")
class MarginSummary:
    client: str | None = strawberry.field(description="The client's code, when the summary is one client's.")
    entity: str | None
    date_from: dt.date | None = strawberry.field(name="from")
    date_to: dt.date | None = strawberry.field(name="to")
    totals: MarginRow
    by_placement: list[MarginRow]
    by_client: list[MarginRow]
    by_division: list[MarginRow]
    by_consultant: list[MarginRow]

    @classmethod
    def of(
        cls,
        report: selectors.MarginReport,
        *,
        client: str | None = None,
        entity: str | None = None,
        date_from: dt.date | None = None,
        date_to: dt.date | None = None,
    ) -> MarginSummary:
        return cls(
            client=client,
            entity=entity,
            date_from=date_from,
            date_to=date_to,
            totals=MarginRow.of(report.totals),
            by_placement=[MarginRow.of(r) for r in report.by_placement],
            by_client=[MarginRow.of(r) for r in report.by_client],
            by_division=[MarginRow.of(r) for r in report.by_division],
            by_consultant=[MarginRow.of(r) for r in report.by_consultant],
        )


@strawberry.type(description="One client's open receivables and payment habit.")
class ClientReceivables:
    client: str = strawberry.field(description="The client's code.")
    name: str
    payment_terms_days: int
    outstanding: Decimal
    overdue: Decimal
    current: Decimal
    days1_to30: Decimal = strawberry.field(name="days1To30")
    days31_to60: Decimal = strawberry.field(name="days31To60")
    days61_to90: Decimal = strawberry.field(name="days61To90")
    days90_plus: Decimal = strawberry.field(name="days90Plus")
    oldest_days_overdue: int = strawberry.field(description="Days past due of its oldest overdue invoice (0: none).")
    receipts: int
    days_to_pay: Decimal | None = strawberry.field(
        description="Amount-weighted days from invoice issue to receipt; null before the first receipt."
    )
    average_days_late: Decimal | None = strawberry.field(
        description="Amount-weighted days after the due date (early counts as 0)."
    )
    late_payer: bool = strawberry.field(
        description="Pays more than 7 days late on average, or owes money more than 30 days past due."
    )

    @classmethod
    def of(cls, row: selectors.ClientReceivables) -> ClientReceivables:
        return cls(
            client=row.client_code,
            name=row.client_name,
            payment_terms_days=row.payment_terms_days,
            outstanding=row.outstanding,
            overdue=row.overdue,
            current=row.current,
            days1_to30=row.days1_to30,
            days31_to60=row.days31_to60,
            days61_to90=row.days61_to90,
            days90_plus=row.days90_plus,
            oldest_days_overdue=row.oldest_days_overdue,
            receipts=row.receipts,
            days_to_pay=row.days_to_pay,
            average_days_late=row.average_days_late,
            late_payer=row.late_payer,
        )


@strawberry.type(description="An entity's receivables: ageing, then per client with days to pay and late flags.")
class ReceivablesReport:
    ageing: ReceivablesSummary
    clients: list[ClientReceivables]
    late_payers: list[str] = strawberry.field(description="Codes of the clients flagged as late payers.")

    @classmethod
    def of(cls, report: selectors.ReceivablesReport) -> ReceivablesReport:
        clients = [ClientReceivables.of(row) for row in report.clients]
        return cls(
            ageing=ReceivablesSummary.from_payload(receivables_payload(report.summary)),
            clients=clients,
            late_payers=[c.client for c in clients if c.late_payer],
        )


@strawberry.type(description="One week (Monday to Sunday) of the cash-flow forecast.")
class CashFlowWeek:
    week_starting: dt.date
    receipts: Decimal = strawberry.field(description="Expected receipts from open invoices.")
    wages: Decimal = strawberry.field(description="Payroll of active placements.")
    oncosts: Decimal
    net: Decimal = strawberry.field(description="receipts − wages − oncosts.")
    cumulative: Decimal = strawberry.field(description="Net of this week and every earlier forecast week.")


@strawberry.type(description="13 weeks from the current week (staff only: payroll is confidential).")
class CashFlowForecast:
    entity: str
    currency: str
    as_of: dt.date
    weeks: list[CashFlowWeek]
    receipts_later: Decimal = strawberry.field(description="Open invoices expected after the 13th week.")

    @classmethod
    def of(cls, forecast: selectors.CashFlowForecast, *, entity: str, currency: str) -> CashFlowForecast:
        weeks = []
        cumulative = Decimal("0.00")
        for week in forecast.weeks:
            cumulative += week.net
            weeks.append(
                CashFlowWeek(
                    week_starting=week.week_starting,
                    receipts=week.receipts,
                    wages=week.wages,
                    oncosts=week.oncosts,
                    net=week.net,
                    cumulative=cumulative,
                )
            )
        return cls(
            entity=entity,
            currency=currency,
            as_of=forecast.as_of,
            weeks=weeks,
            receipts_later=forecast.receipts_later,
        )
