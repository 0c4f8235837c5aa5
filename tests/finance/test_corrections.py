"""Credit and re-price: the invoice is credited, the timesheet re-opens, the corrected week bills
again in the next run; totals and margins net of the credit; credit note PDF; locked periods."""

import datetime as dt
from decimal import Decimal

import pytest

from kserp.analytics.selectors import margin_report
from kserp.billing.corrections import invoice_corrections, invoice_credit_and_reopen
from kserp.billing.models import BillingRun
from kserp.billing.runs import billing_run_execute, billing_run_start
from kserp.errors import ValidationFailed
from kserp.finance.invoicing import invoice_credit
from kserp.finance.models import CreditNote, Invoice
from kserp.finance.pdf import invoice_header, invoice_pdf
from kserp.finance.periods import period_lock
from kserp.orders.timesheets import EntryInput, timesheet_approve, timesheet_submit
from tests.support.finance import assert_trial_balance_zero, balances, bill_weeks
from tests.support.graphql import gql
from tests.support.orders import WEEK, make_job_order

D = Decimal
CREDITED_ON = dt.date(2025, 7, 20)


def _corrected_entries(week: dt.date) -> list[EntryInput]:
    """The week as it really was: Tuesday 8 h, not 10 (so 38.4 h: ORD 38, OT150 0.4), the meal."""
    return [
        EntryInput(date=week, hours=D("7.6")),
        EntryInput(date=week + dt.timedelta(days=1), hours=D("8")),
        EntryInput(date=week + dt.timedelta(days=1), pay_code="MEAL", quantity=D("1")),
        *(EntryInput(date=week + dt.timedelta(days=d), hours=D("7.6")) for d in (2, 3, 4)),
    ]


def test_credit_and_reprice_bills_the_corrected_week_and_nets_margins_and_receivables(db):
    job_order = make_job_order()
    (wrong,) = bill_weeks(job_order, weeks=1)
    timesheet = wrong.lines.first().timesheet
    margin_before = margin_report(entity_id=job_order.entity_id).totals

    note, reopened = invoice_credit_and_reopen(invoice=wrong, reason="Tuesday was 8 hours", issue_date=CREDITED_ON)

    assert [t.pk for t in reopened] == [timesheet.pk] and reopened[0].status == "DRAFT"
    assert (note.total, note.reopened) == (D("1810.30"), True)
    wrong.refresh_from_db()
    assert (wrong.status, wrong.amount_due) == ("CREDITED", D("0.00"))
    assert margin_report(entity_id=job_order.entity_id).totals.bill_amount == D("0.00")  # net of the credit

    corrected = timesheet_submit(job_order=job_order, week_starting=WEEK, entries=_corrected_entries(WEEK))
    assert corrected.pk == timesheet.pk
    timesheet_approve(timesheet=corrected)
    run = billing_run_start(entity=job_order.entity, period_end=WEEK + dt.timedelta(days=6), issue_date=CREDITED_ON)
    billing_run_execute(run_id=run.pk)

    (rebilled,) = Invoice.objects.filter(billing_run=run)
    # ORD 38 × 39.20 + OT150 0.4 × 52.50 + MEAL 23.13 = 1533.73; GST 153.37
    assert (rebilled.subtotal, rebilled.tax_total, rebilled.total) == (D("1533.73"), D("153.37"), D("1687.10"))
    billed = sum(Invoice.objects.values_list("total", flat=True), D("0")) - note.total
    assert billed == D("1687.10")
    assert invoice_corrections(invoice=wrong).credit_notes == [note]
    assert invoice_corrections(invoice=wrong).rebilled_by == [rebilled]
    margin = margin_report(entity_id=job_order.entity_id).totals
    # Margin of the corrected lines only: ORD 38 × (39.20 − 28 − 3.36) + OT150 0.4 × (52.50 − 42) + MEAL (23.13 − 18.50)
    assert (margin.bill_amount, margin.gross_margin) == (D("1533.73"), D("306.75"))
    assert margin.gross_margin < margin_before.gross_margin
    assert balances(job_order.entity)["1100"] == D("1687.10")
    assert_trial_balance_zero(job_order.entity)


def test_reopening_refuses_a_partial_credit_of_a_timesheet_and_stores_nothing(db):
    (invoice,) = bill_weeks(make_job_order(), weeks=1)
    first = invoice.lines.order_by("position").first()

    with pytest.raises(ValidationFailed) as failed:
        invoice_credit_and_reopen(invoice=invoice, reason="Rate", line_ids=[first.pk], issue_date=CREDITED_ON)

    assert [(e.field, e.code) for e in failed.value.errors] == [("lines", "INVALID_STATE")]
    assert CreditNote.objects.count() == 0
    assert first.timesheet.status == "APPROVED"


def test_postings_in_a_locked_period_are_refused_credits_billing_runs_and_receipts(db):
    job_order = make_job_order()
    (invoice,) = bill_weeks(job_order, weeks=1)
    period_lock(entity=job_order.entity, through=dt.date(2025, 7, 31))
    runs = BillingRun.objects.count()

    with pytest.raises(ValidationFailed) as credit:
        invoice_credit(invoice=invoice, reason="Wrong PO", issue_date=dt.date(2025, 7, 31))
    with pytest.raises(ValidationFailed) as run:
        billing_run_start(entity=job_order.entity, period_end=dt.date(2025, 7, 31), issue_date=dt.date(2025, 7, 30))

    assert [(e.field, e.code) for e in credit.value.errors] == [("issueDate", "PERIOD_LOCKED")]
    assert [(e.field, e.code) for e in run.value.errors] == [("issueDate", "PERIOD_LOCKED")]
    assert "locked through 2025-07-31" in credit.value.errors[0].message
    assert (CreditNote.objects.count(), BillingRun.objects.count()) == (0, runs)
    note, _ = invoice_credit(invoice=invoice, reason="Wrong PO", issue_date=dt.date(2025, 8, 1))
    assert note.issue_date == dt.date(2025, 8, 1)
    assert_trial_balance_zero(job_order.entity)


def test_the_credit_note_pdf_is_served_to_staff(staff_client):
    (invoice,) = bill_weeks(make_job_order(), weeks=1)
    note, _ = invoice_credit(invoice=invoice, reason="Wrong PO", issue_date=CREDITED_ON)
    query = "query { invoices { edges { node { creditNotes { number pdfUrl reopened invoice { number } } } } } }"
    (node,) = gql(staff_client, query)["data"]["invoices"]["edges"]
    (credit,) = node["node"]["creditNotes"]
    assert credit["number"] == note.number and credit["invoice"] == {"number": invoice.number}

    response = staff_client.get(credit["pdfUrl"])

    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_the_tax_invoice_states_abns_po_due_date_gst_and_where_to_pay(db):
    (invoice,) = bill_weeks(make_job_order(), weeks=1)
    invoice = Invoice.objects.select_related("entity", "client").prefetch_related("lines__job_order").get(pk=invoice.pk)
    assert invoice_header(invoice) == [
        "Tax invoice AU-000001",
        "KSAU Pty Ltd",
        "Bill to: Acme Pty Ltd (ACME)",
        "Issued 2025-07-14, due 2025-08-13",
        "GST 10%: AUD 164.57",
        "Payment reference: AU-000001",
    ]
    # Recorded ABNs, PO number and bank account are printed (set here on the loaded rows).
    invoice.entity.abn, invoice.entity.bank_bsb, invoice.entity.bank_account = "51824753556", "062-000", "12345678"
    invoice.client.abn = "53004085616"
    for line in invoice.lines.all():  # the prefetched rows: the same objects every time
        line.job_order.po_number = "PO-7781"

    assert invoice_header(invoice) == [
        "Tax invoice AU-000001",
        "KSAU Pty Ltd",
        "ABN 51 824 753 556",
        "Bill to: Acme Pty Ltd (ACME)",
        "Client ABN 53 004 085 616",
        "PO number: PO-7781",
        "Issued 2025-07-14, due 2025-08-13",
        "GST 10%: AUD 164.57",
        "Pay to KSAU Pty Ltd, BSB 062-000, account 12345678, reference AU-000001",
    ]
    assert invoice_pdf(invoice).startswith(b"%PDF")
