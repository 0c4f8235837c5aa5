from __future__ import annotations

import strawberry
from strawberry.types import Info

from kserp.api.core.context import current_user
from kserp.api.core.errors import UserError, ValidationFailed, user_errors
from kserp.api.core.permissions import HasPerm, IsStaff, Require
from kserp.api.crm.inputs import OpportunityInput, visible_client
from kserp.api.crm.mutations._opportunity import opportunity_values, weekly_margin
from kserp.api.crm.types import OpportunityPayload
from kserp.crm.services import opportunity_save


def create_opportunity_mutation(info: Info, input: OpportunityInput) -> OpportunityPayload:
    if input.client is None:
        return OpportunityPayload(opportunity=None, errors=[UserError(field="client", code="REQUIRED",
                                                                      message="Choose the client.")])  # fmt: skip
    client, errors = visible_client(info, str(input.client))
    values, more = opportunity_values(input)
    if client is None or more:
        return OpportunityPayload(opportunity=None, errors=errors + more)
    values.setdefault("title", "")
    try:
        opportunity = opportunity_save(client=client, values=values, weekly_margin=weekly_margin(client, values),
                                       actor=current_user(info))  # fmt: skip
    except ValidationFailed as failed:
        return OpportunityPayload(opportunity=None, errors=user_errors(failed.errors))
    return OpportunityPayload(opportunity=opportunity, errors=[])  # type: ignore[arg-type]


create_opportunity_field = strawberry.mutation(
    resolver=create_opportunity_mutation,
    description="Add an opportunity to the pipeline; with agreements and a start its weekly margin is estimated "
    "from a rate quote.",
    extensions=[Require(IsStaff(), HasPerm("crm.add_opportunity"))],
)
