#!/usr/bin/env bash
# `make bench`: the benchmarks, results written to bench/results/ (with the command and machine load).
# The billing benchmark needs PostgreSQL: it uses 127.0.0.1:5432 (started if stopped).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/.venv/bin:$PATH"
echo "==> rates engine (bench/bench_engine.py)"
python bench/bench_engine.py
echo "==> billing run vs COPY (bench/bench_billing.py)"
scripts/ci-services.sh
python bench/bench_billing.py --lines "${BENCH_BILLING_LINES:-100000}" --big "${BENCH_BILLING_BIG:-400000}"
echo "==> insight: margins, ageing, forecast on 1,000,000 bill lines (bench/bench_insight.py)"
python bench/bench_insight.py --lines "${BENCH_INSIGHT_LINES:-1000000}" --invoices "${BENCH_INSIGHT_INVOICES:-100000}"
echo "results: bench/results/"
