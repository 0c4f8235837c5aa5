from __future__ import annotations

import datetime as dt

import strawberry
from strawberry.types import Info

from kserp.api.core.context import current_user
from kserp.api.core.errors import UserError, ValidationFailed, user_errors
from kserp.api.core.lookup import by_id_or_code
from kserp.api.core.permissions import HasPerm, IsStaff, Perm, Require
from kserp.api.rates.inputs import bill_lines
from kserp.api.rates.types import BillRateLineInput, BillRateRulePayload, NodeInput
from kserp.rates.models import BillAgreement
from kserp.rates.services import bill_rule_add


def add_bill_rate_rule_mutation(
    info: Info,
    bill_agreement: strawberry.ID,
    node: NodeInput,
    lines: list[BillRateLineInput],
    valid_from: dt.date | None = None,
    valid_to: dt.date | None = None,
) -> BillRateRulePayload:
    agreement = by_id_or_code(BillAgreement.objects.all(), str(bill_agreement), type_name="BillAgreement", key="name")
    if agreement is None:
        error = UserError(field="billAgreement", code="NOT_FOUND", message="No such bill agreement.")
        return BillRateRulePayload(rule=None, previous_rule=None, errors=[error])
    try:
        rule = bill_rule_add(
            agreement=agreement,
            node_level=node.level,
            node_value=node.value,
            valid_from=valid_from,
            valid_to=valid_to,
            lines=bill_lines(lines),
            actor=current_user(info),
        )
    except ValidationFailed as failed:
        return BillRateRulePayload(rule=None, previous_rule=None, errors=user_errors(failed.errors))
    return BillRateRulePayload(rule=rule, previous_rule=None, errors=[])  # type: ignore[arg-type]


add_bill_rate_rule_field = strawberry.mutation(
    resolver=add_bill_rate_rule_mutation,
    description="Add a rule with its lines to a bill agreement (default validity: the header's).",
    extensions=[Require(IsStaff(), HasPerm(Perm.MANAGE_AGREEMENTS))],
)
