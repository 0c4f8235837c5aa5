"""Turning database rows into the engine's dataclasses (`kserp.rates.engine`)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from kserp.rates import engine
from kserp.rates.applicability import job_order_path
from kserp.rates.models import DEFAULT_LEVELS, BillAgreement, HierarchyLevel, Oncost, PayAgreement, PayCode


def hierarchy() -> tuple[str, ...]:
    """The hierarchy's levels, broadest first; no rows means the default hierarchy."""
    return tuple(HierarchyLevel.objects.values_list("name", flat=True)) or DEFAULT_LEVELS


def _decimal(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def interpretation_rules(data: dict[str, Any] | None) -> engine.InterpretationRules | None:
    if not data:
        return None
    holidays = data.get("holidays")
    meal = data.get("meal_allowance")
    night = data.get("night")
    return engine.InterpretationRules(
        ordinary_code=data["ordinary_code"],
        daily_ordinary_hours=_decimal(data.get("daily_ordinary_hours")),
        weekly_ordinary_hours=_decimal(data.get("weekly_ordinary_hours")),
        overtime_tiers=tuple(
            engine.OvertimeTier(_decimal(t.get("hours")), t["code"]) for t in data.get("overtime_tiers") or ()
        ),
        saturday_code=data.get("saturday_code"),
        sunday_code=data.get("sunday_code"),
        public_holiday_code=data.get("public_holiday_code"),
        holidays=engine.HolidayCalendar(holidays["country"], holidays.get("subdivision")) if holidays else None,
        minimum_engagement_hours=_decimal(data.get("minimum_engagement_hours")),
        meal_allowance=engine.MealAllowance(Decimal(meal["after_overtime_hours"]), meal["code"]) if meal else None,
        night=engine.NightWindow(
            night["code"], dt.time.fromisoformat(night["from"]), dt.time.fromisoformat(night["to"])
        )
        if night
        else None,
    )


def pay_codes() -> list[engine.PayCode]:
    return [
        engine.PayCode(c.code, engine.PayCodeType(c.type), engine.Unit(c.unit), c.multiplier, c.name)
        for c in PayCode.objects.all()
    ]


def _applies_to(data: dict[str, Any]) -> engine.AppliesTo:
    if data.get("all"):
        return engine.AppliesTo.everything()
    if "pay_code_types" in data:
        return engine.AppliesTo.pay_code_types(*data["pay_code_types"])
    return engine.AppliesTo.pay_codes(*data.get("pay_codes", ()))


def oncosts(payee_kind: str | None = None) -> list[engine.Oncost]:
    """The oncosts, without those limited to other payee kinds (`applies_to.payee_kinds`; absent:
    every kind, so configurations without the key price as before)."""
    return [
        engine.Oncost(
            id=o.id,
            code=o.code,
            kind=engine.OncostKind(o.kind),
            bill=o.bill,
            node=o.node,
            applies_to=_applies_to(o.applies_to),
            values=tuple(engine.OncostValue(v.id, v.valid_from, v.valid_to, v.value) for v in o.values.all()),
        )
        for o in Oncost.objects.prefetch_related("values")
        if payee_kind is None or payee_kind in (o.applies_to or {}).get("payee_kinds", (payee_kind,))
    ]


def pay_agreement(agreement: PayAgreement) -> engine.PayAgreement:
    return engine.PayAgreement(
        id=agreement.id,
        name=agreement.name,
        node=agreement.node,
        valid_from=agreement.valid_from,
        valid_to=agreement.valid_to,
        rates=tuple(
            engine.PayRateRule(r.id, r.pay_code.code, r.rate, r.node, r.valid_from, r.valid_to)
            for r in agreement.rates.select_related("pay_code")
        ),
        interpretation=interpretation_rules(agreement.interpretation),
    )


def bill_line(line: Any) -> engine.BillLine:
    scope = engine.Scope(engine.ScopeKind(line.scope_kind), line.scope_value or None)
    return engine.BillLine(
        id=line.id,
        scope=scope,
        method=engine.Method(line.method),
        value=line.value,
        rounding=engine.RoundingMode(line.rounding_mode),
        places=line.rounding_places,
        oncosts=None if line.oncosts_default else tuple(o.code for o in line.oncosts.all()),
    )


def bill_agreement(agreement: BillAgreement) -> engine.BillAgreement:
    rules = agreement.rules.prefetch_related("lines__oncosts")
    return engine.BillAgreement(
        id=agreement.id,
        name=agreement.name,
        node=agreement.node,
        valid_from=agreement.valid_from,
        valid_to=agreement.valid_to,
        rules=tuple(
            engine.BillRule(r.id, r.node, r.valid_from, r.valid_to, tuple(bill_line(line) for line in r.lines.all()))
            for r in rules
        ),
    )


def compiled_job_order(job_order: Any) -> engine.CompiledJobOrder:
    """Compile a job order with its pay and bill agreements. Raises `engine.ConfigurationError`
    (also when it has no pay agreement)."""
    if job_order.pay_agreement is None:
        raise engine.ConfigurationError(f"Job order {job_order.code} has no pay agreement.")
    levels = hierarchy()
    return engine.compile_job_order(
        levels,
        job_order_path(job_order, levels),
        pay_codes(),
        oncosts(job_order.payee.kind),
        pay_agreement(job_order.pay_agreement),
        bill_agreement(job_order.bill_agreement) if job_order.bill_agreement else None,
    )
