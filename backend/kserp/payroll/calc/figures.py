"""Payslip and RCTI figures from pay lines: gross by pay code, withholding, super, GST, net, YTD."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from kserp.payroll.calc.money import ZERO, cents, percent_of
from kserp.payroll.calc.withholding import (
    NO_ABN_PERCENT,
    Frequency,
    TaxFacts,
    WithholdingTable,
    flat_percent,
    withholding,
)

GST_PERCENT = Decimal("10")


@dataclass(frozen=True, slots=True)
class PayItem:
    """One pay line as the pay run sees it."""

    pay_code: str
    quantity: Decimal
    rate: Decimal
    amount: Decimal
    ordinary: bool = True  # ordinary time earnings: super is due on it
    withholding: bool = True  # PAYG applies (false for an exempt allowance)


@dataclass(frozen=True, slots=True)
class CodeTotal:
    """A payslip or RCTI row: one pay code at one rate."""

    pay_code: str
    quantity: Decimal
    rate: Decimal
    amount: Decimal


@dataclass(frozen=True, slots=True)
class YearToDate:
    gross: Decimal = ZERO
    withholding: Decimal = ZERO
    superannuation: Decimal = ZERO
    net: Decimal = ZERO

    def plus(self, gross: Decimal, withheld: Decimal, superannuation: Decimal, net: Decimal) -> YearToDate:
        return YearToDate(
            self.gross + gross, self.withholding + withheld, self.superannuation + superannuation, self.net + net
        )


@dataclass(frozen=True, slots=True)
class PayslipFigures:
    lines: tuple[CodeTotal, ...]
    gross: Decimal
    withholdable: Decimal
    ordinary_time_earnings: Decimal
    withholding: Decimal
    superannuation: Decimal
    net: Decimal
    year_to_date: YearToDate


@dataclass(frozen=True, slots=True)
class RctiFigures:
    lines: tuple[CodeTotal, ...]
    subtotal: Decimal
    gst: Decimal
    total: Decimal
    withholding: Decimal
    net: Decimal


def financial_year_start(on: date) -> date:
    """The 1 July that starts the Australian financial year containing ``on``."""
    return date(on.year if on.month >= 7 else on.year - 1, 7, 1)


def code_totals(items: Iterable[PayItem]) -> tuple[CodeTotal, ...]:
    """Rows by (pay code, rate) in first-seen order; amounts are the sum of the lines' own amounts."""
    rows: dict[tuple[str, Decimal], list[Decimal]] = {}
    for item in items:
        row = rows.setdefault((item.pay_code, item.rate), [Decimal(0), Decimal(0)])
        row[0] += item.quantity
        row[1] += item.amount
    return tuple(CodeTotal(code, quantity, rate, amount) for (code, rate), (quantity, amount) in rows.items())


def payslip_figures(
    *,
    items: Iterable[PayItem],
    table: WithholdingTable,
    facts: TaxFacts,
    frequency: Frequency,
    super_percent: Decimal,
    prior_year_to_date: YearToDate = YearToDate(),
) -> PayslipFigures:
    """An employee's pay for one period. Super: ``super_percent`` of OTE, half up to the cent."""
    items = tuple(items)
    gross = cents(sum((i.amount for i in items), ZERO))
    withholdable = cents(sum((i.amount for i in items if i.withholding), ZERO))
    ote = cents(sum((i.amount for i in items if i.ordinary), ZERO))
    withheld = withholding(table, facts, withholdable, frequency)
    superannuation = percent_of(ote, super_percent)
    net = gross - withheld
    return PayslipFigures(
        lines=code_totals(items),
        gross=gross,
        withholdable=withholdable,
        ordinary_time_earnings=ote,
        withholding=withheld,
        superannuation=superannuation,
        net=net,
        year_to_date=prior_year_to_date.plus(gross, withheld, superannuation, net),
    )


def rcti_figures(*, items: Iterable[PayItem], gst_registered: bool, has_abn: bool) -> RctiFigures:
    """A contractor's RCTI: GST 10% on the total when registered; 47% withheld when no ABN was quoted."""
    items = tuple(items)
    subtotal = cents(sum((i.amount for i in items), ZERO))
    gst = percent_of(subtotal, GST_PERCENT) if gst_registered and has_abn else ZERO
    total = subtotal + gst
    withheld = ZERO if has_abn else flat_percent(subtotal, NO_ABN_PERCENT)
    return RctiFigures(
        lines=code_totals(items), subtotal=subtotal, gst=gst, total=total, withholding=withheld, net=total - withheld
    )
