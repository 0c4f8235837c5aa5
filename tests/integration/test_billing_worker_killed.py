"""A real `manage.py rundramatiq` against a throwaway PostgreSQL database and Redis is killed with
SIGKILL in the middle of a billing run and started again: every bill line ends up on exactly one
invoice, numbers are gapless, the ledger balances."""

from __future__ import annotations

import os
import signal
import sys
import time
import uuid

import psycopg
import pytest
import redis

from tests.support.services import (
    BACKEND,
    REPO,
    base_env,
    require_services,
    run_manage,
    start_process,
    stop_process,
    throwaway_postgres_database,
)

pytestmark = pytest.mark.services
REDIS_DB = 4
LOG_DIR = REPO / "var" / "test-logs" / "billing-kill"
LINES = 24_000

SETUP = f"""
from tests.support.bulk import make_approved_bill_lines
make_approved_bill_lines(lines={LINES}, timesheets=2400, job_orders=240, clients=24)
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
            "KSERP_BILLING_CHUNK_LINES": "150",  # many small chunks, so the kill lands mid-run
            "PYTHONPATH": str(REPO),
        }
        run_manage(["shell", "-c", SETUP], env=env)
        argv = [sys.executable, "manage.py", "rundramatiq", "--processes", "1", "--threads", "2"]
        worker = start_process(argv, base_env(**env), BACKEND, LOG_DIR / "worker1.log")
        try:
            output = run_manage(["shell", "-c", START_RUN], env=env)
            run_id = int(output.split("RUN")[1].split()[0])

            def billed() -> int:
                return _query(url, f"SELECT line_count FROM orders_billingrun WHERE id = {run_id}")[0][0]

            _wait(lambda: billed() > 0, 60, "the first chunk")
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait(timeout=10)
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

        assert _query(url, "SELECT count(*), count(DISTINCT bill_line_id) FROM finance_invoiceline") == [(LINES, LINES)]
        assert _query(
            url,
            "SELECT count(*) FROM orders_billline b WHERE NOT EXISTS "
            "(SELECT 1 FROM finance_invoiceline l WHERE l.bill_line_id = b.id)",
        ) == [(0,)]
        numbers = [row[0] for row in _query(url, "SELECT number FROM finance_invoice ORDER BY number")]
        assert [int(n[-6:]) for n in numbers] == list(range(1, len(numbers) + 1))
        run = _query(url, f"SELECT line_count, invoice_count, attempts FROM orders_billingrun WHERE id = {run_id}")[0]
        assert run[0] == LINES and run[1] == len(numbers) and run[2] >= 2
        assert _query(url, "SELECT sum(debit) - sum(credit) FROM finance_journalline")[0][0] == 0
        assert _query(
            url,
            "SELECT count(*) FROM (SELECT journal_id FROM finance_journalline GROUP BY journal_id "
            "HAVING sum(debit) <> sum(credit)) unbalanced",
        ) == [(0,)]
