"""Helpers for billing tests: approved timesheets in bulk, and invariants to check."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Count, F, Sum

from kserp.finance.ledger import trial_balance
from kserp.finance.models import Invoice, InvoiceLine, Journal, JournalLine
from kserp.orders.models import BillLine, JobOrder
from kserp.orders.timesheets import timesheet_approve, timesheet_submit
from tests.support.orders import WEEK, week_entries


def approve_weeks(job_order: JobOrder, weeks: int = 1, first: dt.date = WEEK) -> None:
    for n in range(weeks):
        week = first + dt.timedelta(days=7 * n)
        timesheet = timesheet_submit(job_order=job_order, week_starting=week, entries=week_entries(week))
        timesheet_approve(timesheet=timesheet)


def bill_one_invoice() -> Invoice:
    """One approved week of a new job order billed (period end 2025-07-31, issued 2025-08-01)."""
    from kserp.billing.runs import billing_run_execute, billing_run_start
    from tests.support.orders import make_job_order

    job_order = make_job_order()
    approve_weeks(job_order)
    run = billing_run_start(entity=job_order.entity, period_end=dt.date(2025, 7, 31), issue_date=dt.date(2025, 8, 1))
    billing_run_execute(run_id=run.pk)
    return Invoice.objects.get()


def assert_billed_exactly_once() -> None:
    """Every bill line is on exactly one invoice line, invoices add up, numbers are gapless."""
    assert InvoiceLine.objects.filter(bill_line__isnull=False).count() == BillLine.objects.count()
    assert not BillLine.objects.filter(invoice_line__isnull=True).exists()
    # An invoice line is a copy of its bill line (made inside the database by the billing run).
    copies = {
        "job_order_id": "bill_line__job_order_id",
        "timesheet_id": "bill_line__timesheet_id",
        "description": "bill_line__description",
        "pay_code": "bill_line__pay_code",
        "quantity": "bill_line__quantity",
        "unit_price": "bill_line__bill_rate",
        "amount": "bill_line__bill_amount",
    }
    billed = InvoiceLine.objects.filter(bill_line__isnull=False)
    for field, source in copies.items():
        assert not billed.exclude(**{field: F(source)}).exists(), field
    for invoice in Invoice.objects.annotate(n=Count("lines"), s=Sum("lines__amount")):
        assert invoice.s == invoice.subtotal, invoice.number
        assert invoice.total == invoice.subtotal + invoice.tax_total
    for entity_id in Invoice.objects.values_list("entity_id", flat=True).distinct():
        numbers = sorted(Invoice.objects.filter(entity_id=entity_id).values_list("number", flat=True))
        values = [int(n[-6:]) for n in numbers]
        assert values == list(range(1, len(values) + 1)), values


def assert_ledger_balances() -> None:
    for journal in Journal.objects.annotate(d=Sum("lines__debit"), c=Sum("lines__credit")):
        assert journal.d == journal.c, journal.memo
    assert sum(trial_balance().values(), Decimal("0")) == 0
    assert JournalLine.objects.count() > 0
