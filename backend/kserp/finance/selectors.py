"""Reads of the books (docs/finance.md): account balances, trial balance, profit and loss, balance
sheet, per entity and for a group in its currency (consolidation with intercompany eliminated).

`trial_balance(entity=..., as_of=...)` is the one trial balance every domain reuses (the
`trialBalance` query, pay runs' checks, tests).
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q, Sum

from kserp.base.models import Entity
from kserp.base.money import round_half_up
from kserp.finance.models import Account, AccountKind, FxRate

ZERO = Decimal("0.00")
CENT = Decimal("0.01")
#: Accounts whose balance is normally a debit (the rest: credit).
DEBIT_KINDS = (AccountKind.ASSET, AccountKind.EXPENSE)
PROFIT_AND_LOSS_KINDS = (AccountKind.REVENUE, AccountKind.EXPENSE)


@dataclass(frozen=True)
class AccountRef:
    code: str
    name: str
    kind: str
    intercompany: bool = False


@dataclass(frozen=True)
class BalanceRow:
    """An account's debits and credits over a period and its balance (debit minus credit)."""

    account: AccountRef
    debit_turnover: Decimal
    credit_turnover: Decimal

    @property
    def balance(self) -> Decimal:
        return self.debit_turnover - self.credit_turnover

    @property
    def debit(self) -> Decimal:
        """The balance on the debit side of a trial balance (0 when it is a credit)."""
        return max(self.balance, ZERO)

    @property
    def credit(self) -> Decimal:
        return max(-self.balance, ZERO)


@dataclass(frozen=True)
class TrialBalance:
    entity_code: str
    currency: str
    as_of: dt.date
    rows: list[BalanceRow]

    @property
    def debit_total(self) -> Decimal:
        return sum((r.debit for r in self.rows), ZERO)

    @property
    def credit_total(self) -> Decimal:
        return sum((r.credit for r in self.rows), ZERO)


def _entity_id(entity: Entity | int) -> int:
    return entity if isinstance(entity, int) else entity.pk


def account_balances(
    *, entity: Entity | int, date_from: dt.date | None = None, date_to: dt.date | None = None
) -> list[BalanceRow]:
    """Every account of the entity's chart (in code order) with its debits and credits of the
    journals dated in `date_from..date_to` (both inclusive; open ends: all)."""
    window = Q()
    if date_from is not None:
        window &= Q(journal_lines__journal__date__gte=date_from)
    if date_to is not None:
        window &= Q(journal_lines__journal__date__lte=date_to)
    rows = (
        Account.objects.filter(entity_id=_entity_id(entity))
        .annotate(d=Sum("journal_lines__debit", filter=window), c=Sum("journal_lines__credit", filter=window))
        .order_by("code")
        .values_list("code", "name", "kind", "intercompany", "d", "c")
    )
    return [
        BalanceRow(
            account=AccountRef(code, name, kind, intercompany),
            debit_turnover=(d or ZERO).quantize(CENT),
            credit_turnover=(c or ZERO).quantize(CENT),
        )
        for code, name, kind, intercompany, d, c in rows
    ]


def trial_balance(*, entity: Entity, as_of: dt.date) -> TrialBalance:
    """Each account's balance on `as_of` (every journal dated on or before it), on its debit or
    credit side; the debit and credit totals are equal."""
    rows = [r for r in account_balances(entity=entity, date_to=as_of) if r.balance]
    return TrialBalance(entity_code=entity.code, currency=entity.currency, as_of=as_of, rows=rows)


@dataclass(frozen=True)
class StatementLine:
    """A line of a profit and loss or a balance sheet: an amount in its natural sign (revenue,
    liabilities and equity positive as credits, expenses and assets positive as debits)."""

    code: str
    name: str
    amount: Decimal


@dataclass(frozen=True)
class ProfitAndLoss:
    entity_code: str
    currency: str
    date_from: dt.date
    date_to: dt.date
    revenue: list[StatementLine]
    expenses: list[StatementLine]

    @property
    def total_revenue(self) -> Decimal:
        return sum((r.amount for r in self.revenue), ZERO)

    @property
    def total_expenses(self) -> Decimal:
        return sum((r.amount for r in self.expenses), ZERO)

    @property
    def net_profit(self) -> Decimal:
        return self.total_revenue - self.total_expenses


@dataclass(frozen=True)
class BalanceSheet:
    entity_code: str
    currency: str
    as_of: dt.date
    assets: list[StatementLine]
    liabilities: list[StatementLine]
    equity: list[StatementLine] = field(default_factory=list)

    @property
    def total_assets(self) -> Decimal:
        return sum((r.amount for r in self.assets), ZERO)

    @property
    def total_liabilities(self) -> Decimal:
        return sum((r.amount for r in self.liabilities), ZERO)

    @property
    def total_equity(self) -> Decimal:
        return sum((r.amount for r in self.equity), ZERO)


def _natural(row: BalanceRow) -> Decimal:
    return row.balance if row.account.kind in DEBIT_KINDS else -row.balance


def profit_and_loss_from(
    rows: Sequence[BalanceRow], *, entity_code: str, currency: str, date_from: dt.date, date_to: dt.date
) -> ProfitAndLoss:
    def lines(kind: str) -> list[StatementLine]:
        return [
            StatementLine(r.account.code, r.account.name, _natural(r))
            for r in rows
            if r.account.kind == kind and r.balance
        ]

    return ProfitAndLoss(
        entity_code=entity_code,
        currency=currency,
        date_from=date_from,
        date_to=date_to,
        revenue=lines(AccountKind.REVENUE),
        expenses=lines(AccountKind.EXPENSE),
    )


def profit_and_loss(*, entity: Entity, date_from: dt.date, date_to: dt.date) -> ProfitAndLoss:
    """Revenue and expenses of the journals dated in `date_from..date_to`, and the net profit."""
    rows = account_balances(entity=entity, date_from=date_from, date_to=date_to)
    return profit_and_loss_from(
        rows, entity_code=entity.code, currency=entity.currency, date_from=date_from, date_to=date_to
    )


EARNINGS = StatementLine("", "Current and retained earnings", ZERO)


def balance_sheet_from(rows: Sequence[BalanceRow], *, entity_code: str, currency: str, as_of: dt.date) -> BalanceSheet:
    """Assets, liabilities and equity; the profit of every period so far (there are no closing
    journals) is shown in equity as current and retained earnings, so assets = liabilities + equity."""

    def lines(kind: str) -> list[StatementLine]:
        return [
            StatementLine(r.account.code, r.account.name, _natural(r))
            for r in rows
            if r.account.kind == kind and r.balance
        ]

    earnings = sum((-r.balance for r in rows if r.account.kind in PROFIT_AND_LOSS_KINDS), ZERO)
    equity = lines(AccountKind.EQUITY)
    if earnings:
        equity.append(StatementLine(EARNINGS.code, EARNINGS.name, earnings))
    return BalanceSheet(
        entity_code=entity_code,
        currency=currency,
        as_of=as_of,
        assets=lines(AccountKind.ASSET),
        liabilities=lines(AccountKind.LIABILITY),
        equity=equity,
    )


def balance_sheet(*, entity: Entity, as_of: dt.date) -> BalanceSheet:
    rows = account_balances(entity=entity, date_to=as_of)
    return balance_sheet_from(rows, entity_code=entity.code, currency=entity.currency, as_of=as_of)


# --- FX and consolidation ------------------------------------------------------------------------
class MissingRate(LookupError):
    """No FX rate between two currencies on or before a date."""


def fx_rate(*, base: str, quote: str, on: dt.date) -> Decimal:
    """The rate (1 `base` = rate `quote`) in force on `on`: the latest dated on or before it; the
    inverse of the opposite pair when only that is entered. Raises MissingRate."""
    if base == quote:
        return Decimal(1)
    found = FxRate.objects.filter(base=base, quote=quote, date__lte=on).order_by("-date").first()
    inverse = FxRate.objects.filter(base=quote, quote=base, date__lte=on).order_by("-date").first()
    if found is not None and (inverse is None or found.date >= inverse.date):
        return found.rate
    if inverse is not None:
        return Decimal(1) / inverse.rate
    raise MissingRate(f"No {base}/{quote} rate on or before {on.isoformat()}.")


def fx_average_rate(*, base: str, quote: str, date_from: dt.date, date_to: dt.date) -> Decimal:
    """The period's average rate: the mean over its days (inclusive) of the rate in force on each
    (`fx_rate`), so a rate in force for 16 of 31 days weighs 16/31; 8 places, half-up. Raises
    MissingRate when no rate is in force on `date_from`."""
    if base == quote:
        return Decimal(1)
    changes = FxRate.objects.filter(
        base__in=(base, quote), quote__in=(base, quote), date__gt=date_from, date__lte=date_to
    ).values_list("date", flat=True)
    points = [date_from, *sorted(set(changes)), date_to + dt.timedelta(days=1)]
    weighted = sum(
        (fx_rate(base=base, quote=quote, on=start) * (end - start).days for start, end in itertools.pairwise(points)),
        Decimal(0),
    )
    return round_half_up(weighted / ((date_to - date_from).days + 1), 8)


CLOSING, AVERAGE = "CLOSING", "AVERAGE"
TRANSLATION_METHODS = (CLOSING, AVERAGE)


@dataclass(frozen=True)
class GroupEntity:
    code: str
    currency: str
    rate: Decimal
    average_rate: Decimal | None = None  # the AVERAGE method's rate for the period's P&L


@dataclass(frozen=True)
class Consolidation:
    """A group's balances in the group currency: each entity's translated at its closing rate,
    intercompany accounts eliminated, the difference left by translation in equity."""

    currency: str
    as_of: dt.date
    date_from: dt.date
    entities: list[GroupEntity]
    trial_balance: list[BalanceRow]
    profit_and_loss: ProfitAndLoss
    balance_sheet: BalanceSheet
    eliminated: Decimal
    translation: str = CLOSING
    translation_reserve: Decimal = ZERO


TRANSLATION = AccountRef("3900", "Foreign currency translation and elimination difference", AccountKind.EQUITY)
TRANSLATION_RESERVE = AccountRef("3910", "Foreign currency translation reserve", AccountKind.EQUITY)


def _round(value: Decimal) -> Decimal:
    return round_half_up(value, 2)


def consolidate(
    *,
    entities: Sequence[Entity],
    currency: str,
    as_of: dt.date,
    date_from: dt.date | None = None,
    translation: str = CLOSING,
) -> Consolidation:
    """Group reports in `currency` on `as_of` (P&L from `date_from`, by default 1 January of that
    year), each amount rounded half-up to cents per account; accounts flagged intercompany are
    eliminated. `CLOSING`: every balance at the entity's rate on `as_of`; what rounding and
    elimination leave unbalanced goes to a difference in equity (3900). `AVERAGE`: the period's
    profit and loss at the period's average rate (`fx_average_rate`), everything else at the closing
    rate, and what that leaves unbalanced per entity to the translation reserve (3910)."""
    date_from = date_from or as_of.replace(month=1, day=1)
    merged: dict[str, list[Decimal]] = {}
    refs: dict[str, AccountRef] = {}
    pl_merged: dict[str, Decimal] = {}
    group: list[GroupEntity] = []
    eliminated = reserve = ZERO
    for entity in entities:
        rate = fx_rate(base=entity.currency, quote=currency, on=as_of)
        average = (
            fx_average_rate(base=entity.currency, quote=currency, date_from=date_from, date_to=as_of)
            if translation == AVERAGE
            else None
        )
        group.append(GroupEntity(entity.code, entity.currency, rate, average))
        period_rows = [
            row
            for row in account_balances(entity=entity, date_from=date_from, date_to=as_of)
            if row.account.kind in PROFIT_AND_LOSS_KINDS
        ]
        period = {row.account.code: row.balance for row in period_rows}
        entity_total = ZERO
        for row in account_balances(entity=entity, date_to=as_of):
            if average is not None and row.account.kind in PROFIT_AND_LOSS_KINDS:
                in_period = period.get(row.account.code, ZERO)
                translated = _round((row.balance - in_period) * rate) + _round(in_period * average)
            else:
                translated = _round(row.balance * rate)
            entity_total += translated
            if row.account.intercompany:
                eliminated += translated
                continue
            refs.setdefault(row.account.code, row.account)
            merged.setdefault(row.account.code, [ZERO])[0] += translated
        if average is not None:
            reserve -= entity_total
        pl_rate = average if average is not None else rate
        for row in period_rows:
            if not row.account.intercompany:
                pl_merged[row.account.code] = pl_merged.get(row.account.code, ZERO) + _round(row.balance * pl_rate)
    rows = [
        BalanceRow(refs[code], max(value[0], ZERO), max(-value[0], ZERO))
        for code, value in sorted(merged.items())
        if value[0]
    ]
    if reserve:
        rows.append(BalanceRow(TRANSLATION_RESERVE, max(reserve, ZERO), max(-reserve, ZERO)))
    difference = sum((r.balance for r in rows), ZERO)
    if difference:
        rows.append(BalanceRow(TRANSLATION, max(-difference, ZERO), max(difference, ZERO)))
    pl_rows = [
        BalanceRow(refs[code], max(value, ZERO), max(-value, ZERO))
        for code, value in sorted(pl_merged.items())
        if value
    ]
    label = f"group {currency}"
    return Consolidation(
        currency=currency,
        as_of=as_of,
        date_from=date_from,
        entities=group,
        trial_balance=rows,
        profit_and_loss=profit_and_loss_from(
            pl_rows, entity_code=label, currency=currency, date_from=date_from, date_to=as_of
        ),
        balance_sheet=balance_sheet_from(rows, entity_code=label, currency=currency, as_of=as_of),
        eliminated=eliminated,
        translation=translation,
        translation_reserve=reserve,
    )
