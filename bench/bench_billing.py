"""Benchmark of billing runs on PostgreSQL (DESIGN.md 11: >= 25,000 bill lines/s end to end,
within 3x of PostgreSQL COPYing the same number of invoice-line rows, worker memory flat).

Run from the repository root (PostgreSQL on 127.0.0.1:5432, trust auth):

    .venv/bin/python bench/bench_billing.py [--lines 100000] [--big 400000]

For each size it creates a throwaway database (migrated), bulk-inserts approved bill lines
(timesheets of 10 lines, 10 timesheets per job order, 5 job orders per client: 100,000 lines =
10,000 timesheets, 1,000 job orders, 200 clients; groupings CLIENT / JOB_ORDER / TIMESHEET in
turn), then in a fresh child process (one worker, the actor's body: `billing_run_execute`) bills
them, timing the run from start to COMPLETED and recording the child's RSS before and its peak
(VmHWM, reset first) during the run. In the same database it then times a COPY of the same number
of rows, with the same columns and values, into a scratch table of the invoice-line shape
(`LIKE finance_invoiceline INCLUDING ALL`: same columns, checks and indexes), which is the
target's baseline; and, for the record, the same COPY into a scratch table that also has the
invoice lines' foreign keys. Writes bench/results/billing.json and billing.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
RESULTS = ROOT / "bench" / "results"

BILL_ONLY = r"""
import json, sys, time, datetime as dt
import django
django.setup()
from kserp.base.models import Entity
from kserp.billing.runs import billing_run_execute, billing_run_start


def status_kb(name):
    for line in open("/proc/self/status"):
        if line.startswith(name + ":"):
            return int(line.split()[1])


# A forked child inherits its parent's peak RSS: reset the peak (VmHWM) before measuring.
with open("/proc/self/clear_refs", "w") as f:
    f.write("5")
rss_before = status_kb("VmRSS")
run = billing_run_start(entity=Entity.objects.get(code="KSAU"), period_end=dt.date(2030, 1, 1))
t0 = time.perf_counter()
run = billing_run_execute(run_id=run.pk)
elapsed = time.perf_counter() - t0
print(json.dumps({"bill_s": elapsed, "status": run.status, "lines": run.line_count, "invoices": run.invoice_count,
                  "total": str(run.total), "rss_before_kb": rss_before, "rss_peak_kb": status_kb("VmHWM")}))
"""

SETUP_ONLY = r"""
import sys, time
import django
django.setup()
from tests.support.bulk import make_approved_bill_lines
lines = int(sys.argv[1])
make_approved_bill_lines(lines=lines, timesheets=lines // 10, job_orders=lines // 100, clients=lines // 500)
"""


def child(code: str, url: str, *args: str) -> str:
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "PYTHONPATH": f"{ROOT}:{ROOT / 'backend'}",
    }
    env.pop("REDIS_URL", None)  # the actor's body runs in this process; no broker needed
    out = subprocess.run(
        [sys.executable, "-c", code, *args], env=env, capture_output=True, text=True, cwd=ROOT / "backend"
    )
    if out.returncode != 0:
        raise SystemExit(out.stderr[-4000:])
    return (out.stdout.strip().splitlines() or [""])[-1]


def time_copy(url: str, lines: int, foreign_keys: bool = False) -> float:
    """COPY `lines` invoice-line rows (same columns and values as the run wrote) into a scratch
    table `LIKE finance_invoiceline INCLUDING ALL` (same columns, checks and indexes; LIKE copies no
    foreign keys). With `foreign_keys`, the scratch table also gets the invoice-line table's own
    foreign keys, to show what checking them costs on their own. Timed up to the commit."""
    import psycopg

    columns = (
        "id, invoice_id, bill_line_id, job_order_id, timesheet_id, position, description, pay_code, "
        "quantity, unit_price, amount"
    )
    with psycopg.connect(url) as conn:
        conn.execute("DROP TABLE IF EXISTS bench_invoiceline")
        conn.execute("CREATE TABLE bench_invoiceline (LIKE finance_invoiceline INCLUDING ALL)")
        if foreign_keys:
            for (definition,) in conn.execute(
                "SELECT pg_get_constraintdef(oid) FROM pg_constraint "
                "WHERE conrelid = 'finance_invoiceline'::regclass AND contype = 'f'"
            ).fetchall():
                conn.execute(f"ALTER TABLE bench_invoiceline ADD {definition}")
        rows = conn.execute(f"SELECT {columns} FROM finance_invoiceline ORDER BY id LIMIT %s", (lines,)).fetchall()
        conn.commit()
        t0 = time.perf_counter()
        with conn.cursor() as cur, cur.copy(f"COPY bench_invoiceline ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        conn.commit()
        elapsed = time.perf_counter() - t0
        conn.execute("DROP TABLE bench_invoiceline")
        conn.commit()
    return elapsed


def measure(lines: int, with_copy: bool) -> dict:
    from tests.support.services import throwaway_postgres_database

    with throwaway_postgres_database() as url:
        t0 = time.perf_counter()
        child(SETUP_ONLY, url, str(lines))
        setup = time.perf_counter() - t0
        result = json.loads(child(BILL_ONLY, url))
        assert result["status"] == "COMPLETED" and result["lines"] == lines, result
        figures = {
            "lines": lines,
            "timesheets": lines // 10,
            "job_orders": lines // 100,
            "clients": lines // 500,
            "setup_s": round(setup, 2),
            "invoices": result["invoices"],
            "total": result["total"],
            "bill_s": round(result["bill_s"], 3),
            "lines_per_s": round(lines / result["bill_s"]),
            "worker_rss_start_mb": round(result["rss_before_kb"] / 1024, 1),
            "worker_rss_peak_mb": round(result["rss_peak_kb"] / 1024, 1),
        }
        if with_copy:
            copy_s = time_copy(url, lines)
            figures["copy_s"] = round(copy_s, 3)
            figures["bill_over_copy"] = round(result["bill_s"] / copy_s, 2)
            # Not the target's baseline: the same COPY into a table with the invoice lines'
            # foreign keys, which PostgreSQL checks row by row (docs/billing.md, "Performance").
            copy_fk_s = time_copy(url, lines, foreign_keys=True)
            figures["copy_with_foreign_keys_s"] = round(copy_fk_s, 3)
            figures["bill_over_copy_with_foreign_keys"] = round(result["bill_s"] / copy_fk_s, 2)
        return figures


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lines", type=int, default=100_000)
    parser.add_argument("--big", type=int, default=400_000, help="second size, for memory flatness (0: skip)")
    args = parser.parse_args()
    load_before = os.getloadavg()
    runs = [measure(args.lines, with_copy=True)]
    if args.big:
        runs.append(measure(args.big, with_copy=False))
    main_run = runs[0]
    report = {
        "benchmark": "billing",
        "command": " ".join(["python bench/bench_billing.py", *sys.argv[1:]]),
        "recorded_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "load_average_before": [round(x, 2) for x in load_before],
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
        "machine": {
            "cpus_visible": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
        "runs": runs,
        "targets": {"lines_per_s": 25_000, "bill_over_copy_max": 3.0, "rss": "flat from 100k to 400k lines"},
        "met": {
            "lines_per_s": main_run["lines_per_s"] >= 25_000,
            "bill_over_copy": main_run.get("bill_over_copy", 99) <= 3.0,
            "rss_flat": len(runs) < 2 or runs[1]["worker_rss_peak_mb"] <= runs[0]["worker_rss_peak_mb"] * 1.25 + 5,
        },
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "billing.json").write_text(json.dumps(report, indent=2) + "\n")
    md = [
        "# Billing run benchmark",
        "",
        f"Command: `{report['command']}` (recorded {report['recorded_at']}, load {report['load_average_before']}).",
        "",
        "| lines | invoices | bill s | lines/s | COPY s | bill / COPY | COPY with FKs s | bill / COPY with FKs "
        "| worker RSS start → peak MB |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in runs:
        md.append(
            f"| {r['lines']:,} | {r['invoices']:,} | {r['bill_s']} | {r['lines_per_s']:,} | {r.get('copy_s', '-')} | "
            f"{r.get('bill_over_copy', '-')} | {r.get('copy_with_foreign_keys_s', '-')} | "
            f"{r.get('bill_over_copy_with_foreign_keys', '-')} | "
            f"{r['worker_rss_start_mb']} → {r['worker_rss_peak_mb']} |"
        )
    md += ["", f"Targets: {report['targets']}; met: {report['met']}.", ""]
    (RESULTS / "billing.md").write_text("\n".join(md))
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
