"""Cash application (docs/finance.md, "Cash application"): receipts allocated across invoices,
unapplied cash held on the client's account and allocated later, refunds of unapplied cash, and
reversals (bounced payments). Each posts one balanced journal (`kserp.finance.ledger`)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from kserp.base.bounds import MONEY_PLACES, business_date_errors, decimal_places_errors
from kserp.base.models import Entity
from kserp.crm.models import Client
from kserp.errors import ServiceError, ValidationFailed
from kserp.finance import ledger
from kserp.finance.errors import FinanceErrorCode as Code
from kserp.finance.events import receivables_changed_publish
from kserp.finance.invoicing import invoice_status_of
from kserp.finance.models import (
    Invoice,
    InvoiceStatus,
    JournalSource,
    Receipt,
    ReceiptAllocation,
    ReceiptStatus,
)
from kserp.finance.periods import period_locked_error
from kserp.identity.audit import audit_record, instance_snapshot
from kserp.webhooks.services import event_emit

CENT = Decimal("0.01")
ZERO = Decimal("0.00")


@dataclass(frozen=True)
class AllocationIn:
    """Apply `amount` of a receipt to `invoice`."""

    invoice: Invoice
    amount: Decimal


def _amount_error(amount: Decimal | None, field: str) -> ServiceError | None:
    if amount is None or amount <= 0:
        return ServiceError(Code.INVALID_AMOUNT, "The amount must be above 0.", field)
    finer = decimal_places_errors(amount, field=field, places=MONEY_PLACES)  # TOO_PRECISE, never rounded
    return finer[0] if finer else None


def _apply(
    *,
    receipt: Receipt,
    allocations: Sequence[AllocationIn],
    on: dt.date,
    available: Decimal,
    path: str = "allocations",
) -> list[ReceiptAllocation]:
    """Check and store `allocations` of `receipt` (inside the caller's transaction): each invoice
    is the receipt's client's and entity's, and open; no invoice gets more than it owes; together
    no more than `available`. Raises ValidationFailed with every problem by `allocations[i]`."""
    errors: list[ServiceError] = []
    ids = sorted({a.invoice.pk for a in allocations})
    invoices = {i.pk: i for i in Invoice.objects.select_for_update().filter(pk__in=ids).order_by("pk")}
    owed = {pk: invoice.total - invoice.amount_paid - invoice.amount_credited for pk, invoice in invoices.items()}
    running = ZERO
    taken: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for i, allocation in enumerate(allocations):
        invoice = invoices[allocation.invoice.pk]
        field = f"{path}[{i}]"
        if invoice.client_id != receipt.client_id or invoice.entity_id != receipt.entity_id:
            errors.append(
                ServiceError(
                    Code.INVALID, f"Invoice {invoice.number} is not this client's in this entity.", f"{field}.invoice"
                )
            )
            continue
        error = _amount_error(allocation.amount, f"{field}.amount")
        if error is not None:
            errors.append(error)
            continue
        taken[invoice.pk] += allocation.amount
        running += allocation.amount
        if taken[invoice.pk] > owed[invoice.pk]:
            errors.append(
                ServiceError(
                    Code.OVERPAYMENT,
                    f"More than invoice {invoice.number} owes ({owed[invoice.pk]}).",
                    f"{field}.amount",
                )
            )
        elif running > available:
            errors.append(
                ServiceError(
                    Code.INVALID_AMOUNT,
                    f"The allocations add up to more than the receipt has to apply ({available}).",
                    f"{field}.amount",
                )
            )
    if errors:
        raise ValidationFailed(errors)
    rows = ReceiptAllocation.objects.bulk_create(
        ReceiptAllocation(receipt=receipt, invoice_id=a.invoice.pk, amount=a.amount, allocated_on=on)
        for a in allocations
    )
    for pk, amount in taken.items():
        invoice = invoices[pk]
        invoice.amount_paid += amount
        invoice.status = invoice_status_of(invoice)
        invoice.save(update_fields=["amount_paid", "status", "updated_at"])
    return rows


def _paid_events(rows: Sequence[ReceiptAllocation]) -> None:
    """`invoice.paid` for each invoice the allocations paid off (after the receipt's own event)."""
    for invoice in Invoice.objects.filter(pk__in={r.invoice_id for r in rows}, status=InvoiceStatus.PAID).order_by(
        "pk"
    ):
        event_emit(type="invoice.paid", obj=invoice)


def _receipt_snapshot(receipt: Receipt) -> dict[str, Any]:
    return {
        **instance_snapshot(receipt),
        "allocations": [
            {"invoice": a.invoice.number, "amount": str(a.amount), "on": a.allocated_on.isoformat()}
            for a in receipt.allocations.select_related("invoice").order_by("id")
        ],
    }


def _locked(entity: Entity, on: dt.date, field: str) -> None:
    """Refuse a date out of the business window or before the books start, or in a locked period."""
    errors = business_date_errors(on, field=field, entity=entity)
    if not errors and (error := period_locked_error(entity=entity, date=on, field=field)) is not None:
        errors = [error]
    if errors:
        raise ValidationFailed(errors)


def receipt_create(
    *,
    client: Client,
    amount: Decimal,
    received_on: dt.date | None = None,
    reference: str = "",
    allocations: Sequence[AllocationIn] = (),
    entity: Entity | None = None,
    actor: Any = None,
) -> Receipt:
    """Record money received from `client` (into `entity`'s bank; by default the client's entity),
    applied to `allocations`; what is not allocated is held as unapplied cash on the client's
    account. Posts Dr Bank / Cr Accounts receivable (allocated), Cr Unapplied receipts (rest)."""
    entity = entity or client.entity
    errors = business_date_errors(received_on, field="date", entity=entity)  # a sane window (docs/security.md)
    if errors:
        raise ValidationFailed(errors)
    received_on = received_on or timezone.localdate()
    reference = (reference or "").strip()
    errors = [e for e in [_amount_error(amount, "amount")] if e is not None]
    if len(reference) > 100:
        errors.append(ServiceError(Code.INVALID, "At most 100 characters.", "reference"))
    locked = period_locked_error(entity=entity, date=received_on, field="date")
    if locked is not None:
        errors.append(locked)
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        receipt = Receipt.objects.create(
            entity=entity, client=client, amount=amount, received_on=received_on, reference=reference
        )
        rows = _apply(receipt=receipt, allocations=allocations, on=received_on, available=amount)
        allocated = sum((row.amount for row in rows), ZERO)
        receipt.unapplied = amount - allocated
        receipt.save(update_fields=["unapplied", "updated_at"])
        numbers = ", ".join(dict.fromkeys(a.invoice.number for a in allocations))
        ledger.journal_post(
            entity_id=entity.pk,
            date=received_on,
            memo=f"Receipt from {client.code} {reference}" + (f" for {numbers}" if numbers else ""),
            source=JournalSource.RECEIPT,
            postings=ledger.receipt_postings(
                ledger.chart_of_accounts(entity=entity), amount=amount, allocated=allocated
            ),
            receipt=receipt,
        )
        audit_record(
            actor=actor, action="receipt.record", instance=receipt, before=None, after=_receipt_snapshot(receipt)
        )
        receivables_changed_publish(entity_id=entity.pk)
        event_emit(type="receipt.recorded", obj=receipt)
        _paid_events(rows)
    return receipt


def _locked_receipt(receipt: Receipt) -> Receipt:
    return Receipt.objects.select_for_update().select_related("entity", "client").get(pk=receipt.pk)


def receipt_allocate(
    *, receipt: Receipt, allocations: Sequence[AllocationIn], on: dt.date | None = None, actor: Any = None
) -> Receipt:
    """Apply a receipt's unapplied cash to invoices, on `on` (today by default): Dr Unapplied
    receipts / Cr Accounts receivable."""
    on = on or timezone.localdate()
    if not allocations:
        raise ValidationFailed([ServiceError(Code.REQUIRED, "Allocate to at least one invoice.", "allocations")])
    with transaction.atomic():
        receipt = _locked_receipt(receipt)
        if receipt.status != ReceiptStatus.ACTIVE:
            raise ValidationFailed([ServiceError(Code.INVALID_STATE, "The receipt was reversed.", "receipt")])
        _locked(receipt.entity, on, "date")
        before = _receipt_snapshot(receipt)
        rows = _apply(receipt=receipt, allocations=allocations, on=on, available=receipt.unapplied)
        allocated = sum((row.amount for row in rows), ZERO)
        receipt.unapplied -= allocated
        receipt.save(update_fields=["unapplied", "updated_at"])
        ledger.journal_post(
            entity_id=receipt.entity_id,
            date=on,
            memo=f"Unapplied cash of receipt {receipt.reference or receipt.pk} applied to "
            + ", ".join(dict.fromkeys(a.invoice.number for a in allocations)),
            source=JournalSource.ALLOCATION,
            postings=ledger.allocation_postings(ledger.chart_of_accounts(entity=receipt.entity), amount=allocated),
            receipt=receipt,
        )
        audit_record(
            actor=actor, action="receipt.allocate", instance=receipt, before=before, after=_receipt_snapshot(receipt)
        )
        _paid_events(rows)
        receivables_changed_publish(entity_id=receipt.entity_id)
    return receipt


def receipt_refund(
    *, receipt: Receipt, amount: Decimal, on: dt.date | None = None, reference: str = "", actor: Any = None
) -> Receipt:
    """Pay unapplied cash (an overpayment) back to the client: Dr Unapplied receipts / Cr Bank."""
    on = on or timezone.localdate()
    error = _amount_error(amount, "amount")
    if error is not None:
        raise ValidationFailed([error])
    with transaction.atomic():
        receipt = _locked_receipt(receipt)
        if receipt.status != ReceiptStatus.ACTIVE:
            raise ValidationFailed([ServiceError(Code.INVALID_STATE, "The receipt was reversed.", "receipt")])
        if amount > receipt.unapplied:
            raise ValidationFailed(
                [ServiceError(Code.INVALID_AMOUNT, f"Only {receipt.unapplied} of the receipt is unapplied.", "amount")]
            )
        _locked(receipt.entity, on, "date")
        before = instance_snapshot(receipt)
        receipt.unapplied -= amount
        receipt.refunded += amount
        receipt.save(update_fields=["unapplied", "refunded", "updated_at"])
        ledger.journal_post(
            entity_id=receipt.entity_id,
            date=on,
            memo=f"Refund to {receipt.client.code} of receipt {receipt.reference or receipt.pk} {reference}".strip(),
            source=JournalSource.REFUND,
            postings=ledger.refund_postings(ledger.chart_of_accounts(entity=receipt.entity), amount=amount),
            receipt=receipt,
        )
        audit_record(
            actor=actor,
            action="receipt.refund",
            instance=receipt,
            before=before,
            after={**instance_snapshot(receipt), "refund": str(amount), "reference": reference},
        )
    return receipt


def receipt_reverse(*, receipt: Receipt, reason: str, on: dt.date | None = None, actor: Any = None) -> Receipt:
    """A bounced payment: the invoices it paid are owed again and its unapplied cash is gone.
    Dr Accounts receivable (allocated), Dr Unapplied receipts (rest) / Cr Bank (the amount)."""
    on = on or timezone.localdate()
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed([ServiceError(Code.REQUIRED, "Give a reason.", "reason")])
    with transaction.atomic():
        receipt = _locked_receipt(receipt)
        if receipt.status != ReceiptStatus.ACTIVE:
            raise ValidationFailed([ServiceError(Code.INVALID_STATE, "The receipt is already reversed.", "receipt")])
        if receipt.refunded:
            raise ValidationFailed(
                [ServiceError(Code.INVALID_STATE, "Part of the receipt was refunded: it cannot bounce.", "receipt")]
            )
        _locked(receipt.entity, on, "date")
        before = _receipt_snapshot(receipt)
        by_invoice: dict[int, Decimal] = defaultdict(lambda: ZERO)
        for invoice_id, amount in receipt.allocations.values_list("invoice_id", "amount"):
            by_invoice[invoice_id] += amount
        for invoice in Invoice.objects.select_for_update().filter(pk__in=sorted(by_invoice)).order_by("pk"):
            invoice.amount_paid -= by_invoice[invoice.pk]
            invoice.status = invoice_status_of(invoice)
            invoice.save(update_fields=["amount_paid", "status", "updated_at"])
        allocated = sum(by_invoice.values(), ZERO)
        ledger.journal_post(
            entity_id=receipt.entity_id,
            date=on,
            memo=f"Reversal of receipt {receipt.reference or receipt.pk} from {receipt.client.code}: {reason}",
            source=JournalSource.REVERSAL,
            postings=ledger.reversal_postings(
                ledger.chart_of_accounts(entity=receipt.entity), allocated=allocated, unapplied=receipt.unapplied
            ),
            receipt=receipt,
        )
        receipt.status = ReceiptStatus.REVERSED
        receipt.reversed_on = on
        receipt.reversal_reason = reason[:500]
        receipt.unapplied = ZERO
        receipt.save(update_fields=["status", "reversed_on", "reversal_reason", "unapplied", "updated_at"])
        audit_record(
            actor=actor, action="receipt.reverse", instance=receipt, before=before, after=_receipt_snapshot(receipt)
        )
        receivables_changed_publish(entity_id=receipt.entity_id)
    return receipt
