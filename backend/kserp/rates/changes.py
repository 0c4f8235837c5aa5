"""Rate changes from a date (docs/workspace.md): `pay_rate_change` and `oncost_value_change` end
the current period the day before `valid_from` and start a new one that runs to the old period's
end, like `bill_rule_change_rate` does for bill rules. Their preview is
`kserp.orders.rate_impacts` (it prices job orders, which sit above rates)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction

from kserp.errors import ServiceError, ValidationFailed
from kserp.identity.audit import audit_record, instance_snapshot
from kserp.rates.models import OncostValue, PayRateRule
from kserp.rates.validity import describe

RATE_PLACES = Decimal("0.0001")


def _check_start(valid_from: dt.date, current_from: dt.date, current_to: dt.date | None) -> list[ServiceError]:
    if current_from < valid_from and (current_to is None or valid_from <= current_to):
        return []
    return [
        ServiceError(
            "OUTSIDE_RULE",
            "The new value must start after the current one's start and within its validity "
            f"{describe(current_from, current_to)}.",
            "validFrom",
        )
    ]


def _check_amount(value: Decimal, field: str) -> list[ServiceError]:
    if value < 0:
        return [ServiceError("INVALID", "Cannot be negative.", field)]
    if value != value.quantize(RATE_PLACES):
        return [ServiceError("INVALID", "At most 4 decimal places.", field)]
    return []


@transaction.atomic
def pay_rate_change(*, rule: PayRateRule, valid_from: dt.date, rate: Decimal, actor: Any = None) -> PayRateRule:
    """A new pay rate from `valid_from` for the rule's pay code at its node. Returns the new rule."""
    rule = PayRateRule.objects.select_for_update().get(pk=rule.pk)
    errors = _check_start(valid_from, rule.valid_from, rule.valid_to) + _check_amount(rate, "rate")
    if errors:
        raise ValidationFailed(errors)
    before = instance_snapshot(rule)
    old_end = rule.valid_to
    rule.valid_to = valid_from - dt.timedelta(days=1)
    rule.save(update_fields=["valid_to"])
    successor = PayRateRule.objects.create(
        agreement_id=rule.agreement_id,
        pay_code_id=rule.pay_code_id,
        rate=rate.quantize(RATE_PLACES),
        node_level=rule.node_level,
        node_value=rule.node_value,
        valid_from=valid_from,
        valid_to=old_end,
    )
    audit_record(
        actor=actor,
        action="pay_rule.change_rate",
        instance=rule,
        before=before,
        after={"ended": instance_snapshot(rule), "successor": instance_snapshot(successor)},
    )
    return successor


@transaction.atomic
def oncost_value_change(*, current: OncostValue, valid_from: dt.date, value: Decimal, actor: Any = None) -> OncostValue:
    """A new oncost percent or amount from `valid_from`. Returns the new period."""
    current = OncostValue.objects.select_for_update().get(pk=current.pk)
    errors = _check_start(valid_from, current.valid_from, current.valid_to) + _check_amount(value, "value")
    if errors:
        raise ValidationFailed(errors)
    before = instance_snapshot(current)
    old_end = current.valid_to
    current.valid_to = valid_from - dt.timedelta(days=1)
    current.save(update_fields=["valid_to"])
    successor = OncostValue.objects.create(
        oncost_id=current.oncost_id, valid_from=valid_from, valid_to=old_end, value=value.quantize(RATE_PLACES)
    )
    audit_record(
        actor=actor,
        action="oncost.change_value",
        instance=current,
        before=before,
        after={"ended": instance_snapshot(current), "successor": instance_snapshot(successor)},
    )
    return successor
