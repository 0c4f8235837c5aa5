"""`endBillRateRule` and `endBillRateLine`: end one rule, or one line of a rule, on a date."""

from __future__ import annotations

import datetime as dt

import strawberry
from strawberry import relay
from strawberry.types import Info

from kserp.api.core.arguments import key_is_valid
from kserp.api.core.context import current_user
from kserp.api.core.errors import UserError, ValidationFailed, user_errors
from kserp.api.core.permissions import HasPerm, IsStaff, Perm, Require
from kserp.api.rates.types import BillRateRulePayload
from kserp.rates.models import BillRateLine, BillRateRule
from kserp.rates.services import bill_line_end, bill_rule_end


def _not_found(field: str, what: str) -> BillRateRulePayload:
    return BillRateRulePayload(
        rule=None, previous_rule=None, errors=[UserError(field=field, code="NOT_FOUND", message=f"No such {what}.")]
    )


def end_bill_rate_rule_mutation(info: Info, rule: relay.GlobalID, valid_to: dt.date) -> BillRateRulePayload:
    current = None
    if rule.type_name == "BillRateRule" and key_is_valid(rule.node_id):
        current = BillRateRule.objects.filter(pk=rule.node_id).first()
    if current is None:
        return _not_found("rule", "rule")
    try:
        ended = bill_rule_end(rule=current, valid_to=valid_to, actor=current_user(info))
    except ValidationFailed as failed:
        return BillRateRulePayload(rule=None, previous_rule=None, errors=user_errors(failed.errors))
    return BillRateRulePayload(rule=ended, previous_rule=None, errors=[])  # type: ignore[arg-type]


def end_bill_rate_line_mutation(info: Info, line: relay.GlobalID, valid_to: dt.date) -> BillRateRulePayload:
    current = None
    if line.type_name == "BillRateLine" and key_is_valid(line.node_id):
        current = BillRateLine.objects.filter(pk=line.node_id).first()
    if current is None:
        return _not_found("line", "rate line")
    try:
        ended, successor = bill_line_end(line=current, valid_to=valid_to, actor=current_user(info))
    except ValidationFailed as failed:
        return BillRateRulePayload(rule=None, previous_rule=None, errors=user_errors(failed.errors))
    if successor is None:
        return BillRateRulePayload(rule=ended, previous_rule=None, errors=[])  # type: ignore[arg-type]
    return BillRateRulePayload(rule=successor, previous_rule=ended, errors=[])  # type: ignore[arg-type]


end_bill_rate_rule_field = strawberry.mutation(
    resolver=end_bill_rate_rule_mutation,
    description=(
        "End one bill rate rule on validTo, its last day (not before it starts; earlier than its current end). "
        "Returns the ended rule."
    ),
    extensions=[Require(IsStaff(), HasPerm(Perm.MANAGE_AGREEMENTS))],
)

end_bill_rate_line_field = strawberry.mutation(
    resolver=end_bill_rate_line_mutation,
    description=(
        "End one line of a bill rate rule on validTo: the rule ends that day and a rule with its other lines "
        "takes over the next day (rule; previousRule is the ended one). A rule's only line ends the rule."
    ),
    extensions=[Require(IsStaff(), HasPerm(Perm.MANAGE_AGREEMENTS))],
)
