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


def _succeed(current: Any, *, valid_from: dt.date, field: str, value: Decimal, action: str, actor: Any) -> Any:
    """End `current` (a row with a validity) the day before `valid_from` and copy it from
    `valid_from` to its old end with `field` set to `value`; in the caller's transaction."""
    current = type(current).objects.select_for_update().get(pk=current.pk)
    errors = _check_start(valid_from, current.valid_from, current.valid_to) + _check_amount(value, field)
    if errors:
        raise ValidationFailed(errors)
    before = instance_snapshot(current)
    old_end = current.valid_to
    current.valid_to = valid_from - dt.timedelta(days=1)
    current.save(update_fields=["valid_to"])
    successor = type(current).objects.get(pk=current.pk)
    successor.pk = None
    successor.valid_from, successor.valid_to = valid_from, old_end
    setattr(successor, field, value.quantize(RATE_PLACES))
    successor.save(force_insert=True)
    audit_record(actor=actor, action=action, instance=current, before=before,
                 after={"ended": instance_snapshot(current), "successor": instance_snapshot(successor)})  # fmt: skip
    return successor


@transaction.atomic
def pay_rate_change(*, rule: PayRateRule, valid_from: dt.date, rate: Decimal, actor: Any = None) -> PayRateRule:
    """A new pay rate from `valid_from` for the rule's pay code at its node. Returns the new rule."""
    return _succeed(rule, valid_from=valid_from, field="rate", value=rate, action="pay_rule.change_rate",
                    actor=actor)  # fmt: skip


@transaction.atomic
def oncost_value_change(*, current: OncostValue, valid_from: dt.date, value: Decimal, actor: Any = None) -> OncostValue:
    """A new oncost percent or amount from `valid_from`. Returns the new period."""
    return _succeed(current, valid_from=valid_from, field="value", value=value,
                    action="oncost.change_value", actor=actor)  # fmt: skip
