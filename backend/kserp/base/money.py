"""Money helpers shared by every layer. Pure Python (the rate engine imports this, and the engine
imports no Django)."""

from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


def round_half_up(value: Decimal, places: int = 2) -> Decimal:
    """`value` rounded to `places` decimals, halves away from zero (0.005 -> 0.01)."""
    return value.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)
