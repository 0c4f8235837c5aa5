#!/usr/bin/env bash
# The whole test suite (`make test`). Under CI=true: PostgreSQL and Redis on 127.0.0.1 (started if
# stopped), a throw-away database (created here and dropped at exit), and
# KSERP_REQUIRE_SERVICES=1 so nothing that needs them silently skips.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/.venv/bin:$PATH"
started=$(date +%s)
step() { printf '\n==> %s  (+%ss)\n' "$*" "$(( $(date +%s) - started ))"; }

if [ "${CI:-}" = "true" ]; then
  step "services (PostgreSQL, Redis)"
  scripts/ci-services.sh
  # A throw-away database for this run (pytest-django makes and drops its own test_ copy).
  ci_db="kserp_ci_$$"
  psql -q -h 127.0.0.1 -U postgres -d postgres -c "CREATE DATABASE $ci_db" >/dev/null
  trap 'psql -q -h 127.0.0.1 -U postgres -d postgres -c "DROP DATABASE IF EXISTS $ci_db WITH (FORCE)" >/dev/null 2>&1 || true' EXIT
  export DATABASE_URL="postgres://postgres@127.0.0.1:5432/$ci_db"
  export REDIS_URL="redis://127.0.0.1:6379/0"
  export KSERP_REQUIRE_SERVICES=1
  export KSERP_DRAMATIQ_NAMESPACE="kserp-ci-$$"
  if ! command -v chromium >/dev/null; then
    step "installing Debian chromium for the browser tests"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  fi
fi

step "ruff"
ruff check .
ruff format --check .
step "mypy"
(cd backend && mypy --config-file ../pyproject.toml)
step "import layers (import-linter, .importlinter; docs/architecture.md)"
(cd backend && lint-imports --config ../.importlinter)
step "migrations are complete"
python backend/manage.py makemigrations --check --dry-run
# Each long step has a ceiling far above its usual time, so a hang fails in minutes, with the step
# named, instead of eating CI's whole budget.
step "pytest (includes the schema.graphql freshness test)"
timeout -k 30 2400 python -m pytest
step "front end: generated types fresh, type-check, vitest, build"
(cd frontend && npm run --silent codegen:check && npm run --silent typecheck && npm test --silent && npm run --silent build)
step "browser end-to-end tests (Debian chromium via playwright-core)"
timeout -k 30 1200 python tests/e2e/run_browser_tests.py
step "done in $(( $(date +%s) - started ))s"
