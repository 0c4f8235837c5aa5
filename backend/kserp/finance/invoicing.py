"""Invoicing writes of the finance domain: gapless document numbers, credit notes and re-bills, receipts,
and the receivables events (published on commit). Invoices of bill lines are issued by
`invoices_issue`, the one entry point billing runs (`kserp.billing`) use."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.db import IntegrityError, transaction
from django.utils import timezone

from kserp.base.bounds import business_date_errors
from kserp.base.models import Entity
from kserp.base.money import round_half_up
from kserp.errors import ServiceError, ValidationFailed
from kserp.finance import ledger
from kserp.finance.bulk import insert_from_mapping, insert_returning_ids
from kserp.finance.errors import FinanceErrorCode as Code
from kserp.finance.events import receivables_changed_publish
from kserp.finance.models import (
    CreditNote,
    CreditNoteLine,
    DocumentCounter,
    Invoice,
    InvoiceLine,
    InvoiceStatus,
    JournalSource,
    Receipt,
)
from kserp.identity.audit import audit_record, instance_snapshot
from kserp.webhooks.services import event_emit

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
INVOICE_SERIES = "INVOICE"
CREDIT_NOTE_SERIES = "CREDIT_NOTE"
PAYSLIP_SERIES = "PAYSLIP"
RCTI_SERIES = "RCTI"
SERIES_PREFIX = {CREDIT_NOTE_SERIES: "CN", PAYSLIP_SERIES: "PS", RCTI_SERIES: "RCTI"}


def round_money(value: Decimal) -> Decimal:
    """Half-up to cents: the one rounding of money in finance (tax per invoice)."""
    return round_half_up(value, 2)


def tax_of(subtotal: Decimal, rate_percent: Decimal) -> Decimal:
    """GST/VAT of an invoice: on its subtotal, rounded half-up to cents (docs/design.md §5)."""
    return round_money(subtotal * rate_percent / Decimal(100))


def document_counter_lock(*, entity: Entity, series: str) -> DocumentCounter:
    """The entity's counter row of a gapless series, created if missing and locked
    (SELECT ... FOR UPDATE) until the surrounding transaction ends. Whoever moves it must do so
    in that same transaction (`document_numbers_allocate`, or the set-based billing path)."""
    assert transaction.get_connection().in_atomic_block, "allocate numbers inside the posting transaction"
    counter = DocumentCounter.objects.select_for_update().filter(entity=entity, series=series).first()
    if counter is None:
        try:
            with transaction.atomic():
                DocumentCounter.objects.create(entity=entity, series=series, next_value=1)
        except IntegrityError:  # created concurrently
            pass
        counter = DocumentCounter.objects.select_for_update().get(entity=entity, series=series)
    return counter


def document_prefix(*, entity: Entity, series: str) -> str:
    """Invoices: the entity's prefix; other series (credit notes, payslips, RCTIs) add their own."""
    if series == INVOICE_SERIES:
        return entity.invoice_prefix
    return f"{SERIES_PREFIX[series]}-{entity.invoice_prefix}"


def document_number(prefix: str, value: int) -> str:
    """`<prefix><6 digits>` (more digits past 999,999)."""
    return f"{prefix}{value:06d}"


def document_numbers_allocate(*, entity: Entity, series: str, count: int) -> list[str]:
    """Take the next `count` numbers of a gapless series. Must run inside the transaction that
    stores the documents: the counter row stays locked (SELECT ... FOR UPDATE) until it commits,
    and a rollback gives the numbers back."""
    counter = document_counter_lock(entity=entity, series=series)
    first = counter.next_value
    if count:
        DocumentCounter.objects.filter(pk=counter.pk).update(next_value=first + count)
    prefix = document_prefix(entity=entity, series=series)
    return [document_number(prefix, n) for n in range(first, first + count)]


def invoice_status_of(invoice: Invoice) -> str:
    if invoice.amount_credited >= invoice.total and invoice.total > 0:
        return InvoiceStatus.CREDITED
    if invoice.total - invoice.amount_paid - invoice.amount_credited <= 0:
        return InvoiceStatus.PAID
    if invoice.amount_paid > 0:
        return InvoiceStatus.PART_PAID
    if invoice.amount_credited > 0:
        return InvoiceStatus.PART_CREDITED
    return InvoiceStatus.ISSUED


def invoice_credit(
    *,
    invoice: Invoice,
    reason: str,
    line_ids: Sequence[int] | None = None,
    rebill: bool = False,
    reopen: bool = False,
    issue_date: dt.date | None = None,
    actor: Any = None,
) -> tuple[CreditNote, Invoice | None]:
    """Credit an invoice in full (`line_ids` None: every line not yet credited) or in part (those
    lines), posting a balanced journal. `rebill` issues a new invoice with copies of the credited
    lines (a re-bill after a correction of e.g. the PO number or the client's details). `reopen`
    only marks the credit note as a re-price: the caller re-opens the timesheets
    (`kserp.billing.corrections.invoice_credit_and_reopen`)."""
    from kserp.finance.periods import period_locked_error

    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed([ServiceError(Code.REQUIRED, "Give a reason.", "reason")])
    if errors := business_date_errors(issue_date, field="issueDate", entity=invoice.entity):
        raise ValidationFailed(errors)
    issue_date = issue_date or timezone.localdate()
    locked = period_locked_error(entity=invoice.entity_id, date=issue_date, field="issueDate")
    if locked is not None:
        raise ValidationFailed([locked])
    with transaction.atomic():
        invoice = Invoice.objects.select_for_update().select_related("entity").get(pk=invoice.pk)
        before = instance_snapshot(invoice)
        open_lines = list(invoice.lines.filter(credit_line__isnull=True).order_by("position"))
        if line_ids is None:
            lines = open_lines
        else:
            wanted = [int(i) for i in line_ids]
            by_id = {line.pk: line for line in open_lines}
            errors = [
                ServiceError(Code.ALREADY_CREDITED, "Not an uncredited line of this invoice.", f"lines[{i}]")
                for i, pk in enumerate(wanted)
                if pk not in by_id
            ]
            if errors:
                raise ValidationFailed(errors)
            lines = [by_id[pk] for pk in dict.fromkeys(wanted)]
        if not lines:
            raise ValidationFailed([ServiceError(Code.ALREADY_CREDITED, "Nothing left to credit.", "invoice")])
        subtotal = sum((line.amount for line in lines), ZERO)
        full = len(lines) == len(open_lines)
        if full:  # the rest exactly, so that a fully credited invoice nets to zero
            credited = sum((c.tax_total for c in CreditNote.objects.filter(invoice=invoice)), ZERO)
            tax = invoice.tax_total - credited
        else:
            tax = tax_of(subtotal, invoice.tax_rate)
        total = subtotal + tax
        if total > invoice.total - invoice.amount_paid - invoice.amount_credited:
            raise ValidationFailed(
                [ServiceError(Code.INVALID_AMOUNT, "The credit is more than the amount due (refund first).", "invoice")]
            )
        entity = invoice.entity
        (number,) = document_numbers_allocate(entity=entity, series=CREDIT_NOTE_SERIES, count=1)
        note = CreditNote.objects.create(
            number=number,
            entity=entity,
            invoice=invoice,
            issue_date=issue_date,
            reason=reason[:500],
            subtotal=subtotal,
            tax_total=tax,
            total=total,
            reopened=reopen,
        )
        CreditNoteLine.objects.bulk_create(
            CreditNoteLine(credit_note=note, invoice_line=line, amount=line.amount) for line in lines
        )
        accounts = ledger.chart_of_accounts(entity=entity)
        ledger.journal_post(
            entity_id=entity.pk,
            date=issue_date,
            memo=f"Credit note {number} for invoice {invoice.number}",
            source=JournalSource.CREDIT_NOTE,
            postings=ledger.credit_note_postings(accounts, subtotal=subtotal, tax=tax, total=total),
            credit_note=note,
        )
        invoice.amount_credited += total
        invoice.status = invoice_status_of(invoice)
        invoice.save(update_fields=["amount_credited", "status", "updated_at"])
        new_invoice = (
            _rebill(invoice=invoice, lines=lines, issue_date=issue_date, accounts=accounts) if rebill else None
        )
        audit_record(
            actor=actor,
            action="invoice.credit",
            instance=invoice,
            before=before,
            after={
                **instance_snapshot(invoice),
                "credit_note": {**instance_snapshot(note), "lines": [line.pk for line in lines]},
                "rebill": instance_snapshot(new_invoice) if new_invoice is not None else None,
            },
        )
        receivables_changed_publish(entity_id=entity.pk)
        event_emit(type="credit_note.issued", obj=note, client_id=invoice.client_id)
        if new_invoice is not None:
            event_emit(type="invoice.issued", obj=new_invoice)
    return note, new_invoice


def _rebill(*, invoice: Invoice, lines: list[InvoiceLine], issue_date: dt.date, accounts: dict[str, int]) -> Invoice:
    entity = invoice.entity
    (number,) = document_numbers_allocate(entity=entity, series=INVOICE_SERIES, count=1)
    subtotal = sum((line.amount for line in lines), ZERO)
    tax = tax_of(subtotal, invoice.tax_rate)
    new = Invoice.objects.create(
        number=number,
        entity=entity,
        client_id=invoice.client_id,
        rebill_of=invoice,
        issue_date=issue_date,
        due_date=issue_date + (invoice.due_date - invoice.issue_date),
        currency=invoice.currency,
        tax_rate=invoice.tax_rate,
        subtotal=subtotal,
        tax_total=tax,
        total=subtotal + tax,
    )
    InvoiceLine.objects.bulk_create(
        InvoiceLine(
            invoice=new,
            bill_line=None,
            job_order_id=line.job_order_id,
            timesheet_id=line.timesheet_id,
            position=i,
            description=line.description,
            pay_code=line.pay_code,
            quantity=line.quantity,
            unit_price=line.unit_price,
            amount=line.amount,
        )
        for i, line in enumerate(lines)
    )
    ledger.journal_post(
        entity_id=entity.pk,
        date=issue_date,
        memo=f"Invoice {number} (re-bill of {invoice.number})",
        source=JournalSource.INVOICE,
        postings=ledger.invoice_postings(accounts, subtotal=subtotal, tax=tax, total=subtotal + tax),
        invoice=new,
    )
    return new


def receipt_record(
    *, invoice: Invoice, amount: Decimal, received_on: dt.date | None = None, reference: str = "", actor: Any = None
) -> Receipt:
    """Record money received against one invoice: a receipt with one allocation
    (`kserp.finance.cash.receipt_create`). Errors name `amount` (and `date`)."""
    from kserp.finance.cash import AllocationIn, receipt_create

    try:
        return receipt_create(
            client=invoice.client,
            entity=invoice.entity,
            amount=amount,
            received_on=received_on,
            reference=reference,
            allocations=[AllocationIn(invoice=invoice, amount=amount)],
            actor=actor,
        )
    except ValidationFailed as failed:
        raise ValidationFailed(
            [
                ServiceError(
                    e.code,
                    e.message,
                    {"allocations[0].amount": "amount", "date": "receivedOn"}.get(e.field or "", e.field),
                )
                for e in failed.errors
            ]
        ) from failed


# --- issuing invoices for groups of bill lines (billing runs, and pay runs' counterpart later) ----
#: What an issued invoice takes from its entity and run, and what it has of its own.
INVOICE_RUN_COLUMNS = ("entity_id", "billing_run_id", "issue_date", "currency", "tax_rate")
INVOICE_COLUMNS = ("number", "client_id", "due_date", "subtotal", "tax_total", "total")


@dataclass
class InvoiceGroup:
    """One invoice to issue: a client's bill lines in invoice order, their subtotal and the
    client's payment terms. `invoices_issue` fills in the number, due date and tax."""

    client_id: int
    terms_days: int
    line_ids: list[int] = field(default_factory=list)
    subtotal: Decimal = ZERO
    number: str = ""
    due_date: dt.date | None = None
    tax: Decimal = ZERO

    @property
    def total(self) -> Decimal:
        return self.subtotal + self.tax

    def invoice_row(self) -> tuple[Any, ...]:
        """Its values in INVOICE_COLUMNS order."""
        return (self.number, self.client_id, self.due_date, self.subtotal, self.tax, self.total)


@dataclass(frozen=True)
class IssuedInvoices:
    invoices: int
    lines: int
    total: Decimal


def invoices_issue(
    *,
    entity: Entity,
    issue_date: dt.date,
    billing_run_id: int | None,
    groups: Callable[[], Sequence[InvoiceGroup]],
) -> IssuedInvoices:
    """Issue one invoice per group, in the caller's transaction: finance's one entry point for
    invoicing bill lines (used by billing runs, docs/billing.md).

    1. Locks the entity's invoice counter (SELECT ... FOR UPDATE): callers for the same entity take
       turns from here to their commit, so each sees every line invoiced before it.
    2. Calls `groups()` for the groups to invoice, now, under that lock (the caller selects and
       locks its lines there).
    3. Numbers them gaplessly, taxes each subtotal (half-up to cents), dates them
       (`issue_date + terms_days`), inserts the invoices, their lines (copied from the bill lines
       inside the database) and one balanced journal per invoice, in bulk.
    """
    assert transaction.get_connection().in_atomic_block, "issue invoices inside the caller's transaction"
    accounts = ledger.chart_of_accounts(entity=entity)
    document_counter_lock(entity=entity, series=INVOICE_SERIES)
    ordered = list(groups())
    if not ordered:
        return IssuedInvoices(0, 0, ZERO)
    numbers = document_numbers_allocate(entity=entity, series=INVOICE_SERIES, count=len(ordered))
    for group, number in zip(ordered, numbers, strict=True):
        group.number = number
        group.due_date = issue_date + dt.timedelta(days=group.terms_days)
        group.tax = tax_of(group.subtotal, entity.tax_rate)
    from_run = (entity.pk, billing_run_id, issue_date, entity.currency, entity.tax_rate)
    invoice_ids = insert_returning_ids(
        Invoice, (*INVOICE_RUN_COLUMNS, *INVOICE_COLUMNS), [(*from_run, *g.invoice_row()) for g in ordered]
    )
    _insert_invoice_lines(
        (line_id, invoice_id, position)
        for invoice_id, group in zip(invoice_ids, ordered, strict=True)
        for position, line_id in enumerate(group.line_ids)
    )
    ledger.journals_post(
        entity_id=entity.pk,
        entries=[
            ledger.JournalEntry(
                date=issue_date,
                memo=f"Invoice {g.number}",
                source=JournalSource.INVOICE,
                postings=ledger.invoice_postings(accounts, subtotal=g.subtotal, tax=g.tax, total=g.total),
                invoice_id=invoice_id,
            )
            for invoice_id, g in zip(invoice_ids, ordered, strict=True)
        ],
    )
    lines = sum(len(g.line_ids) for g in ordered)
    return IssuedInvoices(len(ordered), lines, sum((g.total for g in ordered), ZERO))


#: An invoice line is its bill line's description, pay code, quantity, rate and amount, on an
#: invoice at a position: one INSERT ... SELECT per call, so the wide columns never leave the
#: database. `{mapping}` is the relation m(bill_line_id, invoice_id, position) (`insert_from_mapping`).
INVOICE_LINES_SQL = """
INSERT INTO {invoice_line} (invoice_id, bill_line_id, job_order_id, timesheet_id, position,
                            description, pay_code, quantity, unit_price, amount)
SELECT m.invoice_id, b.id, b.job_order_id, b.timesheet_id, m.position,
       b.description, b.pay_code, b.quantity, b.bill_rate, b.bill_amount
FROM {mapping} JOIN {bill_line} b ON b.id = m.bill_line_id
"""
INVOICE_LINES_MAPPING = (("bill_line_id", "bigint"), ("invoice_id", "bigint"), ("position", "integer"))


def _insert_invoice_lines(mapping: Iterable[tuple[int, int, int]]) -> None:
    """Insert one invoice line per (bill line id, invoice id, position)."""
    bill_line = apps.get_model("orders", "BillLine")  # what InvoiceLine.bill_line points at
    sql = INVOICE_LINES_SQL.replace("{invoice_line}", InvoiceLine._meta.db_table).replace(
        "{bill_line}", bill_line._meta.db_table
    )
    insert_from_mapping(sql, INVOICE_LINES_MAPPING, list(mapping))
