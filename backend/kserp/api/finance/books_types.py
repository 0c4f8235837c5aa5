"""GraphQL types of the books: accounts, journals, trial balance, P&L, balance sheet, period
locks, FX rates and group consolidation (docs/finance.md)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import strawberry
import strawberry_django
from django.db.models import Q, QuerySet
from strawberry import auto, relay
from strawberry.types import Info

from kserp.api.core.errors import UserError
from kserp.api.core.permissions import scope_queryset_to_viewer
from kserp.api.finance.invoice_types import CreditNoteType, InvoiceType, ReceiptType
from kserp.api.finance.types import EntityType
from kserp.finance import selectors
from kserp.finance.models import Journal, JournalLine, PeriodLock


@strawberry.type(name="Account", description="An account of an entity's chart of accounts.")
class AccountType:
    code: str
    name: str
    kind: str = strawberry.field(description="ASSET | LIABILITY | EQUITY | REVENUE | EXPENSE")
    intercompany: bool = strawberry.field(description="Eliminated on consolidation.")

    @classmethod
    def of(cls, ref: selectors.AccountRef) -> AccountType:
        return cls(code=ref.code, name=ref.name, kind=ref.kind, intercompany=ref.intercompany)


@strawberry.type(description="An account's debits and credits over a period and its balance (debit − credit).")
class AccountBalance:
    account: AccountType
    debit_turnover: Decimal
    credit_turnover: Decimal
    balance: Decimal

    @classmethod
    def of(cls, row: selectors.BalanceRow) -> AccountBalance:
        return cls(
            account=AccountType.of(row.account),
            debit_turnover=row.debit_turnover,
            credit_turnover=row.credit_turnover,
            balance=row.balance,
        )


@strawberry.type
class TrialBalanceRow:
    account: AccountType
    debit: Decimal
    credit: Decimal


def rows_of(rows: list[selectors.BalanceRow]) -> list[TrialBalanceRow]:
    return [TrialBalanceRow(account=AccountType.of(r.account), debit=r.debit, credit=r.credit) for r in rows]


@strawberry.type(description="Each account's balance on a date, on its debit or credit side; the totals are equal.")
class TrialBalance:
    entity: EntityType
    as_of: dt.date
    currency: str
    debit_total: Decimal
    credit_total: Decimal
    rows: list[TrialBalanceRow]


@strawberry.type
class StatementLine:
    code: str
    name: str
    amount: Decimal


def lines_of(lines: list[selectors.StatementLine]) -> list[StatementLine]:
    return [StatementLine(code=line.code, name=line.name, amount=line.amount) for line in lines]


@strawberry.type(description="Revenue and expenses of the journals dated in a period.")
class ProfitAndLoss:
    currency: str
    date_from: dt.date = strawberry.field(name="from")
    date_to: dt.date = strawberry.field(name="to")
    revenue: list[StatementLine]
    expenses: list[StatementLine]
    total_revenue: Decimal
    total_expenses: Decimal
    net_profit: Decimal

    @classmethod
    def of(cls, report: selectors.ProfitAndLoss) -> ProfitAndLoss:
        return cls(
            currency=report.currency,
            date_from=report.date_from,
            date_to=report.date_to,
            revenue=lines_of(report.revenue),
            expenses=lines_of(report.expenses),
            total_revenue=report.total_revenue,
            total_expenses=report.total_expenses,
            net_profit=report.net_profit,
        )


@strawberry.type(description="Assets, liabilities and equity on a date (assets = liabilities + equity).")
class BalanceSheet:
    currency: str
    as_of: dt.date
    assets: list[StatementLine]
    liabilities: list[StatementLine]
    equity: list[StatementLine]
    total_assets: Decimal
    total_liabilities: Decimal
    total_equity: Decimal

    @classmethod
    def of(cls, report: selectors.BalanceSheet) -> BalanceSheet:
        return cls(
            currency=report.currency,
            as_of=report.as_of,
            assets=lines_of(report.assets),
            liabilities=lines_of(report.liabilities),
            equity=lines_of(report.equity),
            total_assets=report.total_assets,
            total_liabilities=report.total_liabilities,
            total_equity=report.total_equity,
        )


@strawberry.type
class GroupMember:
    code: str
    currency: str
    rate: Decimal = strawberry.field(description="1 unit of the entity's currency in the group currency.")
    average_rate: Decimal | None = strawberry.field(
        default=None, description="The period's average rate, used for its profit and loss (translation AVERAGE)."
    )


@strawberry.type(description="A group's reports in its currency, intercompany balances eliminated.")
class Consolidation:
    currency: str
    as_of: dt.date
    entities: list[GroupMember]
    debit_total: Decimal
    credit_total: Decimal
    rows: list[TrialBalanceRow]
    profit_and_loss: ProfitAndLoss
    balance_sheet: BalanceSheet
    eliminated: Decimal = strawberry.field(description="Net of the intercompany balances removed (group currency).")
    translation: str = strawberry.field(
        default="CLOSING",
        description="CLOSING (every balance at the closing rate) | AVERAGE (P&L at the average rate).",
    )
    translation_reserve: Decimal = strawberry.field(
        default=Decimal("0.00"),
        description="What translating the P&L at the average rate left unbalanced, in account 3910 (AVERAGE; a credit "
        "is negative).",
    )


@strawberry_django.type(JournalLine, name="JournalLine")
class JournalLineType:
    debit: Decimal
    credit: Decimal

    @strawberry_django.field(select_related=["account"])
    def account(self, root: JournalLine) -> AccountType:
        a = root.account
        return AccountType(code=a.code, name=a.name, kind=a.kind, intercompany=a.intercompany)


@strawberry_django.filter_type(Journal)
class JournalFilter:
    source: auto

    @strawberry_django.filter_field
    def entity(self, value: str, prefix: str) -> Q:
        """The entity's code."""
        return Q(**{f"{prefix}entity__code": value})

    @strawberry_django.filter_field
    def date_from(self, value: dt.date, prefix: str) -> Q:
        """Dated on or after."""
        return Q(**{f"{prefix}date__gte": value})

    @strawberry_django.filter_field
    def date_to(self, value: dt.date, prefix: str) -> Q:
        """Dated on or before."""
        return Q(**{f"{prefix}date__lte": value})

    @strawberry_django.filter_field
    def account(self, value: str, prefix: str) -> Q:
        """With a line on this account code."""
        return Q(**{f"{prefix}lines__account__code": value})


@strawberry_django.type(
    Journal, name="Journal", filters=JournalFilter, description="A balanced journal and the document it posts."
)
class JournalType(relay.Node):
    date: dt.date
    memo: str = strawberry_django.field(description="What it is for (a manual journal: its reason).")
    source: str = strawberry_django.field(
        description="INVOICE | CREDIT_NOTE | RECEIPT | ALLOCATION | REFUND | REVERSAL | MANUAL"
    )
    entity: EntityType
    invoice: InvoiceType | None
    credit_note: CreditNoteType | None
    receipt: ReceiptType | None
    lines: list[JournalLineType]
    created_at: dt.datetime

    @strawberry_django.field(select_related=["created_by"])
    def created_by(self, root: Journal) -> str | None:
        return root.created_by.get_username() if root.created_by is not None else None

    @classmethod
    def get_queryset(cls, queryset: QuerySet[Journal], info: Info, **kwargs: Any) -> QuerySet[Journal]:
        return scope_queryset_to_viewer(queryset, info, client_field=None, entity_field="entity").distinct()


@strawberry_django.type(PeriodLock, name="PeriodLock")
class PeriodLockType:
    entity: EntityType
    through: dt.date = strawberry_django.field(description="The last locked day (inclusive).")
    updated_at: dt.datetime


@strawberry.type
class PeriodLockPayload:
    period_lock: PeriodLockType | None = strawberry.field(description="Null after unlocking everything.")
    errors: list[UserError]


@strawberry.input
class JournalLineInput:
    account: str = strawberry.field(description="The account's code.")
    debit: Decimal = Decimal("0")
    credit: Decimal = Decimal("0")


@strawberry.input
class PostJournalInput:
    entity: strawberry.ID
    date: dt.date
    reason: str
    lines: list[JournalLineInput]


@strawberry.type
class JournalPayload:
    journal: JournalType | None
    errors: list[UserError]


@strawberry.input
class FxRateInput:
    date: dt.date
    base: str
    quote: str
    rate: Decimal


@strawberry.type(name="FxRate", description="1 unit of `base` is worth `rate` units of `quote` from `date`.")
class FxRateType:
    date: dt.date
    base: str
    quote: str
    rate: Decimal
    source: str


@strawberry.type
class FxRatesPayload:
    rates: list[FxRateType]
    errors: list[UserError]
