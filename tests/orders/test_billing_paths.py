"""Chunking never changes what a run bills: the same data billed in one chunk (then rolled back)
and in chunks of 7 lines (groups split across chunks) writes identical invoices, lines, journals,
runs and counters; exact expected totals, half-up tax included."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.db import transaction
from django.db.models import F

from kserp.billing import posting as billing
from kserp.billing.models import BillingRun
from kserp.billing.runs import billing_run_execute, billing_run_start
from kserp.finance.invoicing import tax_of
from kserp.finance.models import DocumentCounter, Invoice, Journal
from kserp.orders.models import JobOrder
from tests.support.billing import assert_billed_exactly_once, assert_ledger_balances
from tests.support.bulk import make_approved_bill_lines
from tests.support.orders import WEEK

D = Decimal
ISSUED = dt.date(2025, 8, 1)
FIRST_WEEK_END = WEEK + dt.timedelta(days=6)


class _Undo(Exception):
    pass


def _data() -> Any:
    """3 clients (CLIENT, JOB_ORDER, TIMESHEET grouping) of 2 job orders each, 3 weeks of 4 lines
    per job order; one job order of the CLIENT client overrides to TIMESHEET; uneven amounts
    (some subtotals put the tax exactly on a half cent)."""
    entity = make_approved_bill_lines(
        lines=72,
        timesheets=18,
        job_orders=6,
        clients=3,
        amount_of=lambda n: D(n * 7919 % 50000) / 100 + D("0.05") * (n % 3),
    )
    JobOrder.objects.filter(code="BJ00001").update(invoice_grouping="TIMESHEET")
    return entity


def _bill(entity, period_end) -> BillingRun:
    run = billing_run_start(entity=entity, period_end=period_end, issue_date=ISSUED)
    return billing_run_execute(run_id=run.pk)


def _snapshot() -> dict[str, Any]:
    """Everything a run writes, without surrogate ids of invoices, journals and runs."""
    invoices = []
    for inv in Invoice.objects.order_by("number"):
        lines = list(
            inv.lines.order_by("position").values_list(
                "bill_line_id",
                "job_order_id",
                "timesheet_id",
                "position",
                "description",
                "pay_code",
                "quantity",
                "unit_price",
                "amount",
            )
        )
        journals = [
            (j.date, j.memo, j.source, list(j.lines.order_by("id").values_list("account__code", "debit", "credit")))
            for j in Journal.objects.filter(invoice=inv).order_by("id")
        ]
        invoices.append(
            (
                inv.number,
                inv.client_id,
                inv.status,
                inv.issue_date,
                inv.due_date,
                inv.currency,
                inv.tax_rate,
                inv.subtotal,
                inv.tax_total,
                inv.total,
                inv.amount_paid,
                inv.amount_credited,
                inv.rebill_of_id,
                lines,
                journals,
            )
        )
    runs = list(
        BillingRun.objects.order_by("id").values_list("status", "progress", "line_count", "invoice_count", "total")
    )
    counters = list(DocumentCounter.objects.order_by("entity_id", "series").values_list("series", "next_value"))
    return {"invoices": invoices, "runs": runs, "counters": counters}


def _bill_twice(entity) -> dict[str, Any]:
    first = _bill(entity, FIRST_WEEK_END)  # only the first week
    assert (first.line_count, first.status) == (24, "COMPLETED")
    second = _bill(entity, dt.date(2025, 12, 31))  # the other two
    assert second.line_count == 48
    assert _bill(entity, dt.date(2025, 12, 31)).line_count == 0  # nothing twice
    return _snapshot()


def test_small_chunks_and_one_big_chunk_make_identical_invoices(db, monkeypatch):
    entity = _data()
    monkeypatch.setattr(billing, "CHUNK_LINES", 10_000)  # everything in one chunk
    with pytest.raises(_Undo), transaction.atomic():
        whole = _bill_twice(entity)
        raise _Undo
    assert not Invoice.objects.exists()
    monkeypatch.setattr(billing, "CHUNK_LINES", 7)  # several chunks per run, groups split across them
    chunked = _bill_twice(entity)

    assert chunked == whole
    # per run: the CLIENT client's invoice + its TIMESHEET job order's weeks + 2 job orders + 2 × weeks
    assert [row[3] for row in chunked["runs"]] == [1 + 1 + 2 + 2, 1 + 2 + 2 + 4, 0]
    assert_billed_exactly_once()
    assert_ledger_balances()
    halves = 0
    for number, _, _, _, _, _, rate, subtotal, tax, total, *_ in chunked["invoices"]:
        assert tax == tax_of(subtotal, rate) and total == subtotal + tax, number
        halves += (subtotal * rate / 100 * 1000) % 10 == 5
    assert halves > 0  # the data does exercise the half-up case


def test_exact_totals_with_half_up_tax(db):
    """Three lines of 10.05 + 10.10 + 10.10 = 30.25: tax 3.025 rounds half-up to 3.03 (half-even
    would give 3.02)."""
    entity = make_approved_bill_lines(  # grouping CLIENT
        lines=3, timesheets=1, job_orders=1, clients=1, amount_of=lambda n: D("10.05") if n == 0 else D("10.10")
    )
    run = _bill(entity, dt.date(2025, 12, 31))
    assert (run.line_count, run.invoice_count, run.total) == (3, 1, D("33.28"))
    inv = Invoice.objects.get()
    assert (inv.number, inv.subtotal, inv.tax_total, inv.total, inv.due_date) == (
        "AU-000001",
        D("30.25"),
        D("3.03"),
        D("33.28"),
        ISSUED + dt.timedelta(days=14),
    )
    assert list(inv.lines.order_by("position").values_list("position", "amount", "unit_price", "quantity")) == [
        (0, D("10.05"), D("39.2000"), D("7.6000")),
        (1, D("10.10"), D("39.2000"), D("7.6000")),
        (2, D("10.10"), D("39.2000"), D("7.6000")),
    ]
    (journal,) = Journal.objects.filter(invoice=inv)
    assert journal.memo == "Invoice AU-000001"
    assert sorted(journal.lines.values_list("account__code", "debit", "credit")) == [
        ("1100", D("33.28"), D("0.00")),
        ("2100", D("0.00"), D("3.03")),
        ("4000", D("0.00"), D("30.25")),
    ]
    assert DocumentCounter.objects.get(series="INVOICE").next_value == 2


def test_invoice_numbers_keep_counting_past_999999(db):
    entity = make_approved_bill_lines(lines=2, timesheets=2, job_orders=2, clients=2)  # 2 invoices
    DocumentCounter.objects.create(entity=entity, series="INVOICE", next_value=999_999)
    _bill(entity, dt.date(2025, 12, 31))
    assert list(Invoice.objects.order_by("id").values_list("number", flat=True)) == ["AU-999999", "AU-1000000"]
    assert DocumentCounter.objects.filter(series="INVOICE").values_list(F("next_value"), flat=True).get() == 1_000_001
