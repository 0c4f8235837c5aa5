from __future__ import annotations

import strawberry
from strawberry.types import Info

from kserp.api.core.context import current_user
from kserp.api.core.errors import UserError, ValidationFailed, user_errors
from kserp.api.core.permissions import HasPerm, IsStaff, Require
from kserp.api.crm.inputs import UpdateContactInput
from kserp.api.crm.types import ContactPayload, ContactType
from kserp.crm.models import Contact
from kserp.crm.services import contact_update


def update_contact_mutation(info: Info, id: strawberry.relay.GlobalID, input: UpdateContactInput) -> ContactPayload:
    visible = ContactType.get_queryset(Contact.objects.all(), info)
    contact = visible.filter(pk=id.node_id).first() if id.type_name == "Contact" and id.node_id.isdigit() else None
    if contact is None:
        return ContactPayload(
            contact=None, errors=[UserError(field="id", code="NOT_FOUND", message="No such contact.")]
        )
    changes = {name: value for name, value in vars(input).items() if value is not None}
    try:
        contact = contact_update(contact=contact, changes=changes, actor=current_user(info))
    except ValidationFailed as failed:
        return ContactPayload(contact=None, errors=user_errors(failed.errors))
    return ContactPayload(contact=contact, errors=[])  # type: ignore[arg-type]


update_contact_field = strawberry.mutation(
    resolver=update_contact_mutation,
    description="Change a contact (the fields given).",
    extensions=[Require(IsStaff(), HasPerm("crm.change_contact"))],
)
