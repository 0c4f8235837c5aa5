"""Rounding rules for pay: each amount is rounded once, here."""

from __future__ import annotations

from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
DOLLAR = Decimal("1")
ZERO = Decimal("0.00")
HUNDRED = Decimal("100")


def cents(amount: Decimal) -> Decimal:
    """Half up to the cent (super guarantee, GST, line amounts)."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def whole_dollars_half_up(amount: Decimal) -> Decimal:
    """Half up to the dollar, kept with two decimals (``303.74`` -> ``304.00``)."""
    return amount.quantize(DOLLAR, rounding=ROUND_HALF_UP).quantize(CENT)


def whole_dollars_down(amount: Decimal) -> Decimal:
    """Cents ignored (``1500.99`` -> ``1500``), as the ATO's formulas say."""
    return amount.quantize(DOLLAR, rounding=ROUND_DOWN)


def percent_of(amount: Decimal, percent: Decimal) -> Decimal:
    """``percent`` % of ``amount``, half up to the cent."""
    return cents(amount * percent / HUNDRED)
