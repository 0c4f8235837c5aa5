from __future__ import annotations

import strawberry
from strawberry.types import Info

from kserp.api.core.context import current_user
from kserp.api.core.errors import ValidationFailed, user_errors
from kserp.api.core.permissions import HasPerm, IsStaff, Require
from kserp.api.crm.inputs import ClientInput, client_values, visible_client
from kserp.api.crm.types import ClientPayload
from kserp.crm.services import client_update


def update_client_mutation(info: Info, id: strawberry.ID, input: ClientInput) -> ClientPayload:
    client, errors = visible_client(info, str(id), field="id")
    if client is None:
        return ClientPayload(client=None, errors=errors)
    changes = client_values(input)
    if "entity" in changes:  # fixed once created: refused by the service unless it is the same
        changes["entity"] = client.entity if str(changes["entity"]) == client.entity.code else None
    try:
        client = client_update(client=client, changes=changes, actor=current_user(info))
    except ValidationFailed as failed:
        return ClientPayload(client=None, errors=user_errors(failed.errors))
    return ClientPayload(client=client, errors=[])  # type: ignore[arg-type]


update_client_field = strawberry.mutation(
    resolver=update_client_mutation,
    description="Change a client's fields (those given). Status ON_HOLD stops new timesheets and billing runs. "
    "Account managers and admins.",
    extensions=[Require(IsStaff(), HasPerm("crm.change_client"))],
)
