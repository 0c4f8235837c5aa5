"""Benchmark of pay runs on PostgreSQL (target: >= 25,000 pay lines/s end to end, worker memory flat
and <= 300 MB), beside the billing run's figures on the same machine (bench/results/billing.json).

Run from the repository root (PostgreSQL on 127.0.0.1:5432, trust auth):

    .venv/bin/python bench/bench_payroll.py [--workers 10000] [--big 40000]

For each size it creates a throwaway database (migrated), bulk-inserts approved pay lines (10 per
worker, one week each; three workers in four employees on scales 2, 1 and 4, the fourth a
contractor: tests/support/bulk_pay.py), then in a fresh child process (one worker, the actor's
body: `pay_run_execute`) pays them, timing the run from start to COMPLETED and recording the
child's RSS before and its peak (VmHWM, reset first) during the run. Writes
bench/results/payroll.json and payroll.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
RESULTS = ROOT / "bench" / "results"

from bench_billing import child  # noqa: E402 - the same child-process runner

PAY_ONLY = r"""
import json, time
import django
django.setup()
from kserp.base.models import Entity
from kserp.payroll.runs import pay_run_execute, pay_run_start
from tests.support.bulk_pay import PERIOD_END


def status_kb(name):
    for line in open("/proc/self/status"):
        if line.startswith(name + ":"):
            return int(line.split()[1])


with open("/proc/self/clear_refs", "w") as f:  # reset the peak RSS inherited from the parent
    f.write("5")
rss_before = status_kb("VmRSS")
run = pay_run_start(entity=Entity.objects.get(code="KSAU"), period_end=PERIOD_END)
t0 = time.perf_counter()
run = pay_run_execute(run_id=run.pk)
elapsed = time.perf_counter() - t0
print(json.dumps({"pay_s": elapsed, "status": run.status, "lines": run.line_count, "payments": run.payment_count,
                  "total": str(run.total), "rss_before_kb": rss_before, "rss_peak_kb": status_kb("VmHWM")}))
"""

SETUP_ONLY = r"""
import sys
import django
django.setup()
from tests.support.bulk_pay import make_approved_pay_lines
make_approved_pay_lines(workers=int(sys.argv[1]))
"""


def measure(workers: int) -> dict:
    from tests.support.services import throwaway_postgres_database

    with throwaway_postgres_database() as url:
        t0 = time.perf_counter()
        child(SETUP_ONLY, url, str(workers))
        setup = time.perf_counter() - t0
        result = json.loads(child(PAY_ONLY, url))
        lines = workers * 10
        assert result["status"] == "COMPLETED" and result["lines"] == lines, result
        return {
            "lines": lines,
            "workers": workers,
            "setup_s": round(setup, 2),
            "payments": result["payments"],
            "net_total": result["total"],
            "pay_s": round(result["pay_s"], 3),
            "lines_per_s": round(lines / result["pay_s"]),
            "worker_rss_start_mb": round(result["rss_before_kb"] / 1024, 1),
            "worker_rss_peak_mb": round(result["rss_peak_kb"] / 1024, 1),
        }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--workers", type=int, default=10_000)
    parser.add_argument("--big", type=int, default=40_000, help="second size, for memory flatness (0: skip)")
    args = parser.parse_args()
    load_before = os.getloadavg()
    runs = [measure(args.workers)]
    if args.big:
        runs.append(measure(args.big))
    billing_file = RESULTS / "billing.json"
    billing = json.loads(billing_file.read_text())["runs"][0] if billing_file.exists() else None
    report = {
        "benchmark": "payroll",
        "command": " ".join(["python bench/bench_payroll.py", *sys.argv[1:]]),
        "recorded_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "load_average_before": [round(x, 2) for x in load_before],
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
        "machine": {
            "cpus_visible": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
        "runs": runs,
        "billing_run_for_comparison": billing,
        "targets": {
            "lines_per_s": 25_000,
            "worker_rss_peak_mb_max": 300,
            "rss": "flat from the first size to the second",
        },
        "met": {
            "lines_per_s": runs[0]["lines_per_s"] >= 25_000,
            "rss_max": max(r["worker_rss_peak_mb"] for r in runs) <= 300,
            "rss_flat": len(runs) < 2 or runs[1]["worker_rss_peak_mb"] <= runs[0]["worker_rss_peak_mb"] * 1.25 + 5,
        },
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "payroll.json").write_text(json.dumps(report, indent=2) + "\n")
    md = [
        "# Pay run benchmark",
        "",
        f"Command: `{report['command']}` (recorded {report['recorded_at']}, load {report['load_average_before']}).",
        "",
        "| pay lines | workers | payments | pay s | lines/s | worker RSS start → peak MB |",
        "|---:|---:|---:|---:|---:|---|",
    ]
    for r in runs:
        md.append(
            f"| {r['lines']:,} | {r['workers']:,} | {r['payments']:,} | {r['pay_s']} | {r['lines_per_s']:,} | "
            f"{r['worker_rss_start_mb']} → {r['worker_rss_peak_mb']} |"
        )
    if billing:
        md += [
            "",
            f"Billing run on this machine (bench/results/billing.json, recorded earlier): {billing['lines']:,} bill "
            f"lines in {billing['bill_s']} s = {billing['lines_per_s']:,} lines/s, RSS "
            f"{billing['worker_rss_start_mb']} → {billing['worker_rss_peak_mb']} MB.",
        ]
    md += ["", f"Targets: {report['targets']}; met: {report['met']}.", ""]
    (RESULTS / "payroll.md").write_text("\n".join(md))
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
