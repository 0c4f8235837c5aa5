from __future__ import annotations

import strawberry
from strawberry.types import Info

from kserp.api.core.context import current_user
from kserp.api.core.errors import ValidationFailed, user_errors
from kserp.api.core.permissions import HasPerm, IsStaff, Perm, Require
from kserp.api.finance.cash_lookup import receipt_named, receipt_not_found
from kserp.api.finance.invoice_types import ReceiptPayload, ReverseReceiptInput
from kserp.finance.cash import receipt_reverse


def reverse_receipt_mutation(info: Info, input: ReverseReceiptInput) -> ReceiptPayload:
    receipt = receipt_named(info, input.receipt)
    if receipt is None:
        return ReceiptPayload(receipt=None, errors=receipt_not_found(input.receipt))
    try:
        receipt = receipt_reverse(receipt=receipt, reason=input.reason, on=input.date, actor=current_user(info))
    except ValidationFailed as failed:
        return ReceiptPayload(receipt=None, errors=user_errors(failed.errors))
    return ReceiptPayload(receipt=receipt, errors=[])  # type: ignore[arg-type]


reverse_receipt_field = strawberry.mutation(
    resolver=reverse_receipt_mutation,
    description="Reverse a receipt that bounced: the invoices it paid are owed again (a reversal journal).",
    extensions=[Require(IsStaff(), HasPerm(Perm.RECORD_PAYMENT))],
)
