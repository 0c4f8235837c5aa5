from __future__ import annotations

import strawberry
from strawberry.types import Info

from kserp.api.core.context import current_user
from kserp.api.core.errors import UserError, ValidationFailed, user_errors
from kserp.api.core.lookup import by_id_or_code
from kserp.api.core.permissions import HasPerm, IsStaff, Perm, Require, viewer_access
from kserp.api.finance.cash_lookup import allocations_in
from kserp.api.finance.invoice_types import ReceiptPayload, RecordReceiptInput
from kserp.api.finance.types import entities_visible
from kserp.crm.models import Client
from kserp.finance.cash import receipt_create


def record_receipt_mutation(info: Info, input: RecordReceiptInput) -> ReceiptPayload:
    clients = Client.objects.filter(entity__in=entities_visible(viewer_access(info).entity_id)).select_related("entity")
    client = by_id_or_code(clients, str(input.client), type_name="Client")
    allocations, errors = allocations_in(info, input.allocations)
    if client is None:
        errors.insert(0, UserError(field="client", code="NOT_FOUND", message=f"No client {input.client!r}."))
    if errors:
        return ReceiptPayload(receipt=None, errors=errors)
    assert client is not None
    try:
        receipt = receipt_create(
            client=client,
            amount=input.amount,
            received_on=input.date,
            reference=input.reference,
            allocations=allocations,
            actor=current_user(info),
        )
    except ValidationFailed as failed:
        return ReceiptPayload(receipt=None, errors=user_errors(failed.errors))
    return ReceiptPayload(receipt=receipt, errors=[])  # type: ignore[arg-type]


record_receipt_field = strawberry.mutation(
    resolver=record_receipt_mutation,
    description="Record money received from a client, allocated across its invoices (in full or in part); the "
    "rest is held as unapplied cash on the client's account. Errors name `allocations[i].amount`.",
    extensions=[Require(IsStaff(), HasPerm(Perm.RECORD_PAYMENT))],
)
