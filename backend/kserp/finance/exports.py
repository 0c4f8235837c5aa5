"""Exports for the accountant (docs/finance.md, "Exports"): invoices, credit notes, receipts and
journals in the CSV import formats of Xero and MYOB AccountRight, and any table as CSV or XLSX.

Every export is a list of rows (the first the column headings) built from stored documents; the
column mapping of each format is documented in docs/finance.md.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from kserp.base.models import Entity
from kserp.finance import ledger
from kserp.finance.models import (
    CreditNote,
    CreditNoteLine,
    InvoiceLine,
    JournalLine,
    ReceiptAllocation,
    ReceiptStatus,
)

Row = Sequence[Any]
ZERO = Decimal("0.00")
REVENUE_ACCOUNT = ledger.CHART["REVENUE"][0]
BANK_ACCOUNT = ledger.CHART["BANK"][0]


def _xero_tax_type(entity: Entity) -> str:
    # Xero's tax rate names: "GST on Income" in Australia, "15% GST on Income" in New Zealand.
    if not entity.tax_rate:
        return "GST Free Income" if entity.country == "AU" else "No GST"
    return "15% GST on Income" if entity.country == "NZ" else "GST on Income"


def _myob_tax_code(entity: Entity) -> str:
    return "GST" if entity.tax_rate else "FRE"


def _d(value: dt.date, style: str) -> str:
    return value.strftime("%d/%m/%Y") if style == "dmy" else value.isoformat()


# --- Xero ----------------------------------------------------------------------------------------
XERO_SALES_COLUMNS = (
    "*ContactName",
    "*InvoiceNumber",
    "Reference",
    "*InvoiceDate",
    "*DueDate",
    "*Description",
    "*Quantity",
    "*UnitAmount",
    "*AccountCode",
    "*TaxType",
    "Currency",
)


def xero_invoices(*, entity: Entity, date_from: dt.date, date_to: dt.date) -> list[Row]:
    """Xero's sales invoice import: one row per invoice line (amounts tax exclusive)."""
    rows: list[Row] = [XERO_SALES_COLUMNS]
    lines = (
        InvoiceLine.objects.filter(
            invoice__entity=entity, invoice__issue_date__gte=date_from, invoice__issue_date__lte=date_to
        )
        .select_related("invoice__client")
        .order_by("invoice__number", "position")
    )
    tax = _xero_tax_type(entity)
    for line in lines:
        invoice = line.invoice
        rows.append(
            (
                invoice.client.name,
                invoice.number,
                invoice.client.code,
                _d(invoice.issue_date, "dmy"),
                _d(invoice.due_date, "dmy"),
                line.description,
                f"{line.quantity.normalize():f}",
                f"{line.unit_price.normalize():f}",
                REVENUE_ACCOUNT,
                tax,
                invoice.currency,
            )
        )
    return rows


def xero_credit_notes(*, entity: Entity, date_from: dt.date, date_to: dt.date) -> list[Row]:
    """Credit notes through the same sales import: Xero takes a negative total as a credit note.
    One row per credited line (negative quantity); the reference names the credited invoice."""
    rows: list[Row] = [XERO_SALES_COLUMNS]
    tax = _xero_tax_type(entity)
    for line in _credit_lines(entity, date_from, date_to):
        note, credited = line.credit_note, line.invoice_line
        rows.append(
            (
                note.invoice.client.name,
                note.number,
                f"Credit of {note.invoice.number}: {note.reason}"[:255],
                _d(note.issue_date, "dmy"),
                _d(note.issue_date, "dmy"),
                credited.description,
                f"{-credited.quantity.normalize():f}",
                f"{credited.unit_price.normalize():f}",
                REVENUE_ACCOUNT,
                tax,
                note.invoice.currency,
            )
        )
    return rows


XERO_PAYMENT_COLUMNS = ("Date", "Amount", "Payee", "Description", "Reference")


def xero_receipts(*, entity: Entity, date_from: dt.date, date_to: dt.date) -> list[Row]:
    """Cash as Xero's bank statement import (Date, Amount, Payee, Description, Reference): one row
    per receipt (reference: the invoices it paid, which Xero's reconciliation matches), refund and
    reversal (negative)."""
    rows: list[Row] = [XERO_PAYMENT_COLUMNS]
    for date, amount, payer, description, reference in _bank_movements(entity, date_from, date_to):
        rows.append((_d(date, "dmy"), f"{amount:.2f}", payer, description, reference))
    return rows


XERO_JOURNAL_COLUMNS = ("*Narration", "*Date", "Description", "*AccountCode", "*TaxRate", "*Amount")


def xero_journals(*, entity: Entity, date_from: dt.date, date_to: dt.date) -> list[Row]:
    """Xero's manual journal import: one row per journal line, debits positive, credits negative,
    tax rate "BAS Excluded" (the GST is its own line already)."""
    rows: list[Row] = [XERO_JOURNAL_COLUMNS]
    for line in _journal_lines(entity, date_from, date_to):
        journal = line.journal
        rows.append(
            (
                f"{journal.source} {journal.memo}"[:255],
                _d(journal.date, "dmy"),
                journal.memo[:255],
                line.account.code,
                "BAS Excluded",
                f"{line.debit - line.credit:.2f}",
            )
        )
    return rows


# --- MYOB AccountRight ---------------------------------------------------------------------------
MYOB_SALES_COLUMNS = (
    "Co./Last Name",
    "Invoice #",
    "Date",
    "Customer PO",
    "Description",
    "Account #",
    "Amount",
    "Inc-Tax Amount",
    "Tax Code",
    "GST Amount",
    "Sale Status",
    "Terms - Balance Due Days",
)


def myob_invoices(*, entity: Entity, date_from: dt.date, date_to: dt.date) -> list[Row]:
    """MYOB's service sales import: one row per invoice line, sale status I (invoice). The GST of
    a line is the invoice's GST shared by line amount (the last line takes the rounding), so the
    rows add up to the invoice exactly."""
    rows: list[Row] = [MYOB_SALES_COLUMNS]
    code = _myob_tax_code(entity)
    lines = list(
        InvoiceLine.objects.filter(
            invoice__entity=entity, invoice__issue_date__gte=date_from, invoice__issue_date__lte=date_to
        )
        .select_related("invoice__client")
        .order_by("invoice__number", "position")
    )
    by_invoice: dict[int, list[InvoiceLine]] = {}
    for line in lines:
        by_invoice.setdefault(line.invoice_id, []).append(line)
    for group in by_invoice.values():
        invoice = group[0].invoice
        terms = (invoice.due_date - invoice.issue_date).days
        for line, gst in zip(group, _share(invoice.tax_total, [x.amount for x in group]), strict=True):
            rows.append(
                (
                    invoice.client.name,
                    invoice.number,
                    _d(invoice.issue_date, "dmy"),
                    "",
                    line.description,
                    REVENUE_ACCOUNT,
                    f"{line.amount:.2f}",
                    f"{line.amount + gst:.2f}",
                    code,
                    f"{gst:.2f}",
                    "I",
                    terms,
                )
            )
    return rows


def myob_credit_notes(*, entity: Entity, date_from: dt.date, date_to: dt.date) -> list[Row]:
    """Credit notes as negative service sales (MYOB's customer credits), the credited invoice in
    the description."""
    rows: list[Row] = [MYOB_SALES_COLUMNS]
    code = _myob_tax_code(entity)
    by_note: dict[int, list[CreditNoteLine]] = {}
    for line in _credit_lines(entity, date_from, date_to):
        by_note.setdefault(line.credit_note_id, []).append(line)
    for group in by_note.values():
        note = group[0].credit_note
        for line, gst in zip(group, _share(note.tax_total, [x.amount for x in group]), strict=True):
            rows.append(
                (
                    note.invoice.client.name,
                    note.number,
                    _d(note.issue_date, "dmy"),
                    "",
                    f"Credit of {note.invoice.number}: {line.invoice_line.description}"[:255],
                    REVENUE_ACCOUNT,
                    f"{-line.amount:.2f}",
                    f"{-(line.amount + gst):.2f}",
                    code,
                    f"{-gst:.2f}",
                    "I",
                    0,
                )
            )
    return rows


MYOB_PAYMENT_COLUMNS = ("Co./Last Name", "Deposit Account #", "Receipt Date", "Invoice #", "Amount Applied", "Memo")


def myob_receipts(*, entity: Entity, date_from: dt.date, date_to: dt.date) -> list[Row]:
    """MYOB's customer payments import: one row per allocation of an active receipt to an invoice
    (on the day it was applied), deposited to the bank account."""
    rows: list[Row] = [MYOB_PAYMENT_COLUMNS]
    allocations = (
        ReceiptAllocation.objects.filter(
            receipt__entity=entity,
            receipt__status=ReceiptStatus.ACTIVE,
            allocated_on__gte=date_from,
            allocated_on__lte=date_to,
        )
        .select_related("receipt__client", "invoice")
        .order_by("allocated_on", "id")
    )
    for a in allocations:
        rows.append(
            (
                a.receipt.client.name,
                BANK_ACCOUNT,
                _d(a.allocated_on, "dmy"),
                a.invoice.number,
                f"{a.amount:.2f}",
                f"Receipt {a.receipt.reference}".strip(),
            )
        )
    return rows


MYOB_JOURNAL_COLUMNS = (
    "Journal Number",
    "Date",
    "Memo",
    "Account Number",
    "Debit Ex-Tax Amount",
    "Credit Ex-Tax Amount",
    "Tax Code",
)


def myob_journals(*, entity: Entity, date_from: dt.date, date_to: dt.date) -> list[Row]:
    """MYOB's general journal import: one row per line, tax code N-T (not reportable: the GST is
    its own line)."""
    rows: list[Row] = [MYOB_JOURNAL_COLUMNS]
    for line in _journal_lines(entity, date_from, date_to):
        journal = line.journal
        rows.append(
            (
                f"GJ{journal.pk:06d}",
                _d(journal.date, "dmy"),
                journal.memo[:255],
                line.account.code,
                f"{line.debit:.2f}" if line.debit else "",
                f"{line.credit:.2f}" if line.credit else "",
                "N-T",
            )
        )
    return rows


EXPORTS = {
    ("xero", "invoices"): xero_invoices,
    ("xero", "credit-notes"): xero_credit_notes,
    ("xero", "receipts"): xero_receipts,
    ("xero", "journals"): xero_journals,
    ("myob", "invoices"): myob_invoices,
    ("myob", "credit-notes"): myob_credit_notes,
    ("myob", "receipts"): myob_receipts,
    ("myob", "journals"): myob_journals,
}


# --- shared --------------------------------------------------------------------------------------
def _share(total: Decimal, weights: Sequence[Decimal]) -> list[Decimal]:
    """`total` split in proportion to `weights`, rounded to cents, the last part taking the rest."""
    whole = sum(weights, ZERO)
    parts: list[Decimal] = []
    for weight in weights[:-1]:
        parts.append((total * weight / whole).quantize(Decimal("0.01")) if whole else ZERO)
    parts.append(total - sum(parts, ZERO))
    return parts


def _credit_lines(entity: Entity, date_from: dt.date, date_to: dt.date) -> Iterable[CreditNoteLine]:
    notes = CreditNote.objects.filter(entity=entity, issue_date__gte=date_from, issue_date__lte=date_to)
    return (
        CreditNoteLine.objects.filter(credit_note__in=notes)
        .select_related("credit_note__invoice__client", "invoice_line")
        .order_by("credit_note__number", "invoice_line__position")
    )


def _journal_lines(entity: Entity, date_from: dt.date, date_to: dt.date) -> Iterable[JournalLine]:
    return (
        JournalLine.objects.filter(journal__entity=entity, journal__date__gte=date_from, journal__date__lte=date_to)
        .select_related("journal", "account")
        .order_by("journal__date", "journal_id", "id")
    )


def _bank_movements(
    entity: Entity, date_from: dt.date, date_to: dt.date
) -> list[tuple[dt.date, Decimal, str, str, str]]:
    """(date, amount, payer, description, reference) of the cash receipts, refunds and reversals
    of the period, read from their journals' bank lines (money in positive, out negative); a
    receipt's reference is the invoice numbers it was applied to on the day."""
    bank_lines = (
        JournalLine.objects.filter(
            account__entity=entity,
            account__code=BANK_ACCOUNT,
            journal__receipt__isnull=False,
            journal__date__gte=date_from,
            journal__date__lte=date_to,
        )
        .select_related("journal__receipt__client")
        .order_by("journal__date", "journal_id")
    )
    out = []
    for line in bank_lines:
        journal, receipt = line.journal, line.journal.receipt
        assert receipt is not None
        numbers = ""
        if journal.source == "RECEIPT":
            numbers = " ".join(
                receipt.allocations.filter(allocated_on=receipt.received_on)
                .order_by("id")
                .values_list("invoice__number", flat=True)
            )
        out.append((journal.date, line.debit - line.credit, receipt.client.name, journal.memo, numbers))
    return out


# --- CSV and XLSX --------------------------------------------------------------------------------
def rows_csv(rows: Iterable[Row]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in rows:
        writer.writerow(["" if value is None else value for value in row])
    return buffer.getvalue().encode("utf-8-sig")


def rows_xlsx(rows: Iterable[Row], *, title: str = "Export") -> bytes:
    """An XLSX workbook of one sheet (openpyxl): the first row bold, decimals as number cells with at
    least 2 decimal places shown, dates as date cells shown as ISO (YYYY-MM-DD)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook(write_only=False)
    sheet = workbook.active
    assert sheet is not None
    sheet.title = title[:31]
    for i, row in enumerate(rows):
        sheet.append(list(row))
        if i == 0:
            for cell in sheet[1]:
                cell.font = Font(bold=True)
            continue
        for cell, value in zip(sheet[i + 1], row, strict=False):
            if isinstance(value, Decimal):  # a number cell showing at least 2 places (hours may have 4)
                exponent = value.as_tuple().exponent
                places = max(2, -exponent if isinstance(exponent, int) else 2)
                cell.number_format = "#,##0." + "0" * places
            elif isinstance(value, dt.date):  # a date cell shown as ISO (a datetime is shown as its day)
                cell.number_format = "yyyy-mm-dd"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
