from __future__ import annotations

import datetime as dt

import strawberry
from strawberry import relay
from strawberry.types import Info

from kserp.api.core.arguments import key_is_valid
from kserp.api.core.context import current_user
from kserp.api.core.errors import UserError, ValidationFailed, user_errors
from kserp.api.core.permissions import HasPerm, IsStaff, Perm, Require
from kserp.api.rates.inputs import bill_lines
from kserp.api.rates.types import BillRateLineInput, BillRateRulePayload
from kserp.rates.models import BillRateRule
from kserp.rates.services import bill_rule_change_rate


def change_bill_rate_mutation(
    info: Info, rule: relay.GlobalID, valid_from: dt.date, lines: list[BillRateLineInput]
) -> BillRateRulePayload:
    current = None
    if rule.type_name == "BillRateRule" and key_is_valid(rule.node_id):
        current = BillRateRule.objects.filter(pk=rule.node_id).first()
    if current is None:
        return BillRateRulePayload(
            rule=None, previous_rule=None, errors=[UserError(field="rule", code="NOT_FOUND", message="No such rule.")]
        )
    try:
        new_rule = bill_rule_change_rate(
            rule=current, valid_from=valid_from, lines=bill_lines(lines), actor=current_user(info)
        )
    except ValidationFailed as failed:
        return BillRateRulePayload(rule=None, previous_rule=None, errors=user_errors(failed.errors))
    current.refresh_from_db()
    return BillRateRulePayload(rule=new_rule, previous_rule=current, errors=[])  # type: ignore[arg-type]


change_bill_rate_field = strawberry.mutation(
    resolver=change_bill_rate_mutation,
    description="New rates from validFrom: the rule ends the day before and a new rule at its node takes over.",
    extensions=[Require(IsStaff(), HasPerm(Perm.MANAGE_AGREEMENTS))],
)
