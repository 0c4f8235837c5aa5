"""A real `manage.py rundramatiq` against a throwaway PostgreSQL database and Redis is killed with
SIGKILL in the middle of a pay run and started again: every pay line is paid exactly once, RCTI
and payslip numbers are gapless, every journal balances."""

from __future__ import annotations

import os
import sys
import uuid

import pytest
import redis

from tests.integration.test_billing_worker_killed import _query, _wait, kill_mid_run
from tests.support.services import (
    BACKEND,
    REPO,
    RowLock,
    base_env,
    require_services,
    run_manage,
    start_process,
    stop_process,
    throwaway_postgres_database,
)

pytestmark = pytest.mark.services
#: The Redis database of this environment (each developer's own); the queue namespace is unique per
#: run, so nothing is flushed.
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/5")
LOG_DIR = REPO / "var" / "test-logs" / "pay-run-kill"
WORKERS = 2400
LINES = WORKERS * 10

SETUP = f"""
from tests.support.bulk_pay import make_approved_pay_lines
make_approved_pay_lines(workers={WORKERS})
"""
START_RUN = """
from kserp.base.models import Entity
from kserp.payroll.runs import pay_run_start
from tests.support.bulk_pay import PERIOD_END
run = pay_run_start(entity=Entity.objects.get(code="KSAU"), period_end=PERIOD_END)
print("RUN", run.pk)
"""

#: The last payee's row (the plan pays payees in id order): the last chunk waits at its commit.
LAST_PAYEE_LOCK = "SELECT 1 FROM crm_payee WHERE id = (SELECT max(id) FROM crm_payee) FOR UPDATE"


def test_a_worker_killed_mid_pay_run_loses_nothing_and_pays_nothing_twice():
    require_services()
    redis.Redis.from_url(REDIS_URL).ping()
    with throwaway_postgres_database() as url:
        env = {
            "DATABASE_URL": url,
            "REDIS_URL": REDIS_URL,
            "KSERP_DRAMATIQ_NAMESPACE": f"kserp-paykill-{uuid.uuid4().hex[:6]}",
            "KSERP_DRAMATIQ_HEARTBEAT_MS": "3000",
            "KSERP_DRAMATIQ_MAINTENANCE_CHANCE": "1000000",  # requeue dead workers' messages at once
            "KSERP_PAY_RUN_CHUNK_LINES": "150",  # many chunks: the kill lands between committed ones
            "PYTHONPATH": str(REPO),
        }
        run_manage(["shell", "-c", SETUP], env=env)
        argv = [sys.executable, "manage.py", "rundramatiq", "--processes", "1", "--threads", "2"]
        worker = start_process(argv, base_env(**env), BACKEND, LOG_DIR / "worker1.log")
        try:
            with RowLock(url, LAST_PAYEE_LOCK) as lock:
                output = run_manage(["shell", "-c", START_RUN], env=env)
                run_id = int(output.split("RUN")[1].split()[0])

                def paid() -> int:
                    return _query(url, f"SELECT line_count FROM payroll_payrun WHERE id = {run_id}")[0][0]

                kill_mid_run(url, worker, lock, paid)
            status, partial = _query(url, f"SELECT status, line_count FROM payroll_payrun WHERE id = {run_id}")[0]
            assert status == "RUNNING" and 0 < partial < LINES, (status, partial)

            worker = start_process(argv, base_env(**env), BACKEND, LOG_DIR / "worker2.log")
            _wait(
                lambda: _query(url, f"SELECT status FROM payroll_payrun WHERE id = {run_id}")[0][0] == "COMPLETED",
                120,
                "the re-delivered run to complete",
            )
        finally:
            stop_process(worker)

        assert _query(url, "SELECT count(*), count(DISTINCT pay_line_id) FROM payroll_payrunline") == [(LINES, LINES)]
        assert _query(url, "SELECT count(*), count(DISTINCT payee_id) FROM payroll_payrunpayment") == [
            (WORKERS, WORKERS)
        ]
        for kind, count in (("RCTI", WORKERS // 4), ("PAYSLIP", WORKERS - WORKERS // 4)):
            numbers = [r[0] for r in _query(url, f"SELECT number FROM payroll_payrunpayment WHERE kind = '{kind}'")]
            assert sorted(int(n[-6:]) for n in numbers) == list(range(1, count + 1)), kind
        run = _query(url, f"SELECT line_count, payment_count, attempts FROM payroll_payrun WHERE id = {run_id}")[0]
        assert run[0] == LINES and run[1] == WORKERS and run[2] >= 2
        assert _query(url, "SELECT sum(debit) - sum(credit) FROM finance_journalline")[0][0] == 0
        assert _query(
            url,
            "SELECT count(*) FROM (SELECT journal_id FROM finance_journalline GROUP BY journal_id "
            "HAVING sum(debit) <> sum(credit)) unbalanced",
        ) == [(0,)]
        # each payment's lines add up to its gross, as paid
        assert _query(
            url,
            "SELECT count(*) FROM payroll_payrunpayment p WHERE p.gross <> "
            "(SELECT sum(amount) FROM payroll_payrunline l WHERE l.payment_id = p.id)",
        ) == [(0,)]
