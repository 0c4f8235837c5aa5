"""Billing runs: approved bill lines → invoices, exactly once, with gapless numbers."""

import datetime as dt
import threading
from decimal import Decimal

import pytest
from django.db import connection

from kserp.billing.models import BillingRun, BillingRunStatus
from kserp.billing.runs import billing_run_execute, billing_run_start
from kserp.finance.ledger import trial_balance
from kserp.finance.models import DocumentCounter, Invoice, InvoiceLine, Journal
from tests.support.billing import approve_weeks, assert_billed_exactly_once, assert_ledger_balances
from tests.support.orders import make_client, make_entity, make_job_order

D = Decimal
ISSUED = dt.date(2025, 8, 1)


def _run(entity, period_end=dt.date(2025, 12, 31), **kw) -> BillingRun:
    run = billing_run_start(entity=entity, period_end=period_end, issue_date=ISSUED, **kw)
    return billing_run_execute(run_id=run.pk)


def test_one_week_makes_one_invoice_with_exact_totals(db, django_capture_on_commit_callbacks):
    job_order = make_job_order()
    approve_weeks(job_order)

    with django_capture_on_commit_callbacks():  # the actor message is sent on commit, not run here
        run = billing_run_start(entity=job_order.entity, period_end=dt.date(2025, 7, 13), issue_date=ISSUED)
    run = billing_run_execute(run_id=run.pk)

    assert (run.status, run.progress, run.invoice_count, run.line_count, run.total) == (
        BillingRunStatus.COMPLETED,
        1.0,
        1,
        4,
        D("1810.30"),
    )
    invoice = Invoice.objects.get()
    assert (invoice.number, invoice.subtotal, invoice.tax_total, invoice.total) == (
        "AU-000001",
        D("1645.73"),
        D("164.57"),
        D("1810.30"),
    )
    assert (invoice.issue_date, invoice.due_date, invoice.currency, invoice.status) == (
        ISSUED,
        dt.date(2025, 8, 31),
        "AUD",
        "ISSUED",
    )
    lines = list(invoice.lines.values_list("pay_code", "quantity", "unit_price", "amount"))
    assert lines == [
        ("ORD", D("38.0000"), D("39.2000"), D("1489.60")),
        ("OT150", D("2.0000"), D("52.5000"), D("105.00")),
        ("OT200", D("0.4000"), D("70.0000"), D("28.00")),
        ("MEAL", D("1.0000"), D("23.1300"), D("23.13")),
    ]
    assert trial_balance() == {"KSAU:1100": D("1810.30"), "KSAU:2100": D("-164.57"), "KSAU:4000": D("-1645.73")}


def test_lines_after_the_period_end_wait_for_a_later_run(db):
    job_order = make_job_order()
    approve_weeks(job_order, weeks=2)
    first = _run(job_order.entity, period_end=dt.date(2025, 7, 13))
    assert (first.line_count, first.invoice_count) == (4, 1)
    second = _run(job_order.entity, period_end=dt.date(2025, 7, 20))
    assert (second.line_count, second.invoice_count) == (4, 1)
    assert list(Invoice.objects.values_list("number", flat=True)) == ["AU-000001", "AU-000002"]


@pytest.mark.parametrize(
    ("grouping", "invoices"), [("CLIENT", 1), ("JOB_ORDER", 2), ("TIMESHEET", 4)], ids=["client", "job-order", "week"]
)
def test_invoices_follow_the_clients_grouping(db, grouping, invoices):
    client = make_client(grouping=grouping)
    for code in ("JO-1", "JO-2"):
        approve_weeks(make_job_order(code=code, client=client), weeks=2)
    run = _run(client.entity)
    assert (run.invoice_count, run.line_count) == (invoices, 16)
    assert_billed_exactly_once()


def test_running_the_actor_again_bills_nothing_twice(db):
    job_order = make_job_order()
    approve_weeks(job_order, weeks=3)
    run = _run(job_order.entity)
    again = billing_run_execute(run_id=run.pk)  # a re-delivered message: the run is COMPLETED
    assert again.status == BillingRunStatus.COMPLETED
    BillingRun.objects.filter(pk=run.pk).update(status=BillingRunStatus.RUNNING)  # as if killed mid-way
    resumed = billing_run_execute(run_id=run.pk)
    assert (resumed.status, resumed.line_count, resumed.invoice_count) == (BillingRunStatus.COMPLETED, 12, 1)
    other = _run(job_order.entity)  # a new run finds nothing left
    assert (other.line_count, other.invoice_count, other.total) == (0, 0, D("0"))
    assert InvoiceLine.objects.count() == 12
    assert_billed_exactly_once()
    assert_ledger_balances()


def test_a_failed_run_is_marked_failed_and_a_retry_finishes_it(db, monkeypatch):
    from kserp.billing import posting as billing
    from kserp.billing.runs import billing_run_retry

    for code in ("JO-1", "JO-2", "JO-3"):
        approve_weeks(make_job_order(code=code, client=make_client(grouping="JOB_ORDER")))
    monkeypatch.setattr("kserp.billing.posting.CHUNK_LINES", 4)  # one job order per chunk
    real = billing._chunk_done
    calls = {"n": 0}

    def flaky(*args):
        # the chunk's invoices, lines and journals are inserted and the counter moved by now
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("database went away")
        return real(*args)

    monkeypatch.setattr(billing, "_chunk_done", flaky)
    run = billing_run_start(entity=make_entity(), period_end=dt.date(2025, 12, 31), issue_date=ISSUED)
    with pytest.raises(RuntimeError):
        billing_run_execute(run_id=run.pk)
    run.refresh_from_db()
    assert (run.status, run.failure_reason, run.invoice_count) == (
        BillingRunStatus.FAILED,
        "RuntimeError: database went away",
        1,
    )
    assert Invoice.objects.count() == 1  # the failed chunk left nothing behind, not even a number
    assert InvoiceLine.objects.count() == 4 and Journal.objects.count() == 1
    assert DocumentCounter.objects.get(series="INVOICE").next_value == 2

    billing_run_retry(run=run)
    run = billing_run_execute(run_id=run.pk)
    assert (run.status, run.invoice_count, run.line_count, run.attempts) == (BillingRunStatus.COMPLETED, 3, 12, 2)
    assert_billed_exactly_once()
    assert_ledger_balances()


@pytest.mark.django_db(transaction=True)
def test_two_runs_started_at_once_for_one_entity_bill_each_line_once():
    if connection.vendor != "postgresql":
        pytest.skip("concurrent transactions need PostgreSQL (SQLite serialises writers)")
    client = make_client(grouping="TIMESHEET")
    for n in range(4):
        approve_weeks(make_job_order(code=f"JO-{n}", client=client), weeks=3)
    runs = [billing_run_start(entity=client.entity, period_end=dt.date(2025, 12, 31)) for _ in range(2)]
    barrier = threading.Barrier(2)
    errors = []

    def work(run_id):
        try:
            barrier.wait()
            billing_run_execute(run_id=run_id)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    import kserp.billing.posting as billing

    billing.CHUNK_LINES, saved = 8, billing.CHUNK_LINES
    try:
        threads = [threading.Thread(target=work, args=(run.pk,)) for run in runs]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
    finally:
        billing.CHUNK_LINES = saved
    assert errors == []
    done = BillingRun.objects.filter(pk__in=[r.pk for r in runs])
    assert [r.status for r in done] == [BillingRunStatus.COMPLETED] * 2
    assert sum(r.line_count for r in done) == 48
    assert sum(r.invoice_count for r in done) == 12
    assert_billed_exactly_once()
    assert_ledger_balances()
