from __future__ import annotations

import datetime as dt
from decimal import Decimal

import strawberry
from strawberry import relay
from strawberry.types import Info

from kserp.api.core.context import current_user
from kserp.api.core.errors import UserError, ValidationFailed, user_errors
from kserp.api.core.permissions import Confidential, HasPerm, Perm, Require
from kserp.api.rates.types import PayRateRuleType
from kserp.rates.changes import pay_rate_change
from kserp.rates.models import PayRateRule


@strawberry.type
class PayRateRulePayload:
    rule: PayRateRuleType | None
    errors: list[UserError]


def change_pay_rate_mutation(
    info: Info, rule: relay.GlobalID, valid_from: dt.date, rate: Decimal
) -> PayRateRulePayload:
    current = PayRateRule.objects.filter(pk=rule.node_id).first() if rule.type_name == "PayRateRule" else None
    if current is None:
        return PayRateRulePayload(
            rule=None, errors=[UserError(field="rule", code="NOT_FOUND", message="No such rule.")]
        )
    try:
        new_rule = pay_rate_change(rule=current, valid_from=valid_from, rate=rate, actor=current_user(info))
    except ValidationFailed as failed:
        return PayRateRulePayload(rule=None, errors=user_errors(failed.errors))
    return PayRateRulePayload(rule=new_rule, errors=[])  # type: ignore[arg-type]


change_pay_rate_field = strawberry.mutation(
    resolver=change_pay_rate_mutation,
    description="A new pay rate from validFrom: the rule ends the day before and a new one takes over.",
    extensions=[Require(Confidential(), HasPerm(Perm.MANAGE_AGREEMENTS))],
)
