"""Pay rate lookup (docs/design.md §4.3) and pricing of pay lines (4.4).

Everything per unit (pay rate, oncosts per unit, cost, bill rate) depends only on the pay code and
the date, never on the units, so it is resolved once per pay code and validity segment (the dates
between two validity boundaries, see ``compile``) and cached on the compiled job order as a
``Provenance``. Pricing a line is then a bisect, a list index and a handful of Decimal operations.

Rounding, each in exactly one place:

- ``bill_rate``: the line's rounding mode and places (``ROUND_HALF_UP`` or ``TRUNCATE``);
- ``wage``, ``bill_amount`` and each oncost amount: ``units × per-unit``, half-up to cents;
- ``margin_percent``: half-up to 2 places (``None`` when the bill amount is zero).

Everything before those roundings is full precision (the thread's decimal context, 28 digits).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from datetime import date
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from typing import Any, NamedTuple

from kserp.base.money import CENT

from .compile import BillCandidate, CompiledJobOrder, PayRateCandidate
from .errors import PricingError
from .types import Id, Method, Node, OncostKind, RoundingMode, Scope

_ZERO = Decimal("0.00")
_HUNDRED = Decimal(100)
_ONE = Decimal(1)
_DECIMAL_ROUNDING = {RoundingMode.ROUND_HALF_UP: ROUND_HALF_UP, RoundingMode.TRUNCATE: ROUND_DOWN}


def unrounded_rate(method: Method, value: Decimal, cost: Decimal) -> Decimal:
    """The bill rate per unit before rounding (docs/design.md §4.4)."""
    if method == Method.MARKUP_PERCENT:
        return cost * (_ONE + value / _HUNDRED)
    if method == Method.MARGIN_PERCENT:
        return cost / (_ONE - value / _HUNDRED)
    if method == Method.MARKUP_AMOUNT:
        return cost + value
    if method == Method.MARKUP_FACTOR:
        return cost * value
    if method == Method.FLAT_RATE:
        return value
    raise ValueError(f"unknown bill method {method!r}")


def round_rate(rate: Decimal, mode: RoundingMode, places: int) -> Decimal:
    return rate.quantize(Decimal(1).scaleb(-places), _DECIMAL_ROUNDING[RoundingMode(mode)])


# ---------------------------------------------------------------------------------------------
# Results


class PayRate(NamedTuple):
    """The pay rate of a pay code on a date, and the rule that set it.

    For a code without its own rate, ``multiplier`` and ``derived_from`` (the ordinary code) are
    set and ``rule_id`` is the ordinary code's rule.
    """

    pay_code: str
    rate: Decimal
    rule_id: Id
    multiplier: Decimal | None = None
    derived_from: str | None = None

    @property
    def source(self) -> str:
        if self.derived_from is None:
            return f"rule {self.rule_id}"
        return f"derived by multiplier {self.multiplier} from rule {self.rule_id} ({self.derived_from})"


class OncostCharge(NamedTuple):
    """One oncost value applied to a pay code on a date, per unit."""

    oncost_id: Id
    code: str
    kind: OncostKind
    bill: bool  # a bill oncost (as configured)
    passed_through: bool  # part of this line's cost for the bill rate
    value_id: Id
    value: Decimal  # percent or amount, as configured
    per_unit: Decimal  # full precision


class OncostAmount(NamedTuple):
    charge: OncostCharge
    amount: Decimal  # units × per_unit, half-up to cents


class Provenance(NamedTuple):
    """Why a pay code is billed as it is on a date: shared by every line in a validity segment."""

    pay_code: str
    pay: PayRate
    bill_agreement_id: Id
    bill_agreement_name: str
    rule_id: Id
    rule_node: Node
    line_id: Id
    scope: Scope
    method: Method
    value: Decimal
    rounding: RoundingMode
    places: int
    oncosts: tuple[OncostCharge, ...]  # every applicable oncost, bill and pay
    oncost_per_unit: tuple[Decimal, ...]  # the oncosts' per_unit, for the hot path
    cost: Decimal  # pay rate + passed-through oncosts per unit, full precision
    rate: Decimal  # bill rate before rounding
    bill_rate: Decimal

    @property
    def rule_level(self) -> str:
        return self.rule_node[0]


class PricedLine(NamedTuple):
    """One priced pay line. A NamedTuple: immutable and cheap to create (the hot path)."""

    pay_code: str
    on: date
    units: Decimal
    pay_rate: Decimal
    bill_rate: Decimal
    wage: Decimal
    bill_amount: Decimal
    oncost_amounts: tuple[Decimal, ...]  # aligned with provenance.oncosts
    oncost_total: Decimal  # bill and pay oncosts
    gross_margin: Decimal  # bill_amount - wage - oncost_total
    margin_percent: Decimal | None  # gross_margin / bill_amount × 100; None if bill_amount is 0
    provenance: Provenance

    @property
    def oncosts(self) -> tuple[OncostAmount, ...]:
        return tuple(
            OncostAmount(charge, amount)
            for charge, amount in zip(self.provenance.oncosts, self.oncost_amounts, strict=True)
        )

    def as_dict(self) -> dict[str, Any]:
        """JSON-friendly (Decimals as strings), for storing with the bill line."""
        p = self.provenance
        return {
            "pay_code": self.pay_code,
            "date": self.on.isoformat(),
            "units": str(self.units),
            "pay_rate": str(self.pay_rate),
            "bill_rate": str(self.bill_rate),
            "wage": str(self.wage),
            "bill_amount": str(self.bill_amount),
            "oncost_total": str(self.oncost_total),
            "gross_margin": str(self.gross_margin),
            "margin_percent": None if self.margin_percent is None else str(self.margin_percent),
            "provenance": {
                "bill_agreement_id": p.bill_agreement_id,
                "bill_agreement_name": p.bill_agreement_name,
                "rule_id": p.rule_id,
                "rule_node": list(p.rule_node),
                "line_id": p.line_id,
                "scope": str(p.scope),
                "method": str(p.method),
                "value": str(p.value),
                "rounding": str(p.rounding),
                "places": p.places,
                "cost": str(p.cost),
                "rate": str(p.rate),
                "pay_rate_rule_id": p.pay.rule_id,
                "pay_rate_source": p.pay.source,
                "oncosts": [
                    {
                        "oncost_id": c.oncost_id,
                        "code": c.code,
                        "value_id": c.value_id,
                        "kind": str(c.kind),
                        "value": str(c.value),
                        "bill": c.bill,
                        "passed_through": c.passed_through,
                        "per_unit": str(c.per_unit),
                        "amount": str(amount),
                    }
                    for c, amount in zip(p.oncosts, self.oncost_amounts, strict=True)
                ],
            },
        }


# ---------------------------------------------------------------------------------------------
# Segment caches: per pay code, the validity breaks and one resolved value per segment.


class _Segments:
    __slots__ = ("breaks", "values")

    def __init__(self, breaks: tuple[date, ...]) -> None:
        self.breaks = breaks
        self.values: list[Any] = [None] * (len(breaks) + 1)


def _segments(job: CompiledJobOrder, pay_code: str, on: date, *, bill: bool) -> _Segments:
    breaks = (job.bill_breaks if bill else job.pay_breaks).get(pay_code)
    if breaks is None:
        raise PricingError(f"unknown pay code {pay_code!r} (on {on})", pay_code=pay_code, on=on)
    segments = _Segments(breaks)
    (job.bill_cache if bill else job.pay_cache)[pay_code] = segments
    return segments


def pay_rate(job: CompiledJobOrder, pay_code: str, on: date) -> PayRate:
    """The pay rate of ``pay_code`` on ``on`` (docs/design.md §4.3); ``PricingError`` if none."""
    segments: _Segments | None = job.pay_cache.get(pay_code)
    if segments is None:
        segments = _segments(job, pay_code, on, bill=False)
    i = bisect_right(segments.breaks, on)
    result = segments.values[i]
    if result is None:
        result = segments.values[i] = _resolve_pay_rate(job, pay_code, on)
    return result


def price_line(job: CompiledJobOrder, pay_code: str, units: Decimal, on: date) -> PricedLine:
    """Price ``units`` of ``pay_code`` worked on ``on`` (docs/design.md §4.4)."""
    segments: _Segments | None = job.bill_cache.get(pay_code)
    if segments is None:
        segments = _segments(job, pay_code, on, bill=True)
    i = bisect_right(segments.breaks, on)
    p = segments.values[i]
    if p is None:
        p = segments.values[i] = _resolve_bill(job, pay_code, on)
    wage = (units * p.pay.rate).quantize(CENT, ROUND_HALF_UP)
    bill_amount = (units * p.bill_rate).quantize(CENT, ROUND_HALF_UP)
    oncost_total = _ZERO
    amounts = []
    for per_unit in p.oncost_per_unit:
        amount = (units * per_unit).quantize(CENT, ROUND_HALF_UP)
        amounts.append(amount)
        oncost_total += amount
    gross_margin = bill_amount - wage - oncost_total
    margin_percent = (gross_margin * _HUNDRED / bill_amount).quantize(CENT, ROUND_HALF_UP) if bill_amount else None
    return PricedLine(
        pay_code,
        on,
        units,
        p.pay.rate,
        p.bill_rate,
        wage,
        bill_amount,
        tuple(amounts),
        oncost_total,
        gross_margin,
        margin_percent,
        p,
    )


def pay_rate_of_days(job: CompiledJobOrder, pay_code: str, first: date, last: date) -> PayRate | None:
    """The pay rate of ``pay_code`` from ``first`` to ``last`` if no validity boundary falls between
    them (the usual case), else ``None``; ``PricingError`` if there is no rate."""
    segments: _Segments | None = job.pay_cache.get(pay_code)
    if segments is None:
        segments = _segments(job, pay_code, first, bill=False)
    i = bisect_right(segments.breaks, first)
    if first != last and bisect_right(segments.breaks, last) != i:
        return None
    result = segments.values[i]
    if result is None:
        result = segments.values[i] = _resolve_pay_rate(job, pay_code, first)
    return result


def bill_provenance(job: CompiledJobOrder, pay_code: str, on: date) -> Provenance:
    """The resolved rule, line, pay rate and oncosts for a pay code on a date (cached)."""
    segments: _Segments | None = job.bill_cache.get(pay_code)
    if segments is None:
        segments = _segments(job, pay_code, on, bill=True)
    i = bisect_right(segments.breaks, on)
    p = segments.values[i]
    if p is None:
        p = segments.values[i] = _resolve_bill(job, pay_code, on)
    return p


def price_lines(job: CompiledJobOrder, lines: Iterable[tuple[str, Decimal, date]]) -> list[PricedLine]:
    """Price many ``(pay_code, units, date)`` lines of one job order."""
    return [price_line(job, code, units, on) for code, units, on in lines]


# ---------------------------------------------------------------------------------------------
# Resolution (once per pay code and validity segment)


def _first_valid_pay(candidates: tuple[PayRateCandidate, ...], on: date) -> PayRateCandidate | None:
    for c in candidates:
        if c.valid_from <= on and (c.valid_to is None or on <= c.valid_to):
            return c
    return None


def _resolve_pay_rate(job: CompiledJobOrder, pay_code: str, on: date) -> PayRate:
    pc = job.pay_codes.get(pay_code)
    if pc is None:
        raise PricingError(f"unknown pay code {pay_code!r} (on {on})", pay_code=pay_code, on=on)
    own = _first_valid_pay(job.pay_candidates.get(pay_code, ()), on)
    if own is not None:
        return PayRate(pay_code, own.rule.rate, own.rule.id)
    ordinary_code = job.ordinary_code
    if pc.multiplier is not None and ordinary_code is not None and ordinary_code != pay_code:
        ordinary = _first_valid_pay(job.pay_candidates.get(ordinary_code, ()), on)
        if ordinary is not None:
            return PayRate(
                pay_code,
                ordinary.rule.rate * pc.multiplier,
                ordinary.rule.id,
                pc.multiplier,
                ordinary_code,
            )
    agreement = job.pay_agreement.name
    raise PricingError(
        f"no pay rate for pay code {pay_code} on {on} (pay agreement {agreement!r})",
        pay_code=pay_code,
        on=on,
    )


def _resolve_bill(job: CompiledJobOrder, pay_code: str, on: date) -> Provenance:
    agreement = job.bill_agreement
    if agreement is None:
        raise PricingError(f"no bill agreement for pay code {pay_code} on {on}", pay_code=pay_code, on=on)
    winner: BillCandidate | None = None
    for c in job.bill_candidates.get(pay_code, ()):
        if c.valid_from <= on and (c.valid_to is None or on <= c.valid_to):
            winner = c
            break
    if winner is None:
        raise PricingError(
            f"no bill rate rule line for pay code {pay_code} on {on} (bill agreement {agreement.name!r})",
            pay_code=pay_code,
            on=on,
        )
    pay = pay_rate(job, pay_code, on)
    line = winner.line
    passed = line.oncosts
    charges = []
    for oncost in job.oncosts[pay_code]:
        value = next(
            (v for v in oncost.values if v.valid_from <= on and (v.valid_to is None or on <= v.valid_to)),
            None,
        )
        if value is None:
            continue
        per_unit = pay.rate * value.value / _HUNDRED if oncost.kind == OncostKind.PERCENT else value.value
        passed_through = oncost.bill if passed is None else oncost.code in passed
        charges.append(
            OncostCharge(
                oncost.id,
                oncost.code,
                oncost.kind,
                oncost.bill,
                passed_through,
                value.id,
                value.value,
                per_unit,
            )
        )
    cost = pay.rate + sum((c.per_unit for c in charges if c.passed_through), _ZERO)
    rate = unrounded_rate(line.method, line.value, cost)
    return Provenance(
        pay_code=pay_code,
        pay=pay,
        bill_agreement_id=agreement.id,
        bill_agreement_name=agreement.name,
        rule_id=winner.rule.id,
        rule_node=winner.rule.node,
        line_id=line.id,
        scope=line.scope,
        method=line.method,
        value=line.value,
        rounding=line.rounding,
        places=line.places,
        oncosts=tuple(charges),
        oncost_per_unit=tuple(c.per_unit for c in charges),
        cost=cost,
        rate=rate,
        bill_rate=round_rate(rate, line.rounding, line.places),
    )
