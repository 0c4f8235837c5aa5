from __future__ import annotations

import strawberry
from strawberry.types import Info

from kserp.api.core.context import current_user
from kserp.api.core.errors import ValidationFailed, user_errors
from kserp.api.core.permissions import HasPerm, IsStaff, Perm, Require
from kserp.api.finance.cash_lookup import allocations_in, receipt_named, receipt_not_found
from kserp.api.finance.invoice_types import AllocateReceiptInput, ReceiptPayload
from kserp.finance.cash import receipt_allocate


def allocate_receipt_mutation(info: Info, input: AllocateReceiptInput) -> ReceiptPayload:
    receipt = receipt_named(info, input.receipt)
    if receipt is None:
        return ReceiptPayload(receipt=None, errors=receipt_not_found(input.receipt))
    allocations, errors = allocations_in(info, input.allocations)
    if errors:
        return ReceiptPayload(receipt=None, errors=errors)
    try:
        receipt = receipt_allocate(receipt=receipt, allocations=allocations, on=input.date, actor=current_user(info))
    except ValidationFailed as failed:
        return ReceiptPayload(receipt=None, errors=user_errors(failed.errors))
    return ReceiptPayload(receipt=receipt, errors=[])  # type: ignore[arg-type]


allocate_receipt_field = strawberry.mutation(
    resolver=allocate_receipt_mutation,
    description="Apply a receipt's unapplied cash to invoices of its client.",
    extensions=[Require(IsStaff(), HasPerm(Perm.RECORD_PAYMENT))],
)
