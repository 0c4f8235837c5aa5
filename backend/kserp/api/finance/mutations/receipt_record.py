from __future__ import annotations

import strawberry
from django.db import transaction
from strawberry.types import Info

from kserp.analytics.actors import late_payers_check
from kserp.api.core.context import current_user
from kserp.api.core.errors import UserError, ValidationFailed, user_errors
from kserp.api.core.lookup import by_id_or_code
from kserp.api.core.permissions import HasPerm, IsStaff, Perm, Require
from kserp.api.finance.invoice_types import InvoiceType, RecordPaymentInput, RecordPaymentPayload
from kserp.finance.invoicing import receipt_record
from kserp.finance.models import Invoice


def record_payment_mutation(info: Info, input: RecordPaymentInput) -> RecordPaymentPayload:
    visible = InvoiceType.get_queryset(Invoice.objects.all(), info)
    invoice = by_id_or_code(visible, str(input.invoice), type_name="Invoice", key="number")
    if invoice is None:
        return RecordPaymentPayload(
            receipt=None,
            invoice=None,
            errors=[UserError(field="invoice", code="NOT_FOUND", message=f"No invoice {input.invoice!r}.")],
        )
    try:
        receipt = receipt_record(
            invoice=invoice,
            amount=input.amount,
            received_on=input.received_on,
            reference=input.reference,
            actor=current_user(info),
        )
    except ValidationFailed as failed:
        return RecordPaymentPayload(receipt=None, invoice=None, errors=user_errors(failed.errors))
    invoice.refresh_from_db()
    entity_id = invoice.entity_id
    transaction.on_commit(lambda: late_payers_check.send(entity_id))  # a client may have turned late
    return RecordPaymentPayload(receipt=receipt, invoice=invoice, errors=[])  # type: ignore[arg-type]


record_payment_field = strawberry.mutation(
    resolver=record_payment_mutation,
    description="Record a receipt against an invoice: updates amountPaid, amountDue and status; posts the ledger.",
    extensions=[Require(IsStaff(), HasPerm(Perm.RECORD_PAYMENT))],
)
