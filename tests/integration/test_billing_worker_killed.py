"""A real worker is killed with SIGKILL in the middle of a billing run, in both modes: every bill
line ends up on exactly one invoice, numbers are gapless, the ledger balances.

- services mode, `manage.py rundramatiq` against a throwaway PostgreSQL database and Redis: the
  run finishes through dramatiq's own redelivery, and — with redelivery off — through the stale-job
  watch of the next worker (kserp/base/jobs.py), which finds the run stale and resumes it;
- embedded mode, a daphne process with its worker thread: the restarted server's watch marks the
  run FAILED (auto-resume off) and `retryBillingRun` completes it."""

from __future__ import annotations

import os
import signal
import sys
import time
import uuid

import httpx
import psycopg
import pytest
import redis

from tests.support.services import (
    BACKEND,
    REPO,
    VENV_BIN,
    RowLock,
    base_env,
    free_port,
    require_services,
    run_manage,
    start_process,
    stop_process,
    throwaway_postgres_database,
    wait_for_http,
)

pytestmark = pytest.mark.services
REDIS_DB = 4
LOG_DIR = REPO / "var" / "test-logs" / "billing-kill"
LINES = 24_000

SETUP = f"""
from tests.support.bulk import make_approved_bill_lines
make_approved_bill_lines(lines={LINES}, timesheets=2400, job_orders=240, clients=240)
"""
START_RUN = """
import datetime as dt
from kserp.base.models import Entity
from kserp.billing.runs import billing_run_start
run = billing_run_start(entity=Entity.objects.get(code="KSAU"), period_end=dt.date(2026, 12, 31))
print("RUN", run.pk)
"""


def _query(url: str, sql: str) -> list[tuple]:
    with psycopg.connect(url) as conn:
        return conn.execute(sql).fetchall()


def _wait(predicate, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


#: The last client's row: the chunk that invoices it waits at its commit (RowLock), after the
#: earlier chunks have committed.
LAST_CLIENT_LOCK = (
    "SELECT 1 FROM crm_client WHERE id = "
    "(SELECT client_id FROM orders_billline ORDER BY timesheet_id DESC, id DESC LIMIT 1) FOR UPDATE"
)


def kill_mid_run(url: str, process, lock: RowLock, done) -> None:
    """Once `done()` (lines committed) is positive and a later chunk waits for `lock`, SIGKILL the
    process group, end its waiting session (its transaction rolls back, as when PostgreSQL notices
    the dead client) and release the lock."""
    _wait(lambda: done() > 0 and bool(lock.waiters()), 60, "a committed chunk and a chunk waiting on the lock")
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=10)
    lock.end_waiters()
    lock.release()


def test_a_worker_killed_mid_run_loses_nothing_and_bills_nothing_twice():
    require_services()
    redis.Redis.from_url(f"redis://127.0.0.1:6379/{REDIS_DB}").flushdb()
    with throwaway_postgres_database() as url:
        env = {
            "DATABASE_URL": url,
            "REDIS_URL": f"redis://127.0.0.1:6379/{REDIS_DB}",
            "KSERP_DRAMATIQ_NAMESPACE": f"kserp-kill-{uuid.uuid4().hex[:6]}",
            "KSERP_DRAMATIQ_HEARTBEAT_MS": "3000",
            "KSERP_DRAMATIQ_MAINTENANCE_CHANCE": "1000000",  # requeue dead workers' messages at once
            "KSERP_BILLING_CHUNK_LINES": "150",  # many chunks: the kill lands between committed ones
            "PYTHONPATH": str(REPO),
        }
        run_manage(["shell", "-c", SETUP], env=env)
        argv = [sys.executable, "manage.py", "rundramatiq", "--processes", "1", "--threads", "2"]
        worker = start_process(argv, base_env(**env), BACKEND, LOG_DIR / "worker1.log")
        try:
            with RowLock(url, LAST_CLIENT_LOCK) as lock:
                output = run_manage(["shell", "-c", START_RUN], env=env)
                run_id = int(output.split("RUN")[1].split()[0])
                kill_mid_run(url, worker, lock, lambda: _run_row(url, run_id)[1])
            status, partial = _query(url, f"SELECT status, line_count FROM orders_billingrun WHERE id = {run_id}")[0]
            assert status == "RUNNING" and 0 < partial < LINES, (status, partial)

            worker = start_process(argv, base_env(**env), BACKEND, LOG_DIR / "worker2.log")
            _wait(
                lambda: _query(url, f"SELECT status FROM orders_billingrun WHERE id = {run_id}")[0][0] == "COMPLETED",
                90,
                "the re-delivered run to complete",
            )
        finally:
            stop_process(worker)

        _assert_billed_exactly_once(url, run_id, LINES)


def _assert_billed_exactly_once(url: str, run_id: int, lines: int) -> None:
    assert _query(url, "SELECT count(*), count(DISTINCT bill_line_id) FROM finance_invoiceline") == [(lines, lines)]
    assert _query(
        url,
        "SELECT count(*) FROM orders_billline b WHERE NOT EXISTS "
        "(SELECT 1 FROM finance_invoiceline l WHERE l.bill_line_id = b.id)",
    ) == [(0,)]
    numbers = [row[0] for row in _query(url, "SELECT number FROM finance_invoice ORDER BY number")]
    assert [int(n[-6:]) for n in numbers] == list(range(1, len(numbers) + 1))
    run = _query(url, f"SELECT line_count, invoice_count, attempts FROM orders_billingrun WHERE id = {run_id}")[0]
    assert run[0] == lines and run[1] == len(numbers) and run[2] >= 2
    assert _query(url, "SELECT sum(debit) - sum(credit) FROM finance_journalline")[0][0] == 0
    assert _query(
        url,
        "SELECT count(*) FROM (SELECT journal_id FROM finance_journalline GROUP BY journal_id "
        "HAVING sum(debit) <> sum(credit)) unbalanced",
    ) == [(0,)]


def _run_row(url: str, run_id: int) -> tuple:
    return _query(url, f"SELECT status, line_count, failure_reason FROM orders_billingrun WHERE id = {run_id}")[0]


SMALL = 3_000
SMALL_SETUP = f"""
from tests.support.bulk import make_approved_bill_lines
make_approved_bill_lines(lines={SMALL}, timesheets=300, job_orders=60, clients=60)
"""
FAST_WATCH = {  # a run without progress for 3 s, whose worker said nothing for 2 s, is stale
    "KSERP_JOB_STALE_SECONDS": "3",
    "KSERP_JOB_ALIVE_SECONDS": "2",
    "KSERP_JOB_SWEEP_SECONDS": "1",
    "KSERP_BILLING_CHUNK_LINES": "10",  # 300 chunks: the kill lands mid-run even on a quiet machine
    "KSERP_EMBEDDED_SCHEDULER": "0",  # the billing scheduler would bill the lines itself
    "PYTHONPATH": str(REPO),
}


def test_a_killed_worker_without_redelivery_is_found_stale_and_resumed_by_the_next_worker():
    require_services()
    redis.Redis.from_url(f"redis://127.0.0.1:6379/{REDIS_DB}").flushdb()
    with throwaway_postgres_database() as url:
        env = {
            "DATABASE_URL": url,
            "REDIS_URL": f"redis://127.0.0.1:6379/{REDIS_DB}",
            "KSERP_DRAMATIQ_NAMESPACE": f"kserp-stale-{uuid.uuid4().hex[:6]}",
            "KSERP_DRAMATIQ_MAINTENANCE_CHANCE": "0",  # dramatiq never requeues the dead worker's message
            "KSERP_CACHE_PREFIX": f"stale-{uuid.uuid4().hex[:6]}",
            **FAST_WATCH,
        }
        run_manage(["shell", "-c", SMALL_SETUP], env=env)
        argv = [sys.executable, "manage.py", "rundramatiq", "--processes", "1", "--threads", "2"]
        worker = start_process(argv, base_env(**env), BACKEND, LOG_DIR / "stale-worker1.log")
        try:
            with RowLock(url, LAST_CLIENT_LOCK) as lock:
                output = run_manage(["shell", "-c", START_RUN], env=env)
                run_id = int(output.split("RUN")[1].split()[0])
                kill_mid_run(url, worker, lock, lambda: _run_row(url, run_id)[1])
            status, partial, _ = _run_row(url, run_id)
            assert status == "RUNNING" and 0 < partial < SMALL, (status, partial)

            worker = start_process(argv, base_env(**env), BACKEND, LOG_DIR / "stale-worker2.log")
            _wait(lambda: _run_row(url, run_id)[0] == "COMPLETED", 120, "the stale run to be resumed and complete")
        finally:
            stop_process(worker)
        assert "is stale and marked FAILED" in (LOG_DIR / "stale-worker2.log").read_text()
        _assert_billed_exactly_once(url, run_id, SMALL)


START_RUN_HTTP = """mutation { startBillingRun(input: {entity: "KSAU", periodEnd: "2026-12-31"}) {
  billingRun { id } errors { code message } } }"""
RETRY_HTTP = "mutation($id: ID!) { retryBillingRun(id: $id) { billingRun { status } errors { code message } } }"
TOKEN = """
from kserp.identity.models import User
from django.contrib.auth.models import Permission
from kserp.identity.tokens import api_token_issue
user = User.objects.create_user(username="biller", password="pw-biller-123", is_staff=True)
user.user_permissions.set(Permission.objects.filter(content_type__app_label="identity", codename="run_billing"))
print("TOKEN", api_token_issue(user=user, scopes=("read", "write", "billing")).value)
"""


def test_an_embedded_server_killed_mid_run_leaves_a_failed_run_that_retry_completes():
    require_services()  # PostgreSQL (the mode is embedded: no Redis)
    with throwaway_postgres_database() as url:
        env = {
            "DATABASE_URL": url,
            "REDIS_URL": "",
            "KSERP_JOB_AUTO_RESUME": "0",  # the watch marks it FAILED; the person retries
            **FAST_WATCH,
        }
        run_manage(["shell", "-c", SMALL_SETUP], env=env)
        token = run_manage(["shell", "-c", TOKEN], env=env).split("TOKEN")[1].split()[0]
        port = free_port()
        argv = [str(VENV_BIN / "daphne"), "-b", "127.0.0.1", "-p", str(port), "config.asgi:application"]
        server_env = base_env(**env)
        server_env.pop("REDIS_URL")
        graphql = f"http://127.0.0.1:{port}/graphql"
        headers = {"Authorization": f"Bearer {token}"}
        lock = RowLock(url, LAST_CLIENT_LOCK)
        server = start_process(argv, server_env, BACKEND, LOG_DIR / "embedded1.log")
        try:
            wait_for_http(f"http://127.0.0.1:{port}/healthz", process=server)
            started = httpx.post(graphql, json={"query": START_RUN_HTTP}, headers=headers, timeout=30).json()
            assert started["data"]["startBillingRun"]["errors"] == [], started
            global_id = started["data"]["startBillingRun"]["billingRun"]["id"]
            run_id = _query(url, "SELECT max(id) FROM orders_billingrun")[0][0]
            kill_mid_run(url, server, lock, lambda: _run_row(url, run_id)[1])
            assert _run_row(url, run_id)[0] == "RUNNING"

            server = start_process(argv, server_env, BACKEND, LOG_DIR / "embedded2.log")
            wait_for_http(f"http://127.0.0.1:{port}/healthz", process=server)  # starts the worker and its watch
            _wait(lambda: _run_row(url, run_id)[0] == "FAILED", 60, "the watch to mark the stale run FAILED")
            assert _run_row(url, run_id)[2].startswith("Stale: No progress since ")
            retried = httpx.post(
                graphql, json={"query": RETRY_HTTP, "variables": {"id": global_id}}, headers=headers, timeout=30
            ).json()
            assert retried == {"data": {"retryBillingRun": {"billingRun": {"status": "QUEUED"}, "errors": []}}}
            _wait(lambda: _run_row(url, run_id)[0] == "COMPLETED", 120, "the retried run to complete")
        finally:
            lock.release()
            stop_process(server)
        _assert_billed_exactly_once(url, run_id, SMALL)
