from __future__ import annotations

import strawberry
from strawberry.types import Info

from kserp.api.core.context import current_user
from kserp.api.core.errors import UserError, ValidationFailed, user_errors
from kserp.api.core.lookup import by_id_or_code
from kserp.api.core.permissions import HasPerm, IsStaff, Require
from kserp.api.crm.inputs import ClientInput, client_values
from kserp.api.crm.types import ClientPayload
from kserp.base.models import Entity
from kserp.crm.services import client_create


def create_client_mutation(info: Info, input: ClientInput) -> ClientPayload:
    values = client_values(input)
    if "entity" in values:
        entity = by_id_or_code(Entity.objects.all(), str(values["entity"]), type_name="Entity")
        if entity is None:
            error = UserError(field="entity", code="NOT_FOUND", message=f"No entity {values['entity']!r}.")
            return ClientPayload(client=None, errors=[error])
        values["entity"] = entity
    values.setdefault("code", "")
    values.setdefault("name", "")
    try:
        client = client_create(values=values, actor=current_user(info))
    except ValidationFailed as failed:
        return ClientPayload(client=None, errors=user_errors(failed.errors))
    return ClientPayload(client=client, errors=[])  # type: ignore[arg-type]


create_client_field = strawberry.mutation(
    resolver=create_client_mutation,
    description="Create a client (code, name and entity required; the ABN's checksum is checked). Account "
    "managers and admins.",
    extensions=[Require(IsStaff(), HasPerm("crm.add_client"))],
)
