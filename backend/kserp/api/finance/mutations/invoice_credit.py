from __future__ import annotations

import strawberry
from strawberry.types import Info

from kserp.api.core.arguments import key_is_valid
from kserp.api.core.context import current_user
from kserp.api.core.errors import UserError, ValidationFailed, user_errors
from kserp.api.core.lookup import by_id_or_code
from kserp.api.core.permissions import HasPerm, IsStaff, Perm, Require
from kserp.api.finance.invoice_types import CreditInvoiceInput, CreditInvoicePayload, InvoiceType
from kserp.billing.corrections import invoice_credit_and_reopen
from kserp.finance.invoicing import invoice_credit
from kserp.finance.models import Invoice


def credit_invoice_mutation(info: Info, input: CreditInvoiceInput) -> CreditInvoicePayload:
    visible = InvoiceType.get_queryset(Invoice.objects.all(), info)
    invoice = by_id_or_code(visible, str(input.invoice), type_name="Invoice", key="number")
    if invoice is None:
        return CreditInvoicePayload(
            credit_note=None,
            invoice=None,
            rebill=None,
            errors=[UserError(field="invoice", code="NOT_FOUND", message=f"No invoice {input.invoice!r}.")],
        )
    line_ids: list[int] | None = None
    if input.lines is not None:
        line_ids = []
        errors = []
        for i, value in enumerate(input.lines):
            try:
                global_id = strawberry.relay.GlobalID.from_id(str(value))
                ok = global_id.type_name == "InvoiceLine" and key_is_valid(global_id.node_id)
                line_ids.append(int(global_id.node_id) if ok else -1)
            except Exception:
                ok = key_is_valid(str(value))
                line_ids.append(int(value) if ok else -1)
            if not ok:
                errors.append(UserError(field=f"lines[{i}]", code="NOT_FOUND", message="Not an invoice line ID."))
        if errors:
            return CreditInvoicePayload(credit_note=None, invoice=None, rebill=None, errors=errors)
    if input.reopen and input.rebill:
        return CreditInvoicePayload(
            credit_note=None,
            invoice=None,
            rebill=None,
            errors=[UserError(field="reopen", code="INVALID", message="Re-open or re-bill, not both.")],
        )
    try:
        if input.reopen:
            note, _ = invoice_credit_and_reopen(
                invoice=invoice,
                reason=input.reason,
                line_ids=line_ids,
                issue_date=input.issue_date,
                actor=current_user(info),
            )
            rebill = None
        else:
            note, rebill = invoice_credit(
                invoice=invoice,
                reason=input.reason,
                line_ids=line_ids,
                rebill=input.rebill,
                issue_date=input.issue_date,
                actor=current_user(info),
            )
    except ValidationFailed as failed:
        return CreditInvoicePayload(credit_note=None, invoice=None, rebill=None, errors=user_errors(failed.errors))
    invoice.refresh_from_db()
    return CreditInvoicePayload(credit_note=note, invoice=invoice, rebill=rebill, errors=[])  # type: ignore[arg-type]


credit_invoice_field = strawberry.mutation(
    resolver=credit_invoice_mutation,
    description="Credit an invoice in full or some of its lines (a credit note with a balanced journal), "
    "optionally re-billing them on a new invoice, or re-opening their timesheets for correction "
    "(`reopen`: a re-price; the corrected timesheets bill again in the next run).",
    extensions=[Require(IsStaff(), HasPerm(Perm.CREDIT_INVOICE))],
)
