"""Issued documents and priced lines cannot be changed in PostgreSQL, whatever the path
(kserp/base/immutability.py): only an invoice's payment and credit state moves."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction

from kserp.billing.runs import billing_run_execute, billing_run_start
from kserp.finance.invoicing import invoice_credit, receipt_record
from kserp.finance.models import CreditNote, Invoice, InvoiceLine, Journal, JournalLine, Receipt
from kserp.orders.models import BillLine, PayLine, Timesheet
from kserp.orders.timesheets import timesheet_reopen
from tests.support.billing import approve_weeks
from tests.support.orders import make_job_order

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="the triggers are PostgreSQL's")


@pytest.fixture
def billed(db) -> Invoice:
    job_order = make_job_order()
    approve_weeks(job_order, weeks=2)
    run = billing_run_start(entity=job_order.entity, period_end=dt.date(2025, 7, 13), issue_date=dt.date(2025, 8, 1))
    billing_run_execute(run_id=run.pk)
    invoice = Invoice.objects.get()
    receipt_record(invoice=invoice, amount=Decimal("100.00"))
    invoice_credit(invoice=invoice, reason="Meal not claimable", line_ids=[invoice.lines.get(pay_code="MEAL").pk])
    return Invoice.objects.get(pk=invoice.pk)


def _delete(model, pk) -> None:
    """DELETE in SQL, past the ORM's own PROTECT checks: the database must refuse it by itself."""
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {model._meta.db_table} WHERE id = %s", [pk])


def _refused(change) -> str:
    with pytest.raises(IntegrityError) as refused, transaction.atomic():
        change()
    return str(refused.value)


def test_an_invoices_amounts_parties_and_dates_cannot_change_and_it_cannot_be_deleted(billed):
    assert "finance_invoice rows cannot be changed except amount_paid" in _refused(
        lambda: Invoice.objects.filter(pk=billed.pk).update(total=Decimal("1.00"))
    )
    for change in (
        lambda: Invoice.objects.filter(pk=billed.pk).update(due_date=dt.date(2030, 1, 1)),
        lambda: Invoice.objects.filter(pk=billed.pk).update(number="AU-999999"),
    ):
        _refused(change)
    assert "finance_invoice rows cannot be deleted" in _refused(lambda: _delete(Invoice, billed.pk))
    # what receipts and credit notes move, still moves
    Invoice.objects.filter(pk=billed.pk).update(status="PAID", amount_paid=billed.total)
    assert Invoice.objects.get(pk=billed.pk).status == "PAID"


@pytest.mark.parametrize(
    ("model", "field", "value"),
    [
        (InvoiceLine, "amount", Decimal("1.00")),
        (CreditNote, "total", Decimal("1.00")),
        (Receipt, "amount", Decimal("1.00")),
        (Journal, "memo", "rewritten"),
        (JournalLine, "debit", Decimal("0.00")),
    ],
)
def test_lines_credit_notes_receipts_and_journals_cannot_change_or_go(billed, model, field, value):
    row = model.objects.order_by("pk").first()
    assert "cannot be changed" in _refused(lambda: model.objects.filter(pk=row.pk).update(**{field: value}))
    assert "cannot be deleted" in _refused(lambda: _delete(model, row.pk))


def test_priced_lines_cannot_change_but_an_unbilled_timesheet_still_reopens(billed):
    line = BillLine.objects.filter(invoice_line__isnull=False).first()
    assert "orders_billline rows cannot be changed" in _refused(
        lambda: BillLine.objects.filter(pk=line.pk).update(bill_amount=Decimal("1.00"))
    )
    _refused(lambda: PayLine.objects.filter(pk=PayLine.objects.first().pk).update(wage=Decimal("1.00")))
    _refused(lambda: BillLine.objects.filter(pk=line.pk).delete())  # invoiced: PROTECTed by its invoice line

    unbilled = Timesheet.objects.filter(status="APPROVED", bill_lines__invoice_line__isnull=True).distinct().get()
    timesheet_reopen(timesheet=unbilled)
    assert not BillLine.objects.filter(timesheet=unbilled).exists()
