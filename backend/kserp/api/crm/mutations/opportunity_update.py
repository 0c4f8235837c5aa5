from __future__ import annotations

import strawberry
from strawberry.types import Info

from kserp.api.core.context import current_user
from kserp.api.core.errors import UserError, ValidationFailed, user_errors
from kserp.api.core.permissions import HasPerm, IsStaff, Require
from kserp.api.crm.inputs import OpportunityInput
from kserp.api.crm.mutations._opportunity import opportunity_values, weekly_margin
from kserp.api.crm.types import OpportunityPayload, OpportunityType
from kserp.crm.models import Opportunity
from kserp.crm.services import opportunity_save


def find_opportunity(info: Info, id: strawberry.relay.GlobalID) -> Opportunity | None:
    if id.type_name != "Opportunity" or not id.node_id.isdigit():
        return None
    return (
        OpportunityType.get_queryset(Opportunity.objects.select_related("client__entity"), info)
        .filter(pk=id.node_id)
        .first()
    )


def update_opportunity_mutation(
    info: Info, id: strawberry.relay.GlobalID, input: OpportunityInput
) -> OpportunityPayload:
    opportunity = find_opportunity(info, id)
    if opportunity is None:
        error = UserError(field="id", code="NOT_FOUND", message="No such opportunity.")
        return OpportunityPayload(opportunity=None, errors=[error])
    values, errors = opportunity_values(input)
    if errors:
        return OpportunityPayload(opportunity=None, errors=errors)
    margin = weekly_margin(opportunity.client, values, opportunity)
    try:
        opportunity = opportunity_save(opportunity=opportunity, values=values, weekly_margin=margin,
                                       actor=current_user(info))  # fmt: skip
    except ValidationFailed as failed:
        return OpportunityPayload(opportunity=None, errors=user_errors(failed.errors))
    return OpportunityPayload(opportunity=opportunity, errors=[])  # type: ignore[arg-type]


update_opportunity_field = strawberry.mutation(
    resolver=update_opportunity_mutation,
    description="Move an opportunity along the pipeline or change it (the fields given; the client stays).",
    extensions=[Require(IsStaff(), HasPerm("crm.change_opportunity"))],
)
