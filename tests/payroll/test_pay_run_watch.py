"""Pay runs under the stale-run watch (kserp/base/jobs.py), refused in a locked period, and not
before the entity's books start. The multi-process kill test is
tests/integration/test_pay_run_worker_killed.py."""

from __future__ import annotations

import contextlib
import datetime as dt
from unittest import mock

import pytest
from django.utils import timezone
from strawberry import relay

from kserp.base import jobs
from kserp.errors import ValidationFailed
from kserp.finance.models import Journal
from kserp.finance.periods import period_lock
from kserp.payroll import posting
from kserp.payroll.models import PayRun, PayRunPayment, PayRunStatus
from kserp.payroll.runs import pay_run_execute, pay_run_mark_paid, pay_run_start
from tests.payroll.test_payroll_api import _client
from tests.support.graphql import gql
from tests.support.payroll import assert_paid_exactly_once, make_payee, place, work_the_week

PERIOD_END = dt.date(2025, 10, 12)  # paid 2025-10-15 on the default weekly schedule
SCALE_2 = {"tfn_provided": True, "tax_free_threshold": True, "foreign_resident": False}
RETRY = "mutation($id: ID!) { retryPayRun(id: $id) { payRun { status } errors { field code message } } }"
START = """mutation($input: StartPayRunInput!) { startPayRun(input: $input) {
  payRun { id } errors { field code message } } }"""
PAID = "mutation($id: ID!) { markPayRunPaid(id: $id) { payRun { paidAt } errors { field code message } } }"


def _three_workers():
    job_orders = [place(make_payee(code, **SCALE_2), f"JO-{code}") for code in ("E1", "E2", "E3")]
    for job_order in job_orders:
        work_the_week(job_order)
    return job_orders[0].entity


def _run_left_running_by_a_dead_worker(minutes_ago: int = 10) -> PayRun:
    """A run that paid its first payee (one chunk each) in a worker that then died."""
    run = pay_run_start(entity=_three_workers(), period_end=PERIOD_END)
    real_chunk = posting.pay_chunk
    calls = []

    def die_after_first_chunk(*args, **kwargs):
        if calls:
            raise SystemExit("worker killed")
        calls.append(1)
        return real_chunk(*args, **kwargs)

    chunks = mock.patch.object(posting, "CHUNK_LINES", 1)
    with mock.patch.object(posting, "pay_chunk", die_after_first_chunk), chunks, contextlib.suppress(SystemExit):
        pay_run_execute(run_id=run.pk)
    past = timezone.now() - dt.timedelta(minutes=minutes_ago)
    PayRun.objects.filter(pk=run.pk).update(status="RUNNING", heartbeat_at=past, worker="gone-host:4242")
    return PayRun.objects.get(pk=run.pk)


def test_each_chunk_beats_the_heart(db):
    run = pay_run_start(entity=_three_workers(), period_end=PERIOD_END)
    with mock.patch.object(posting, "CHUNK_LINES", 1), mock.patch.object(posting, "job_beat") as beat:
        pay_run_execute(run_id=run.pk)
    assert [c.args for c in beat.call_args_list] == [(PayRun, run.pk)] * 3  # one per payee chunk
    run.refresh_from_db()
    assert (run.status, run.worker == jobs.worker_id(), run.heartbeat_at is not None) == ("COMPLETED", True, True)


def test_pay_runs_are_registered_with_the_watch(db):
    assert [j.name for j in jobs.registered() if j.model is PayRun] == ["pay run"]


def test_a_pay_run_whose_heartbeat_is_old_is_stale(db, settings):
    settings.KSERP_JOB_STALE_SECONDS = 60
    run = _run_left_running_by_a_dead_worker()
    assert (run.payment_count, run.line_count) == (1, 6)
    reason = jobs.stale_reason(run)
    assert reason is not None and reason.endswith("and its worker gone-host:4242 is gone.")
    run.heartbeat_at = timezone.now()  # progress within the minute: not stale
    assert jobs.stale_reason(run) is None


def test_the_watch_fails_a_stale_pay_run_and_resumes_it_paying_nothing_twice(
    db, settings, django_capture_on_commit_callbacks
):
    settings.KSERP_JOB_STALE_SECONDS = 60
    run = _run_left_running_by_a_dead_worker()
    sent = []
    send = mock.patch("kserp.payroll.actors.pay_run_actor.send", side_effect=sent.append)
    with send, django_capture_on_commit_callbacks(execute=True):
        found = jobs.stale_jobs_recover()
    assert found == [("pay run", run.pk)]
    run.refresh_from_db()
    assert (run.status, run.worker, sent) == ("QUEUED", "", [run.pk])
    pay_run_execute(run_id=run.pk)  # what the re-sent message does
    run.refresh_from_db()
    assert (run.status, run.payment_count, run.line_count, run.attempts) == ("COMPLETED", 3, 18, 2)
    assert_paid_exactly_once()


def test_without_auto_resume_the_stale_pay_run_is_failed_with_the_reason(db, settings):
    settings.KSERP_JOB_STALE_SECONDS = 60
    settings.KSERP_JOB_AUTO_RESUME = False
    run = _run_left_running_by_a_dead_worker()
    assert jobs.stale_jobs_recover() == [("pay run", run.pk)]
    run.refresh_from_db()
    assert run.status == "FAILED"
    assert run.failure_reason.startswith("Stale: No progress since ")


def test_retry_pay_run_completes_a_stale_run_and_refuses_a_live_one(db, settings, django_capture_on_commit_callbacks):
    finance = _client("fiona", "finance")
    settings.KSERP_JOB_STALE_SECONDS = 600
    run = _run_left_running_by_a_dead_worker(minutes_ago=1)
    run_id = str(relay.to_base64("PayRun", run.pk))
    with mock.patch("kserp.payroll.actors.pay_run_actor.send") as send:
        refused = gql(finance, RETRY, {"id": run_id})["data"]["retryPayRun"]
    assert refused["errors"] == [
        {
            "field": "id",
            "code": "RUN_NOT_RETRYABLE",
            "message": "Only a FAILED or stale run can be retried (this one is RUNNING, and making progress).",
        }
    ]
    send.assert_not_called()

    settings.KSERP_JOB_STALE_SECONDS = 30
    with (
        mock.patch("kserp.payroll.actors.pay_run_actor.send") as send,
        django_capture_on_commit_callbacks(execute=True),
    ):
        body = gql(finance, RETRY, {"id": run_id})
    assert body["data"]["retryPayRun"] == {"payRun": {"status": "QUEUED"}, "errors": []}
    send.assert_called_once_with(run.pk)
    pay_run_execute(run_id=run.pk)
    run.refresh_from_db()
    assert (run.status, run.line_count) == ("COMPLETED", 18)
    assert_paid_exactly_once()
    again = gql(finance, RETRY, {"id": run_id})["data"]["retryPayRun"]["errors"]
    assert [e["code"] for e in again] == ["RUN_NOT_RETRYABLE"]


# --- period locks ------------------------------------------------------------------------------
def test_a_pay_run_whose_pay_date_is_in_a_locked_period_is_refused_naming_the_lock(db):
    finance = _client("fiona", "finance")
    entity = _three_workers()
    period_lock(entity=entity, through=dt.date(2025, 10, 15))  # the pay date of the period end
    body = gql(finance, START, {"input": {"entity": "KSAU", "periodEnd": PERIOD_END.isoformat()}})
    started = body["data"]["startPayRun"]
    assert started["payRun"] is None
    assert [(e["field"], e["code"]) for e in started["errors"]] == [("periodEnd", "PERIOD_LOCKED")]
    assert "locked through 2025-10-15" in started["errors"][0]["message"]
    assert (PayRun.objects.count(), Journal.objects.count()) == (0, 0)


def test_marking_paid_on_a_pay_date_in_a_locked_period_is_refused_and_stores_nothing(db):
    finance = _client("fiona", "finance")
    entity = _three_workers()
    run = pay_run_execute(run_id=pay_run_start(entity=entity, period_end=PERIOD_END).pk)
    assert run is not None and run.status == PayRunStatus.COMPLETED
    journals = Journal.objects.count()
    period_lock(entity=entity, through=dt.date(2025, 10, 31))
    body = gql(finance, PAID, {"id": str(relay.to_base64("PayRun", run.pk))})["data"]["markPayRunPaid"]
    assert body["payRun"] is None
    assert [(e["field"], e["code"]) for e in body["errors"]] == [("id", "PERIOD_LOCKED")]
    assert "locked through 2025-10-31" in body["errors"][0]["message"]
    run.refresh_from_db()
    assert (run.paid_at, run.payment_journal_id, Journal.objects.count()) == (None, None, journals)
    with pytest.raises(ValidationFailed):
        pay_run_mark_paid(run=run)


def test_a_chunk_dated_in_a_lock_set_after_the_start_fails_the_run_and_stores_nothing(db):
    entity = _three_workers()
    run = pay_run_start(entity=entity, period_end=PERIOD_END)
    period_lock(entity=entity, through=dt.date(2025, 10, 31))  # locked while the run was queued
    with pytest.raises(ValidationFailed) as failed:
        pay_run_execute(run_id=run.pk)
    assert [e.code for e in failed.value.errors] == ["PERIOD_LOCKED"]
    run.refresh_from_db()
    assert run.status == "FAILED" and "locked through 2025-10-31" in run.failure_reason
    assert (PayRunPayment.objects.count(), Journal.objects.count()) == (0, 0)
