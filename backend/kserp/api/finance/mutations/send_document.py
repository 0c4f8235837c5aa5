from __future__ import annotations

import strawberry
from strawberry.types import Info

from kserp.api.core.context import current_user
from kserp.api.core.errors import UserError, ValidationFailed, user_errors
from kserp.api.core.lookup import by_id_or_code
from kserp.api.core.permissions import HasPerm, IsStaff, Perm, Require
from kserp.api.finance.delivery_types import DeliveryPayload, SendDocumentInput
from kserp.api.finance.invoice_types import CreditNoteType, InvoiceType
from kserp.crm.models import Client
from kserp.finance.delivery import delivery_queue
from kserp.finance.models import CreditNote, DeliveryKind, Invoice


def _missing(field: str, value: object) -> DeliveryPayload:
    return DeliveryPayload(
        delivery=None, errors=[UserError(field=field, code="NOT_FOUND", message=f"No {field} {value!r}.")]
    )


def send_document_mutation(info: Info, input: SendDocumentInput) -> DeliveryPayload:
    invoice = note = None
    if input.kind == DeliveryKind.INVOICE:
        invoice = by_id_or_code(
            InvoiceType.get_queryset(Invoice.objects.select_related("client"), info),
            str(input.invoice),
            type_name="Invoice",
            key="number",
        )
        if invoice is None:
            return _missing("invoice", input.invoice)
        client = invoice.client
    elif input.kind == DeliveryKind.CREDIT_NOTE:
        note = by_id_or_code(
            CreditNoteType.get_queryset(CreditNote.objects.select_related("invoice__client"), info),
            str(input.credit_note),
            type_name="CreditNote",
            key="number",
        )
        if note is None:
            return _missing("creditNote", input.credit_note)
        client = note.invoice.client
    elif input.kind in (DeliveryKind.STATEMENT, DeliveryKind.REMINDER):
        found = by_id_or_code(Client.objects.all(), str(input.client), type_name="Client")
        if found is None:
            return _missing("client", input.client)
        client = found
    else:
        return DeliveryPayload(
            delivery=None,
            errors=[UserError(field="kind", code="INVALID", message="INVOICE, CREDIT_NOTE, STATEMENT or REMINDER.")],
        )
    try:
        delivery = delivery_queue(
            kind=input.kind, client=client, to=input.to, invoice=invoice, credit_note=note, actor=current_user(info)
        )
    except ValidationFailed as failed:
        return DeliveryPayload(delivery=None, errors=user_errors(failed.errors))
    return DeliveryPayload(delivery=delivery, errors=[])  # type: ignore[arg-type]


send_document_field = strawberry.mutation(
    resolver=send_document_mutation,
    description="Email an invoice or credit note with its PDF, or a statement or overdue reminder, to the "
    "client's billing contacts (or `to`); sent in the background with retries (see `delivery.status`).",
    extensions=[Require(IsStaff(), HasPerm(Perm.RECORD_PAYMENT))],
)
