"""Builders for engine tests: the example configuration of the format (docs/configuration.md), as
engine dataclasses."""

from __future__ import annotations

from datetime import date, time
from decimal import Decimal

from kserp.rates.engine import (
    DEFAULT_HIERARCHY,
    AppliesTo,
    BillAgreement,
    BillLine,
    BillRule,
    CompiledJobOrder,
    HolidayCalendar,
    InterpretationRules,
    MealAllowance,
    Method,
    NightWindow,
    Oncost,
    OncostKind,
    OncostValue,
    OvertimeTier,
    PayAgreement,
    PayCode,
    PayCodeType,
    PayRateRule,
    RoundingMode,
    Scope,
    Unit,
    compile_job_order,
)

D = Decimal
HIERARCHY = DEFAULT_HIERARCHY
PATH = {
    "country": "AU",
    "brand": "KS",
    "state": "NSW",
    "client": "ACME",
    "cost_centre": "CC10",
    "payee": "P001",
    "job_order": "JO-1001",
}
START = date(2025, 7, 1)

PAY_CODES = (
    PayCode("ORD", PayCodeType.ORDINARY, Unit.HOUR),
    PayCode("SAT", PayCodeType.PENALTY, Unit.HOUR, D("1.25")),
    PayCode("SUN", PayCodeType.PENALTY, Unit.HOUR, D("2.0")),
    PayCode("PH", PayCodeType.PENALTY, Unit.HOUR, D("2.5")),
    PayCode("OT150", PayCodeType.OVERTIME, Unit.HOUR, D("1.5")),
    PayCode("OT200", PayCodeType.OVERTIME, Unit.HOUR, D("2.0")),
    PayCode("NIGHT", PayCodeType.PENALTY, Unit.HOUR, D("1.15")),
    PayCode("MEAL", PayCodeType.ALLOWANCE, Unit.EACH),
    PayCode("DAY", PayCodeType.ORDINARY, Unit.EACH),  # a day rate, for the worked checks
)

AWARD = InterpretationRules(
    ordinary_code="ORD",
    daily_ordinary_hours=D("7.6"),
    weekly_ordinary_hours=D("38"),
    overtime_tiers=(OvertimeTier(D("2"), "OT150"), OvertimeTier(None, "OT200")),
    saturday_code="SAT",
    sunday_code="SUN",
    public_holiday_code="PH",
    holidays=HolidayCalendar("AU", "NSW"),
    minimum_engagement_hours=D("3"),
    meal_allowance=MealAllowance(D("1.5"), "MEAL"),
    night=None,
)
NIGHT_WINDOW = NightWindow("NIGHT", time(19, 0), time(7, 0))


def rate(rule_id: int, pay_code: str, value: str, node=("country", "AU"), **kw) -> PayRateRule:
    return PayRateRule(rule_id, pay_code, D(value), node, kw.get("valid_from", START), kw.get("valid_to"))


def pay_agreement(
    rates=None, interpretation=AWARD, node=("country", "AU"), valid_from=START, valid_to=None
) -> PayAgreement:
    if rates is None:
        rates = (rate(1, "ORD", "28.00"), rate(2, "MEAL", "18.50"), rate(3, "DAY", "350"))
    return PayAgreement(10, "Warehouse award 2025", node, valid_from, valid_to, tuple(rates), interpretation)


def line(line_id, scope, method, value, rounding=RoundingMode.ROUND_HALF_UP, places=2, oncosts=None) -> BillLine:
    return BillLine(line_id, scope, Method(method), D(value), rounding, places, oncosts)


def rule(rule_id, node, *lines, valid_from=START, valid_to=None) -> BillRule:
    return BillRule(rule_id, node, valid_from, valid_to, tuple(lines))


def bill_agreement(*rules, node=("country", "AU"), valid_from=START, valid_to=None):
    return BillAgreement(20, "Standard AU", node, valid_from, valid_to, tuple(rules))


def markup_all(value="25", method="MARKUP_PERCENT", **kw) -> BillAgreement:
    """A bill agreement with one country-level rule: one ALL line."""
    return bill_agreement(rule(100, ("country", "AU"), line(1000, Scope.all(), method, value, **kw)))


def oncost(oncost_id, code, kind, value, *, bill=True, node=("country", "AU"), applies_to=None, values=None) -> Oncost:
    if values is None:
        values = (OncostValue(oncost_id * 10, START, None, D(value)),)
    return Oncost(
        oncost_id,
        code,
        OncostKind(kind),
        bill,
        node,
        applies_to or AppliesTo.everything(),
        tuple(values),
    )


SUPER = oncost(
    1,
    "SUPER",
    "PERCENT",
    None,
    applies_to=AppliesTo.pay_code_types("ORDINARY", "PENALTY"),
    values=(
        OncostValue(11, date(2024, 7, 1), date(2025, 6, 30), D("11.5")),
        OncostValue(12, date(2025, 7, 1), None, D("12")),
    ),
)
PRT_NSW = oncost(2, "PRT_NSW", "PERCENT", "5.45", bill=False, node=("state", "NSW"))
PRT_VIC = oncost(3, "PRT_VIC", "PERCENT", "4.85", bill=False, node=("state", "VIC"))


def compiled(pay=None, bill=None, oncosts=(), path=PATH, pay_codes=PAY_CODES) -> CompiledJobOrder:
    return compile_job_order(
        HIERARCHY,
        path,
        pay_codes,
        oncosts,
        pay if pay is not None else pay_agreement(),
        bill if bill is not None else markup_all(),
    )
