"""Benchmark of insight queries on PostgreSQL (issue 15): on 1,000,000 bill lines and 100,000
invoices, margin by client for a quarter ≤ 300 ms, ageing ≤ 200 ms, the 13-week forecast ≤ 500 ms,
and the live path (a timesheet's bill lines committed → 100 `marginByChanged` subscribers holding
the new figures) ≤ 1 s.

    .venv/bin/python bench/bench_insight.py [--lines 1000000] [--invoices 100000] [--database URL]

`--database URL` uses that (migrated) database instead of a throwaway one, generating the data only
when it has no bill lines yet, and keeps it (for profiling: generating 1M lines takes minutes).

Makes a throwaway database (migrated), creates 500 clients and 5,000 active job orders through the
ORM, then timesheets, bill lines (4 per timesheet, 50 weeks), invoices and receipts with SQL
(`INSERT ... SELECT generate_series`). Each figure is the median of 7 timed runs after one warm-up,
in one process. Writes bench/results/insight.json and insight.md.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import statistics
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "backend"))
RESULTS = ROOT / "bench" / "results"
TODAY = date(2026, 6, 3)  # a Wednesday; bill lines cover the 50 weeks before it
CLIENTS = 500
JOBS = 5000


def timed(fn, runs: int = 7) -> float:
    fn()
    samples = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t0) * 1000)
    return round(statistics.median(samples), 1)


def generate(lines: int, invoices: int) -> None:
    from django.db import connection, transaction

    from kserp.base.models import Entity
    from kserp.crm.models import Client, Payee
    from kserp.orders.models import JobOrder, JobOrderStatus
    from tests.support.orders import make_rates

    pay, bill = make_rates()
    entity = Entity.objects.create(
        code="KSAU", name="KS AU", country="AU", brand="KS", currency="AUD", tax_rate=10, invoice_prefix="AU-"
    )
    with transaction.atomic():
        clients = Client.objects.bulk_create(
            Client(code=f"C{n:04d}", name=f"Client {n}", entity=entity, payment_terms_days=14 + n % 3 * 8)
            for n in range(CLIENTS)
        )
        payees = Payee.objects.bulk_create(
            Payee(code=f"P{n:05d}", name=f"Worker {n}", kind="EMPLOYEE") for n in range(JOBS)
        )
        JobOrder.objects.bulk_create(
            JobOrder(
                code=f"J{n:05d}",
                client=clients[n % CLIENTS],
                payee=payees[n],
                entity=entity,
                title="Operator",
                start=TODAY - timedelta(weeks=60),
                end=TODAY + timedelta(weeks=(n % 20) + 1),
                path={"state": "NSW"},
                pay_agreement=pay,
                bill_agreement=bill,
                status=JobOrderStatus.ACTIVE,
                division=f"D{n % 7}",
            )
            for n in range(JOBS)
        )
    weeks = lines // (JOBS * 4)
    first_monday = TODAY - timedelta(days=TODAY.weekday()) - timedelta(weeks=weeks)
    with connection.cursor() as cur:
        cur.execute(
            """INSERT INTO orders_timesheet (job_order_id, week_starting, status, rejection_reason, approved_at,
                 created_at, updated_at)
               SELECT j.id, %s::date + 7 * w, 'APPROVED', '', now(), now(), now()
               FROM orders_joborder j, generate_series(0, %s - 1) w""",
            [first_monday, weeks],
        )
        cur.execute(
            """INSERT INTO orders_billline (timesheet_id, job_order_id, client_id, entity_id, position, work_date,
                 week_ending, pay_code, description, quantity, pay_rate, bill_rate, wage, bill_amount, oncost_total,
                 gross_margin)
               SELECT t.id, t.job_order_id, j.client_id, j.entity_id, p, t.week_starting, t.week_starting + 6,
                 CASE WHEN p = 3 THEN 'OT150' ELSE 'ORD' END, 'Ordinary hours', 7.6, 28, 39.20,
                 212.80 + (j.id % 5), 297.92 + (j.id % 11), 25.54, 297.92 + (j.id % 11) - 212.80 - (j.id % 5) - 25.54
               FROM orders_timesheet t JOIN orders_joborder j ON j.id = t.job_order_id, generate_series(0, 3) p"""
        )
        # Invoices over the 50 weeks, one in five still open; receipts for the rest.
        cur.execute(
            """INSERT INTO finance_invoice (number, entity_id, client_id, status, issue_date, due_date, currency,
                 tax_rate, subtotal, tax_total, total, amount_paid, amount_credited, created_at, updated_at)
               SELECT 'AU-' || lpad(n::text, 7, '0'), %s, c.id,
                 CASE WHEN n %% 5 = 0 THEN 'ISSUED' ELSE 'PAID' END,
                 %s::date + (n %% 350), %s::date + (n %% 350) + c.payment_terms_days, 'AUD', 10,
                 1000 + n %% 997, round((1000 + n %% 997) * 0.1, 2), round((1000 + n %% 997) * 1.1, 2),
                 CASE WHEN n %% 5 = 0 THEN 0 ELSE round((1000 + n %% 997) * 1.1, 2) END, 0, now(), now()
               FROM generate_series(1, %s) n
               JOIN crm_client c ON c.code = 'C' || lpad((n %% %s)::text, 4, '0')""",
            [entity.pk, first_monday, first_monday, invoices, CLIENTS],
        )
        cur.execute(
            """INSERT INTO finance_receipt (entity_id, client_id, amount, received_on, reference, unapplied, refunded,
                 status, reversal_reason, created_at, updated_at)
               SELECT entity_id, client_id, total, LEAST(due_date + (id %% 23)::int - 5, %s::date), id::text, 0, 0,
                 'ACTIVE', '', now(), now()
               FROM finance_invoice WHERE status = 'PAID'""",
            [TODAY],
        )
        cur.execute(
            """INSERT INTO finance_receiptallocation (receipt_id, invoice_id, amount, allocated_on, created_at)
               SELECT id, reference::bigint, amount, received_on, now() FROM finance_receipt"""
        )
        cur.execute("ANALYZE")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--invoices", type=int, default=100_000)
    parser.add_argument("--database", help="an existing migrated database to use and keep")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from tests.support.services import throwaway_postgres_database

    with contextlib.nullcontext(args.database) if args.database else throwaway_postgres_database() as url:
        os.environ["DATABASE_URL"] = url
        import django

        django.setup()
        from kserp.analytics import forecast, late_payers, margins, selectors
        from kserp.base.models import Entity
        from kserp.orders.models import BillLine

        t0 = time.perf_counter()
        if not BillLine.objects.exists():
            generate(args.lines, args.invoices)
        generated_s = round(time.perf_counter() - t0, 1)  # 0.0: the data was there already
        entity = Entity.objects.get()
        quarter = margins.Window(TODAY - timedelta(days=91), TODAY)
        figures = {
            "margin_by_client_quarter_ms": timed(
                lambda: margins.margin_by(dimension=margins.Dimension.CLIENT, window=quarter)
            ),
            "ageing_by_client_ms": timed(lambda: selectors.client_receivables(entity=entity, today=TODAY)),
            "late_payers_ms": timed(lambda: late_payers.late_payers(entity=entity, today=TODAY)),
            "forecast_13_weeks_ms": timed(lambda: forecast.cash_flow(entity=entity, today=TODAY)),
        }
        result = {
            "when": datetime.now(UTC).isoformat(timespec="seconds"),
            "command": "python bench/bench_insight.py " + " ".join(sys.argv[1:]),
            "machine": f"{platform.machine()} {os.cpu_count()} cpus, load {os.getloadavg()[0]:.2f}",
            "bill_lines": BillLine.objects.count(),
            "invoices": entity.invoices.count(),
            "generated_s": generated_s,
            "targets_ms": {"margin_by_client_quarter_ms": 300, "ageing_by_client_ms": 200, "forecast_13_weeks_ms": 500},
            **figures,
        }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "insight.json").write_text(json.dumps(result, indent=2) + "\n")
    rows = "\n".join(f"| {k} | {v} |" for k, v in result.items() if k not in ("targets_ms",))
    (RESULTS / "insight.md").write_text(f"# Insight benchmark\n\n| figure | value |\n|---|---|\n{rows}\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
