"""Billing cycles and the scheduler: closing days, due runs started once per cycle period even by
two schedulers at the same moment, clients on hold left out, the dry-run preview."""

from __future__ import annotations

import datetime as dt
import threading
from decimal import Decimal

import pytest
from django.db import connection

from kserp.billing.models import BillingRun
from kserp.billing.runs import billing_run_execute, billing_run_preview, billing_run_start
from kserp.crm.models import Client
from kserp.errors import ValidationFailed
from kserp.orders.timesheets import timesheet_approve, timesheet_submit
from kserp.scheduling.cycles import last_close, next_close
from kserp.scheduling.models import ScheduledRun
from kserp.scheduling.selectors import next_runs
from kserp.scheduling.services import scheduled_runs_start
from tests.support.orders import WEEK, make_client, make_job_order, week_entries

D = dt.date


@pytest.mark.parametrize(
    ("cycle", "day", "today", "last", "following"),
    [
        ("WEEKLY", 7, D(2025, 7, 16), D(2025, 7, 13), D(2025, 7, 20)),  # Wednesday → last Sunday
        ("WEEKLY", 3, D(2025, 7, 16), D(2025, 7, 16), D(2025, 7, 23)),  # closing today
        ("FORTNIGHTLY", 7, D(2025, 7, 16), D(2025, 7, 6), D(2025, 7, 20)),  # the Sundays of even weeks
        ("FORTNIGHTLY", 7, D(2025, 7, 22), D(2025, 7, 20), D(2025, 8, 3)),  # since FORTNIGHT_EPOCH
        ("MONTHLY", 31, D(2025, 3, 5), D(2025, 2, 28), D(2025, 3, 31)),  # short month: its last day
        ("MONTHLY", 15, D(2025, 1, 10), D(2024, 12, 15), D(2025, 1, 15)),
        ("MONTHLY", 15, D(2025, 12, 20), D(2025, 12, 15), D(2026, 1, 15)),
    ],
)
def test_closing_days(cycle, day, today, last, following):
    assert last_close(cycle, day, today) == last
    assert next_close(cycle, day, today) == following
    assert last <= today < following


def _approved_week(code: str = "JO-1") -> None:
    job_order = make_job_order(code)
    timesheet_approve(timesheet=timesheet_submit(job_order=job_order, week_starting=WEEK, entries=week_entries()))


def test_a_due_cycle_starts_one_run_and_running_again_starts_nothing(db):
    _approved_week()
    today = WEEK + dt.timedelta(days=8)  # Tuesday after the week closed on Sunday
    (claim,) = scheduled_runs_start(today=today, scheduler="test")
    assert (claim.cycle, claim.close_day, claim.period_end, claim.client_codes) == (
        "WEEKLY",
        7,
        WEEK + dt.timedelta(days=6),
        ["ACME"],
    )
    run = claim.billing_run
    assert (run.period_end, run.client_codes, run.status) == (WEEK + dt.timedelta(days=6), ["ACME"], "QUEUED")
    assert scheduled_runs_start(today=today) == []
    assert scheduled_runs_start(today=today + dt.timedelta(days=4)) == []  # same period
    assert BillingRun.objects.count() == 1
    (upcoming,) = next_runs(today=today)
    assert (upcoming.period_end, upcoming.due) == (WEEK + dt.timedelta(days=13), False)


@pytest.mark.django_db(transaction=True)
def test_two_schedulers_at_the_same_moment_start_a_due_run_once():
    _approved_week()
    today = WEEK + dt.timedelta(days=8)
    barrier = threading.Barrier(2)
    results: dict[str, object] = {}

    def scheduler(name: str) -> None:
        try:
            barrier.wait(timeout=10)
            results[name] = len(scheduled_runs_start(today=today, scheduler=name))
        except Exception as exc:  # pragma: no cover - reported below
            results[name] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=scheduler, args=(f"s{i}",)) for i in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(results.values()) == [0, 1], results  # type: ignore[type-var]
    assert BillingRun.objects.count() == 1
    assert ScheduledRun.objects.count() == 1
    assert ScheduledRun.objects.get().billing_run_id == BillingRun.objects.get().pk


def test_a_client_on_hold_gets_no_run_and_no_new_timesheet(db):
    _approved_week()
    acme = Client.objects.get(code="ACME")
    acme.status = "ON_HOLD"
    acme.save()
    assert scheduled_runs_start(today=WEEK + dt.timedelta(days=8)) == []
    with pytest.raises(ValidationFailed) as refused:
        billing_run_start(entity=acme.entity, period_end=WEEK + dt.timedelta(days=6), client_codes=["ACME"])
    assert [(e.field, e.code) for e in refused.value.errors] == [("clients[0]", "CLIENT_ON_HOLD")]
    make_client("BETA", entity=acme.entity)
    everyone = billing_run_start(entity=acme.entity, period_end=WEEK + dt.timedelta(days=6))
    assert everyone.client_codes == ["BETA"]  # ACME left out
    assert billing_run_execute(run_id=everyone.pk).invoice_count == 0
    job_order = acme.job_orders.get()
    with pytest.raises(ValidationFailed) as no_time:
        timesheet_submit(job_order=job_order, week_starting=WEEK + dt.timedelta(days=7),
                         entries=week_entries(WEEK + dt.timedelta(days=7)))  # fmt: skip
    assert [(e.field, e.code) for e in no_time.value.errors] == [("jobOrder", "CLIENT_ON_HOLD")]


def test_the_preview_bills_what_the_run_then_bills(db):
    _approved_week("JO-1")
    _approved_week("JO-2")
    acme = Client.objects.get(code="ACME")
    period_end = WEEK + dt.timedelta(days=6)
    preview = billing_run_preview(entity=acme.entity, period_end=period_end)
    assert (preview.invoice_count, preview.line_count) == (1, 8)
    run = billing_run_execute(run_id=billing_run_start(entity=acme.entity, period_end=period_end).pk)
    assert (run.invoice_count, run.line_count, run.total) == (preview.invoice_count, preview.line_count, preview.total)
    assert preview.clients == [("ACME", 1, preview.total)]
    assert preview.total == preview.subtotal + preview.tax_total > Decimal("0")
    assert billing_run_preview(entity=acme.entity, period_end=period_end).invoice_count == 0


def test_the_dashboard_shows_the_due_run_with_its_dry_run_then_the_next_one(staff_client):
    from tests.support.graphql import gql

    _approved_week()
    query = "query($on: Date) { nextBillingRuns(on: $on) { entity cycle periodEnd due clients invoiceCount lineCount total byClient { code invoiceCount total } } }"  # noqa: E501
    today = (WEEK + dt.timedelta(days=8)).isoformat()
    (due,) = gql(staff_client, query, {"on": today})["data"]["nextBillingRuns"]
    preview = billing_run_preview(entity=Client.objects.get(code="ACME").entity, period_end=WEEK + dt.timedelta(days=6))
    assert due == {"entity": "KSAU", "cycle": "WEEKLY", "periodEnd": "2025-07-13", "due": True, "clients": ["ACME"],
                   "invoiceCount": 1, "lineCount": 4, "total": str(preview.total),
                   "byClient": [{"code": "ACME", "invoiceCount": 1, "total": str(preview.total)}]}  # fmt: skip
    assert BillingRun.objects.count() == 0  # a dry run
    scheduled_runs_start(today=WEEK + dt.timedelta(days=8))
    (following,) = gql(staff_client, query, {"on": today})["data"]["nextBillingRuns"]
    assert (following["periodEnd"], following["due"]) == ("2025-07-20", False)
