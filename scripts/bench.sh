#!/usr/bin/env bash
# `make bench`: the benchmarks, results written to bench/results/ (with the command and machine load).
# PostgreSQL 127.0.0.1:5432 and Redis 127.0.0.1:6379 are used (started if stopped). The API and
# fan-out benchmarks read a demo-sized database, BENCH_DATABASE_URL (default kserp_bench), made
# once with `manage.py generate_demo` (about 12 minutes on 2 cores; kept for later runs).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/.venv/bin:$PATH"
echo "==> rates engine (bench/bench_engine.py)"
python bench/bench_engine.py
echo "==> billing run vs COPY (bench/bench_billing.py)"
scripts/ci-services.sh
python bench/bench_billing.py --lines "${BENCH_BILLING_LINES:-100000}" --big "${BENCH_BILLING_BIG:-400000}"
echo "==> pay run (bench/bench_payroll.py)"
python bench/bench_payroll.py --workers "${BENCH_PAY_WORKERS:-10000}" --big "${BENCH_PAY_BIG:-40000}"

bench_db=${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/kserp_bench}
export REDIS_URL=${BENCH_REDIS_URL:-redis://127.0.0.1:6379/0} KSERP_DRAMATIQ_NAMESPACE=kserp-bench
if ! psql "$bench_db" -Atc "SELECT 1" >/dev/null 2>&1; then
  psql "${bench_db%/*}/postgres" -c "CREATE DATABASE ${bench_db##*/}"
fi
DATABASE_URL=$bench_db python backend/manage.py migrate --noinput -v0
if [ "$(psql "$bench_db" -Atc 'SELECT count(*) FROM finance_invoice')" = "0" ]; then
  echo "==> demo data for the API benchmarks (once)"
  DATABASE_URL=$bench_db python backend/manage.py generate_demo --clients 40 --job-orders 400 --weeks 20
fi
echo "==> partner read path vs PostGraphile 5.0.3 (bench/bench_api.py)"
python bench/bench_api.py --database-url "$bench_db" --duration "${BENCH_API_SECONDS:-30}"
echo "==> live-update fan-out, one daphne (bench/bench_fanout.py)"
python bench/bench_fanout.py --database-url "$bench_db" --clients "${BENCH_FANOUT_CLIENTS:-1000}" --idle "${BENCH_FANOUT_IDLE:-5000}"
echo "==> insight: margins, ageing, forecast on 1,000,000 bill lines (bench/bench_insight.py)"
# A database of its own, kept between runs (filled once, then measured): the live-margin bench reads it too.
insight_db=${BENCH_INSIGHT_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/kserp_insight_bench}
if ! psql "$insight_db" -Atc "SELECT 1" >/dev/null 2>&1; then
  psql "${insight_db%/*}/postgres" -c "CREATE DATABASE ${insight_db##*/}"
fi
DATABASE_URL=$insight_db python backend/manage.py migrate --noinput -v0
python bench/bench_insight.py --lines "${BENCH_INSIGHT_LINES:-1000000}" --invoices "${BENCH_INSIGHT_INVOICES:-100000}" \
  --database "$insight_db"
echo "==> live margins: approve -> 100 dashboards (bench/bench_live_margin.py)"
python bench/bench_live_margin.py --database-url "$insight_db"
echo "results: bench/results/"
