"""Resolving the receipts and invoices that cash mutations name (global IDs or numbers)."""

from __future__ import annotations

from collections.abc import Sequence

from strawberry import relay
from strawberry.types import Info

from kserp.api.core.errors import UserError
from kserp.api.core.lookup import by_id_or_code
from kserp.api.finance.invoice_types import AllocationInput, InvoiceType, ReceiptType
from kserp.finance.cash import AllocationIn
from kserp.finance.models import BankStatementLine, Invoice, Receipt


def allocations_in(info: Info, allocations: Sequence[AllocationInput]) -> tuple[list[AllocationIn], list[UserError]]:
    """The invoices named by `allocations` (those the caller may see), errors by `allocations[i].invoice`."""
    visible = InvoiceType.get_queryset(Invoice.objects.all(), info)
    found: list[AllocationIn] = []
    errors: list[UserError] = []
    for i, allocation in enumerate(allocations):
        invoice = by_id_or_code(visible, str(allocation.invoice), type_name="Invoice", key="number")
        if invoice is None:
            errors.append(
                UserError(
                    field=f"allocations[{i}].invoice", code="NOT_FOUND", message=f"No invoice {allocation.invoice!r}."
                )
            )
        else:
            found.append(AllocationIn(invoice=invoice, amount=allocation.amount))
    return found, errors


def receipt_named(info: Info, value: object) -> Receipt | None:
    """The receipt with this global ID (or database id) the caller may see."""
    visible = ReceiptType.get_queryset(Receipt.objects.all(), info)
    try:
        global_id = relay.GlobalID.from_id(str(value))
        pk = global_id.node_id if global_id.type_name == "Receipt" else ""
    except Exception:
        pk = str(value)
    return visible.filter(pk=int(pk)).first() if pk.isdigit() else None


def receipt_not_found(value: object) -> list[UserError]:
    return [UserError(field="receipt", code="NOT_FOUND", message=f"No receipt {value!r}.")]


def statement_line_named(info: Info, value: object) -> BankStatementLine | None:
    from kserp.api.finance.statement_types import BankStatementLineType

    visible = BankStatementLineType.get_queryset(BankStatementLine.objects.all(), info)
    try:
        global_id = relay.GlobalID.from_id(str(value))
    except Exception:
        return None
    if global_id.type_name != "BankStatementLine" or not global_id.node_id.isdigit():
        return None
    return visible.filter(pk=int(global_id.node_id)).first()


def statement_line_not_found(value: object) -> list[UserError]:
    return [UserError(field="line", code="NOT_FOUND", message=f"No statement line {value!r}.")]
