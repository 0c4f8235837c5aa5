from __future__ import annotations

import strawberry
from strawberry.types import Info

from kserp.api.core.context import current_user
from kserp.api.core.errors import ValidationFailed, user_errors
from kserp.api.core.permissions import HasPerm, IsStaff, Require
from kserp.api.crm.inputs import ContactInput, visible_client
from kserp.api.crm.types import ContactPayload
from kserp.crm.services import CONTACT_FIELDS, contact_create


def create_contact_mutation(info: Info, input: ContactInput) -> ContactPayload:
    client, errors = visible_client(info, str(input.client))
    if client is None:
        return ContactPayload(contact=None, errors=errors)
    values = {name: getattr(input, name) for name in CONTACT_FIELDS}
    try:
        contact = contact_create(client=client, values=values, actor=current_user(info))
    except ValidationFailed as failed:
        return ContactPayload(contact=None, errors=user_errors(failed.errors))
    return ContactPayload(contact=contact, errors=[])  # type: ignore[arg-type]


create_contact_field = strawberry.mutation(
    resolver=create_contact_mutation,
    description="Add a person to a client: billing contacts receive invoices, approvers approve timesheets.",
    extensions=[Require(IsStaff(), HasPerm("crm.add_contact"))],
)
