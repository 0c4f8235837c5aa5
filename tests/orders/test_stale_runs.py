"""A billing run whose worker died is found stale, marked FAILED and resumed (kserp/base/jobs.py);
`retryBillingRun` completes it, every line billed once, numbers gapless. The multi-process
versions (SIGKILL of a real worker, both modes) are in tests/integration/test_billing_worker_killed.py."""

from __future__ import annotations

import contextlib
import datetime as dt
from unittest import mock

from django.utils import timezone
from strawberry import relay

from kserp.base import jobs
from kserp.billing import posting
from kserp.billing.models import BillingRun
from kserp.billing.runs import billing_run_execute, billing_run_start
from tests.support.billing import approve_weeks, assert_billed_exactly_once
from tests.support.graphql import gql
from tests.support.orders import make_client, make_job_order

RETRY = "mutation($id: ID!) { retryBillingRun(id: $id) { billingRun { status } errors { code message } } }"


def _run_left_running_by_a_dead_worker(minutes_ago: int = 10) -> BillingRun:
    """A run that billed its first chunk in a worker that then died."""
    job_order = make_job_order(client=make_client(grouping="TIMESHEET"))  # 3 invoices of 4 lines
    approve_weeks(job_order, weeks=3)
    run = billing_run_start(entity=job_order.entity, period_end=dt.date(2025, 12, 31))
    real_bill_chunk = posting._bill_chunk
    calls = []

    def die_after_first_chunk(*args, **kwargs):
        if calls:
            raise SystemExit("worker killed")
        calls.append(1)
        return real_bill_chunk(*args, **kwargs)

    chunks = mock.patch.object(posting, "CHUNK_LINES", 4)
    with mock.patch.object(posting, "_bill_chunk", die_after_first_chunk), chunks, contextlib.suppress(SystemExit):
        billing_run_execute(run_id=run.pk)
    past = timezone.now() - dt.timedelta(minutes=minutes_ago)
    BillingRun.objects.filter(pk=run.pk).update(status="RUNNING", heartbeat_at=past, worker="gone-host:4242")
    return BillingRun.objects.get(pk=run.pk)


def test_a_running_run_of_a_dead_worker_is_stale(db, settings):
    settings.KSERP_JOB_STALE_SECONDS = 60
    run = _run_left_running_by_a_dead_worker()
    assert 0 < run.line_count < 12
    reason = jobs.stale_reason(run)
    assert reason is not None and reason.endswith("and its worker gone-host:4242 is gone.")


def test_a_run_making_progress_or_with_a_live_worker_is_not_stale(db, settings):
    settings.KSERP_JOB_STALE_SECONDS = 60
    run = _run_left_running_by_a_dead_worker()
    run.heartbeat_at = timezone.now()
    assert jobs.stale_reason(run) is None  # progress within the minute
    run.heartbeat_at = timezone.now() - dt.timedelta(minutes=10)
    run.worker = jobs.worker_id()  # this very process: alive
    assert jobs.stale_reason(run) is None
    run.worker = "other-host:7"
    with mock.patch.object(jobs, "worker_alive", return_value=True):
        assert jobs.stale_reason(run) is None


def test_the_watch_marks_a_stale_run_failed_and_resumes_it_to_completion(
    db, settings, django_capture_on_commit_callbacks
):
    settings.KSERP_JOB_STALE_SECONDS = 60
    run = _run_left_running_by_a_dead_worker()
    sent = []
    send = mock.patch("kserp.billing.actors.billing_run_actor.send", side_effect=sent.append)
    with send, django_capture_on_commit_callbacks(execute=True):
        found = jobs.stale_jobs_recover()
    assert found == [("billing run", run.pk)]
    run.refresh_from_db()
    assert (run.status, run.worker, sent) == ("QUEUED", "", [run.pk])
    billing_run_execute(run_id=run.pk)  # what the re-sent message does
    run.refresh_from_db()
    assert (run.status, run.line_count, run.attempts) == ("COMPLETED", 12, 2)
    assert_billed_exactly_once()


def test_without_auto_resume_the_stale_run_is_failed_with_the_reason(db, settings):
    settings.KSERP_JOB_STALE_SECONDS = 60
    settings.KSERP_JOB_AUTO_RESUME = False
    run = _run_left_running_by_a_dead_worker()
    assert jobs.stale_jobs_recover() == [("billing run", run.pk)]
    run.refresh_from_db()
    assert run.status == "FAILED"
    assert run.failure_reason.startswith("Stale: No progress since ")


def test_retry_billing_run_completes_a_stale_run(staff_client, settings, django_capture_on_commit_callbacks):
    settings.KSERP_JOB_STALE_SECONDS = 60
    run = _run_left_running_by_a_dead_worker()
    sending = mock.patch("kserp.billing.actors.billing_run_actor.send")
    with sending as send, django_capture_on_commit_callbacks(execute=True):
        body = gql(staff_client, RETRY, {"id": str(relay.to_base64("BillingRun", run.pk))})
    assert body["data"]["retryBillingRun"] == {"billingRun": {"status": "QUEUED"}, "errors": []}
    send.assert_called_once_with(run.pk)
    billing_run_execute(run_id=run.pk)
    run.refresh_from_db()
    assert (run.status, run.line_count) == ("COMPLETED", 12)
    assert_billed_exactly_once()


def test_retry_refuses_a_run_that_is_making_progress(staff_client, settings):
    settings.KSERP_JOB_STALE_SECONDS = 600
    run = _run_left_running_by_a_dead_worker(minutes_ago=1)
    with mock.patch("kserp.billing.actors.billing_run_actor.send") as send:
        body = gql(staff_client, RETRY, {"id": str(relay.to_base64("BillingRun", run.pk))})
    assert body["data"]["retryBillingRun"]["errors"] == [
        {
            "code": "RUN_NOT_RETRYABLE",
            "message": "Only a FAILED or stale run can be retried (this one is RUNNING, and making progress).",
        }
    ]
    send.assert_not_called()
    run.refresh_from_db()
    assert run.status == "RUNNING"
