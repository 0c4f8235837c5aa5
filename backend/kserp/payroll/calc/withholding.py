"""PAYG withholding by the ATO's Schedule 1 statement of formulas, from dated coefficient tables.

Weekly: ``x`` is the week's withholdable earnings in whole dollars plus 99 cents; ``y = a·x − b``
with the coefficients of the first bracket whose ``below`` exceeds ``x``; ``y`` rounded to the
nearest dollar (half up), never negative. Fortnightly: twice the weekly amount on half the
fortnight's earnings. No TFN (scale 4): the no-TFN percentage of the period's earnings with cents
ignored, cents of the result ignored. No ABN (a contractor who quoted none): the same 47% rule.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from kserp.payroll.calc.money import HUNDRED, ZERO, whole_dollars_down, whole_dollars_half_up

NINETY_NINE_CENTS = Decimal("0.99")
TWO = Decimal("2")


class Frequency(StrEnum):
    WEEKLY = "WEEKLY"
    FORTNIGHTLY = "FORTNIGHTLY"


class Scale(StrEnum):
    NO_THRESHOLD = "1"
    THRESHOLD = "2"
    FOREIGN = "3"
    NO_TFN = "4"


@dataclass(frozen=True, slots=True)
class Bracket:
    """``a``, ``b`` for weekly earnings ``x`` below ``below`` (``None``: the last, open bracket)."""

    below: Decimal | None
    a: Decimal
    b: Decimal


@dataclass(frozen=True, slots=True)
class WithholdingTable:
    """One dated set of Schedule 1 weekly coefficients."""

    name: str
    valid_from: date
    scales: Mapping[Scale, tuple[Bracket, ...]]
    no_tfn_resident_percent: Decimal
    no_tfn_foreign_percent: Decimal


@dataclass(frozen=True, slots=True)
class TaxFacts:
    """What a worker's TFN declaration says (the TFN itself is never needed)."""

    tfn_provided: bool
    tax_free_threshold: bool
    foreign_resident: bool


class TableError(ValueError):
    """A coefficient table that cannot be used; ``path`` names the offending part."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message


def scale_for(facts: TaxFacts) -> Scale:
    """No TFN -> 4; foreign resident -> 3; tax-free threshold claimed -> 2; otherwise 1."""
    if not facts.tfn_provided:
        return Scale.NO_TFN
    if facts.foreign_resident:
        return Scale.FOREIGN
    if facts.tax_free_threshold:
        return Scale.THRESHOLD
    return Scale.NO_THRESHOLD


def check_brackets(path: str, brackets: Sequence[Bracket]) -> None:
    """Brackets ascend strictly and only the last one is open; raises ``TableError``."""
    if not brackets:
        raise TableError(path, "A scale needs at least one bracket.")
    previous: Decimal | None = None
    for i, bracket in enumerate(brackets):
        last = i == len(brackets) - 1
        if bracket.below is None and not last:
            raise TableError(f"{path}[{i}].below", "Only the last bracket may leave out `below`.")
        if bracket.below is not None and last:
            raise TableError(f"{path}[{i}].below", "The last bracket has no `below`: it covers every higher amount.")
        if bracket.below is not None:
            if previous is not None and bracket.below <= previous:
                raise TableError(f"{path}[{i}].below", "Brackets must be in ascending order of `below`.")
            previous = bracket.below


def table_in_force(tables: Iterable[WithholdingTable], on: date) -> WithholdingTable:
    """The table with the latest ``valid_from`` on or before ``on``; ``LookupError`` when none."""
    chosen: WithholdingTable | None = None
    for table in tables:
        if table.valid_from <= on and (chosen is None or table.valid_from > chosen.valid_from):
            chosen = table
    if chosen is None:
        raise LookupError(f"No withholding table is in force on {on.isoformat()}.")
    return chosen


def weekly_amount(brackets: Sequence[Bracket], weekly_earnings: Decimal) -> Decimal:
    """The weekly withholding for earnings (in dollars and cents) on one scale."""
    if weekly_earnings <= 0:
        return ZERO
    x = whole_dollars_down(weekly_earnings) + NINETY_NINE_CENTS
    for bracket in brackets:
        if bracket.below is None or x < bracket.below:
            y = bracket.a * x - bracket.b
            return max(ZERO, whole_dollars_half_up(y))
    raise TableError("scales", "The last bracket must be open (no `below`).")


def flat_percent(earnings: Decimal, percent: Decimal) -> Decimal:
    """The no-TFN / no-ABN rule: cents ignored in the earnings and in the result."""
    if earnings <= 0:
        return ZERO
    return whole_dollars_down(whole_dollars_down(earnings) * percent / HUNDRED).quantize(Decimal("0.01"))


def withholding(
    table: WithholdingTable, facts: TaxFacts, earnings: Decimal, frequency: Frequency = Frequency.WEEKLY
) -> Decimal:
    """PAYG withheld from one pay period's withholdable earnings."""
    scale = scale_for(facts)
    if scale is Scale.NO_TFN:
        percent = table.no_tfn_foreign_percent if facts.foreign_resident else table.no_tfn_resident_percent
        return flat_percent(earnings, percent)
    brackets = table.scales[scale]
    if frequency is Frequency.FORTNIGHTLY:
        return weekly_amount(brackets, earnings / TWO) * TWO
    return weekly_amount(brackets, earnings)


def _brackets(rows: Sequence[tuple[str | None, str, str]]) -> tuple[Bracket, ...]:
    return tuple(Bracket(None if below is None else Decimal(below), Decimal(a), Decimal(b)) for below, a, b in rows)


#: The ATO's 2024-25 weekly coefficients (in force from 1 July 2024): the default table.
SCHEDULE_1_2024_25 = WithholdingTable(
    name="Schedule 1 2024-25",
    valid_from=date(2024, 7, 1),
    scales={
        Scale.NO_THRESHOLD: _brackets(
            [
                ("150", "0.16", "0.16"),
                ("371", "0.2117", "7.755"),
                ("515", "0.189", "-0.6702"),
                ("932", "0.3227", "68.2367"),
                ("2246", "0.32", "65.7202"),
                ("3303", "0.39", "222.951"),
                (None, "0.47", "487.2587"),
            ]
        ),
        Scale.THRESHOLD: _brackets(
            [
                ("361", "0", "0"),
                ("500", "0.16", "57.8462"),
                ("625", "0.26", "107.8462"),
                ("721", "0.18", "57.8462"),
                ("865", "0.189", "64.3365"),
                ("1282", "0.3227", "180.0385"),
                ("2596", "0.32", "176.5769"),
                ("3653", "0.39", "358.3077"),
                (None, "0.47", "650.6154"),
            ]
        ),
        Scale.FOREIGN: _brackets(
            [
                ("2596", "0.30", "0.30"),
                ("3653", "0.37", "181.7308"),
                (None, "0.45", "474.0385"),
            ]
        ),
    },
    no_tfn_resident_percent=Decimal("47"),
    no_tfn_foreign_percent=Decimal("45"),
)

#: No-ABN withholding on a contractor's payment, percent (the top marginal rate plus Medicare).
NO_ABN_PERCENT = Decimal("47")
