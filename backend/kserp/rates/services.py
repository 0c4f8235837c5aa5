"""Writes of the rates domain: agreement maintenance (the SPA; the configuration import lives in
`kserp.configuration`).

Every function checks the rules the database also holds (exclusion and check constraints on
PostgreSQL, see `models.py`), so every database gives the same clear `ValidationFailed` errors.
Error fields are the GraphQL argument paths (`validFrom`, `lines[0].value`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction

from kserp.base.bounds import business_date_errors
from kserp.errors import ServiceError, ValidationFailed
from kserp.identity.audit import audit_record, instance_snapshot
from kserp.rates import rule_checks
from kserp.rates.compile import hierarchy
from kserp.rates.models import (
    BillAgreement,
    BillMethod,
    BillRateLine,
    BillRateRule,
    Oncost,
    PayCode,
    PayCodeType,
    RoundingMode,
    ScopeKind,
)
from kserp.rates.validity import describe, overlaps

__all__ = [
    "BillLineInput",
    "bill_agreement_create",
    "bill_agreement_end",
    "bill_line_end",
    "bill_rule_add",
    "bill_rule_change_rate",
    "bill_rule_end",
]


@dataclass(frozen=True)
class BillLineInput:
    scope_kind: str  # ALL | TYPE | CODE
    scope_value: str  # "" for ALL
    method: str
    value: Decimal
    rounding_mode: str = RoundingMode.ROUND_HALF_UP
    places: int = 2
    oncosts: list[str] | None = None  # None: the bill oncosts


def _levels() -> dict[str, int]:
    return {name: position for position, name in enumerate(hierarchy())}


def _check_header(
    *,
    name: str,
    node_level: str,
    node_value: str,
    valid_from: dt.date,
    valid_to: dt.date | None,
    exclude_id: int | None = None,
) -> list[ServiceError]:
    errors = []
    levels = _levels()
    if problem := rule_checks.unknown_level(node_level, list(levels)):
        errors.append(_error(problem, "node"))
    if not node_value.strip():
        errors.append(ServiceError("REQUIRED", "Give the node's value.", "node"))
    errors += business_date_errors(valid_from, field="validFrom") + business_date_errors(valid_to, field="validTo")
    if problem := rule_checks.date_order(valid_from, valid_to):
        errors.append(_error(problem, "validTo"))
    others = BillAgreement.objects.all() if exclude_id is None else BillAgreement.objects.exclude(pk=exclude_id)
    if others.filter(name=name).exists():
        errors.append(ServiceError("DUPLICATE", f"A bill agreement named {name!r} exists.", "name"))
    if not errors:
        for other in others.filter(node_level=node_level, node_value=node_value):
            problem = rule_checks.header_overlap(
                what="bill agreement",
                node=(node_level, node_value),
                valid_from=valid_from,
                valid_to=valid_to,
                other_name=other.name,
                other_from=other.valid_from,
                other_to=other.valid_to,
            )
            if problem:
                errors.append(_error(problem, "validFrom"))
    return errors


def _error(problem: rule_checks.Problem, field: str) -> ServiceError:
    return ServiceError(problem.code, problem.message, field)


@transaction.atomic
def bill_agreement_create(
    *,
    name: str,
    node_level: str,
    node_value: str,
    valid_from: dt.date,
    valid_to: dt.date | None = None,
    actor: Any = None,
) -> BillAgreement:
    name = name.strip()
    errors = [] if name else [ServiceError("REQUIRED", "Give the agreement a name.", "name")]
    errors += _check_header(
        name=name, node_level=node_level, node_value=node_value, valid_from=valid_from, valid_to=valid_to
    )
    if errors:
        raise ValidationFailed(errors)
    agreement = BillAgreement.objects.create(
        name=name, node_level=node_level, node_value=node_value, valid_from=valid_from, valid_to=valid_to
    )
    audit_record(
        actor=actor, action="bill_agreement.create", instance=agreement, before=None, after=_snapshot(agreement)
    )
    return agreement


@transaction.atomic
def bill_agreement_end(*, agreement: BillAgreement, valid_to: dt.date, actor: Any = None) -> BillAgreement:
    """End-date a header; its rules still valid after `valid_to` end with it. Refused when a
    rule starts after `valid_to` or a job order using the agreement runs past it."""
    agreement = BillAgreement.objects.select_for_update().get(pk=agreement.pk)
    errors = business_date_errors(valid_to, field="validTo")
    if problem := rule_checks.date_order(agreement.valid_from, valid_to):
        errors.append(_error(problem, "validTo"))
    late = agreement.rules.filter(valid_from__gt=valid_to).count()
    if late:
        errors.append(
            ServiceError("RULES_AFTER_END", f"{late} rule(s) start after {valid_to}; change them first.", "validTo")
        )
    # The job orders using it, through the reverse relation (rates imports nothing from orders).
    running = agreement.job_orders.exclude(end__lte=valid_to).values_list("code", flat=True)
    if running:
        errors.append(
            ServiceError(
                "IN_USE", f"Job orders {', '.join(sorted(running))} run past {valid_to} on this agreement.", "validTo"
            )
        )
    if errors:
        raise ValidationFailed(errors)
    before = _snapshot(agreement)
    agreement.valid_to = valid_to
    agreement.save(update_fields=["valid_to"])
    for rule in agreement.rules.all():
        if rule.valid_to is None or rule.valid_to > valid_to:
            _set_rule_end(rule, valid_to)
    audit_record(
        actor=actor, action="bill_agreement.end", instance=agreement, before=before, after=_snapshot(agreement)
    )
    return agreement


def _snapshot(agreement: BillAgreement) -> dict[str, Any]:
    """A bill agreement header with its rules (valid dates and node) for the audit trail."""
    rules = [instance_snapshot(rule) for rule in BillRateRule.objects.filter(agreement=agreement).order_by("pk")]
    return {**instance_snapshot(agreement), "rules": rules}


def _rule_snapshot(rule: BillRateRule) -> dict[str, Any]:
    lines = [
        instance_snapshot(line, exclude=("agreement", "node_level", "node_value", "valid_from", "valid_to"))
        for line in BillRateLine.objects.filter(rule=rule).order_by("pk")
    ]
    return {**instance_snapshot(rule), "lines": lines}


def _set_rule_end(rule: BillRateRule, valid_to: dt.date) -> None:
    rule.valid_to = valid_to
    rule.save(update_fields=["valid_to"])
    rule.lines.update(valid_to=valid_to)  # the lines' copies (models.BillRateLine)


def _check_lines(lines: list[BillLineInput]) -> list[ServiceError]:
    errors: list[ServiceError] = []
    if not lines:
        errors.append(ServiceError("REQUIRED", "A rule needs at least one line.", "lines"))
    pay_codes = set(PayCode.objects.values_list("code", flat=True))
    oncosts = set(Oncost.objects.values_list("code", flat=True))
    seen: set[tuple[str, str]] = set()
    for i, line in enumerate(lines):
        where = f"lines[{i}]"
        if line.scope_kind not in ScopeKind.values:
            errors.append(
                ServiceError(
                    "INVALID", f"Scope kind {line.scope_kind!r} is not one of ALL, TYPE, CODE.", f"{where}.scope"
                )
            )
        elif line.scope_kind == ScopeKind.TYPE and line.scope_value not in PayCodeType.values:
            errors.append(ServiceError("INVALID", f"{line.scope_value!r} is not a pay code type.", f"{where}.scope"))
        elif line.scope_kind == ScopeKind.CODE and line.scope_value not in pay_codes:
            errors.append(
                ServiceError("UNKNOWN_REFERENCE", f"Unknown pay code {line.scope_value!r}.", f"{where}.scope")
            )
        scope = (line.scope_kind, "" if line.scope_kind == ScopeKind.ALL else line.scope_value)
        if scope in seen:
            errors.append(ServiceError("DUPLICATE", "Two lines of one rule have the same scope.", f"{where}.scope"))
        seen.add(scope)
        if line.method not in BillMethod.values:
            errors.append(
                ServiceError(
                    "INVALID",
                    f"Method {line.method!r} is not one of {', '.join(BillMethod.values)}.",
                    f"{where}.method",
                )
            )
        if problem := rule_checks.line_value(line.method, line.value):
            errors.append(_error(problem, f"{where}.value"))
        if line.rounding_mode not in RoundingMode.values:
            errors.append(
                ServiceError(
                    "INVALID",
                    f"Rounding mode {line.rounding_mode!r} is not one of ROUND_HALF_UP, TRUNCATE.",
                    f"{where}.roundingMode",
                )
            )
        if not 0 <= line.places <= 4:
            errors.append(ServiceError("INVALID", "Places must be between 0 and 4.", f"{where}.places"))
        for j, code in enumerate(line.oncosts or []):
            if code not in oncosts:
                errors.append(ServiceError("UNKNOWN_REFERENCE", f"Unknown oncost {code!r}.", f"{where}.oncosts[{j}]"))
    return errors


def _check_rule(
    *,
    agreement: BillAgreement,
    node_level: str,
    node_value: str,
    valid_from: dt.date,
    valid_to: dt.date | None,
    lines: list[BillLineInput],
    ignore_rule: BillRateRule | None = None,
) -> list[ServiceError]:
    errors = []
    levels = _levels()
    if (problem := rule_checks.unknown_level(node_level, list(levels))) or (
        problem := rule_checks.above_header((node_level, node_value), agreement.node_level, levels)
    ):
        errors.append(_error(problem, "node"))
    errors += business_date_errors(valid_from, field="validFrom") + business_date_errors(valid_to, field="validTo")
    if problem := rule_checks.date_order(valid_from, valid_to):
        errors.append(_error(problem, "validTo"))
    elif problem := rule_checks.outside_header(valid_from, valid_to, agreement.valid_from, agreement.valid_to):
        errors.append(_error(problem, "validFrom"))
    errors += _check_lines(lines)
    if errors:
        return errors
    # Only one rule per node and scope is valid at a time.
    others = BillRateLine.objects.filter(agreement=agreement, node_level=node_level, node_value=node_value)
    if ignore_rule is not None:
        others = others.exclude(rule=ignore_rule)
    for i, line in enumerate(lines):
        scope_value = "" if line.scope_kind == ScopeKind.ALL else line.scope_value
        for other in others.filter(scope_kind=line.scope_kind, scope_value=scope_value):
            if overlaps(valid_from, valid_to, other.valid_from, other.valid_to):
                errors.append(
                    ServiceError(
                        "OVERLAP",
                        f"Rule {other.rule_id} at {node_level}={node_value} already bills scope {other.scope_label} "
                        f"during {describe(other.valid_from, other.valid_to)}.",
                        f"lines[{i}].scope",
                    )
                )
    return errors


def _create_rule(
    agreement: BillAgreement,
    node_level: str,
    node_value: str,
    valid_from: dt.date,
    valid_to: dt.date | None,
    lines: list[BillLineInput],
) -> BillRateRule:
    rule = BillRateRule.objects.create(
        agreement=agreement, node_level=node_level, node_value=node_value, valid_from=valid_from, valid_to=valid_to
    )
    oncost_ids = dict(Oncost.objects.values_list("code", "id"))
    for line in lines:
        row = BillRateLine.objects.create(
            rule=rule,
            scope_kind=line.scope_kind,
            scope_value="" if line.scope_kind == ScopeKind.ALL else line.scope_value,
            method=line.method,
            value=line.value,
            rounding_mode=line.rounding_mode,
            rounding_places=line.places,
            oncosts_default=line.oncosts is None,
            agreement=agreement,
            node_level=node_level,
            node_value=node_value,
            valid_from=valid_from,
            valid_to=valid_to,
        )
        if line.oncosts:
            row.oncosts.set([oncost_ids[code] for code in line.oncosts])
    return rule


@transaction.atomic
def bill_rule_add(
    *,
    agreement: BillAgreement,
    node_level: str,
    node_value: str,
    valid_from: dt.date | None = None,
    valid_to: dt.date | None = None,
    lines: list[BillLineInput],
    actor: Any = None,
) -> BillRateRule:
    """Add a rule (default validity: the header's)."""
    agreement = BillAgreement.objects.select_for_update().get(pk=agreement.pk)
    if valid_from is None:
        valid_from, valid_to = agreement.valid_from, valid_to or agreement.valid_to
    errors = _check_rule(
        agreement=agreement,
        node_level=node_level,
        node_value=node_value,
        valid_from=valid_from,
        valid_to=valid_to,
        lines=lines,
    )
    if errors:
        raise ValidationFailed(errors)
    rule = _create_rule(agreement, node_level, node_value, valid_from, valid_to, lines)
    audit_record(actor=actor, action="bill_rule.add", instance=rule, before=None, after=_rule_snapshot(rule))
    return rule


@transaction.atomic
def bill_rule_change_rate(
    *, rule: BillRateRule, valid_from: dt.date, lines: list[BillLineInput], actor: Any = None
) -> BillRateRule:
    """New rates from `valid_from`: the current rule ends the day before and a new rule at the same
    node takes over until the old rule's end, in one transaction. Returns the new rule."""
    agreement = BillAgreement.objects.select_for_update().get(pk=rule.agreement_id)
    rule = BillRateRule.objects.get(pk=rule.pk)
    if not (rule.valid_from < valid_from and (rule.valid_to is None or valid_from <= rule.valid_to)):
        raise ValidationFailed(
            [
                ServiceError(
                    "OUTSIDE_RULE",
                    "The new rates must start after the rule's start and within its validity "
                    f"{describe(rule.valid_from, rule.valid_to)}.",
                    "validFrom",
                )
            ]
        )
    old_end = rule.valid_to
    errors = _check_rule(
        agreement=agreement,
        node_level=rule.node_level,
        node_value=rule.node_value,
        valid_from=valid_from,
        valid_to=old_end,
        lines=lines,
        ignore_rule=rule,
    )
    if errors:
        raise ValidationFailed(errors)
    before = _rule_snapshot(rule)
    _set_rule_end(rule, valid_from - dt.timedelta(days=1))
    new_rule = _create_rule(agreement, rule.node_level, rule.node_value, valid_from, old_end, lines)
    audit_record(
        actor=actor,
        action="bill_rule.change_rate",
        instance=rule,
        before=before,
        after={"ended": _rule_snapshot(rule), "successor": _rule_snapshot(new_rule)},
    )
    return new_rule


def _end_errors(rule: BillRateRule, valid_to: dt.date) -> list[ServiceError]:
    """Ending a rule (or one of its lines) on `valid_to`, its last day: not before it starts,
    not later than it already ends."""
    errors = business_date_errors(valid_to, field="validTo")
    if problem := rule_checks.date_order(rule.valid_from, valid_to):
        errors.append(
            ServiceError(
                problem.code, f"The rule starts on {rule.valid_from}: it cannot end before it starts.", "validTo"
            )
        )
    elif rule.valid_to is not None and valid_to >= rule.valid_to:
        errors.append(
            ServiceError(
                "NOT_EARLIER",
                f"The rule already ends on {rule.valid_to}: an end must be earlier (to run longer, add a rule).",
                "validTo",
            )
        )
    return errors


@transaction.atomic
def bill_rule_end(*, rule: BillRateRule, valid_to: dt.date, actor: Any = None) -> BillRateRule:
    """End one bill rate rule (with its lines) on `valid_to`, its last day; the job orders it
    priced fall back to a broader rule after that day."""
    BillAgreement.objects.select_for_update().get(pk=rule.agreement_id)
    rule = BillRateRule.objects.get(pk=rule.pk)
    errors = _end_errors(rule, valid_to)
    if errors:
        raise ValidationFailed(errors)
    before = _rule_snapshot(rule)
    _set_rule_end(rule, valid_to)
    audit_record(actor=actor, action="bill_rule.end", instance=rule, before=before, after=_rule_snapshot(rule))
    return rule


def _line_input(line: BillRateLine) -> BillLineInput:
    return BillLineInput(
        scope_kind=line.scope_kind,
        scope_value=line.scope_value,
        method=line.method,
        value=line.value,
        rounding_mode=line.rounding_mode,
        places=line.rounding_places,
        oncosts=None if line.oncosts_default else sorted(o.code for o in line.oncosts.all()),
    )


@transaction.atomic
def bill_line_end(
    *, line: BillRateLine, valid_to: dt.date, actor: Any = None
) -> tuple[BillRateRule, BillRateRule | None]:
    """End one line of a rule on `valid_to`: the rule ends that day and, from the next, a rule at
    the same node carries its other lines (a line's dates are its rule's). The only line of a rule
    ends the rule. Returns (the ended rule, its successor or None)."""
    BillAgreement.objects.select_for_update().get(pk=line.agreement_id)
    rule = BillRateRule.objects.get(pk=line.rule_id)
    errors = _end_errors(rule, valid_to)
    if errors:
        raise ValidationFailed(errors)
    others = [_line_input(other) for other in rule.lines.exclude(pk=line.pk).order_by("pk")]
    if not others:
        return bill_rule_end(rule=rule, valid_to=valid_to, actor=actor), None
    try:
        successor = bill_rule_change_rate(
            rule=rule, valid_from=valid_to + dt.timedelta(days=1), lines=others, actor=actor
        )
    except ValidationFailed as failed:  # the other lines as they stand: only dates can fail here
        raise ValidationFailed([ServiceError(e.code, e.message, "validTo") for e in failed.errors]) from failed
    rule.refresh_from_db()
    return rule, successor
