# KS-ERP: every documented way to run, test and build the project.
#   make run    set everything up on a fresh machine and serve on http://127.0.0.1:$(PORT)/
#   make test   lint, type-check, migrations check, schema freshness, pytest, vitest, browser tests
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) backend/manage.py
PORT ?= 8000
HOST ?= 127.0.0.1
PIP_FLAGS := --quiet --disable-pip-version-check --no-warn-script-location
FRONTEND_SOURCES := $(shell find frontend/src frontend/index.html frontend/vite.config.ts frontend/package.json -type f 2>/dev/null)

.PHONY: help run serve test lint typecheck schema schema-check schema-release bench e2e install frontend lock clean

help:
	@echo "make run      set up (venv, npm, build, migrate, demo data, admin) and serve on :$(PORT)"
	@echo "make test     the whole test suite (CI=true: PostgreSQL + Redis, KSERP_REQUIRE_SERVICES=1)"
	@echo "make lint     ruff + mypy + import layers (lint-imports) + makemigrations --check"
	@echo "make schema   regenerate schema.graphql from the code"
	@echo "make bench    run the benchmarks (results in bench/results/)"
	@echo "make e2e      browser tests only (Debian chromium via playwright-core)"
	@echo "make lock     re-pin requirements.lock from pyproject.toml"

# --- set-up ---------------------------------------------------------------------------------
$(VENV)/.installed: requirements.lock
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install $(PIP_FLAGS) -r requirements.lock 2> >(grep -v "is ignored: it is neither" >&2)
	@touch $@

frontend/node_modules/.installed: frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

frontend/dist/index.html: frontend/node_modules/.installed $(FRONTEND_SOURCES)
	cd frontend && npm run --silent build

install: $(VENV)/.installed frontend/node_modules/.installed

frontend: frontend/dist/index.html

lock:
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install $(PIP_FLAGS) -e ".[dev]" 2>/dev/null
	$(PY) -m pip freeze --exclude-editable | grep -v '^pip==' | sort -f > requirements.lock

# --- run ------------------------------------------------------------------------------------
run: install frontend
	KSERP_DEMO_DATA=$${KSERP_DEMO_DATA:-1} $(MANAGE) bootstrap --url http://$(HOST):$(PORT)/
	@$(MAKE) --no-print-directory serve

serve:
	@if [ -n "$$REDIS_URL" ]; then \
	  echo "services mode: daphne + rundramatiq"; \
	  scripts/serve-services.sh $(HOST) $(PORT); \
	else \
	  echo "embedded mode: one daphne process (SQLite, in-process worker)"; \
	  cd backend && exec ../$(VENV)/bin/daphne -b $(HOST) -p $(PORT) config.asgi:application; \
	fi

# --- checks ---------------------------------------------------------------------------------
test: install
	scripts/test.sh

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	cd backend && ../$(VENV)/bin/mypy --config-file ../pyproject.toml
	cd backend && ../$(VENV)/bin/lint-imports --config ../.importlinter
	$(MANAGE) makemigrations --check --dry-run

schema: $(VENV)/.installed
	$(MANAGE) graphql_schema schema.graphql

schema-check: $(VENV)/.installed
	@$(MANAGE) graphql_schema | diff -u schema.graphql - && echo "schema.graphql is fresh"

# On a release: the published schema becomes the one later changes are checked against
# (tests/api/test_schema_compatibility.py), and the list of deliberate breaking changes starts empty.
schema-release: schema
	cp schema.graphql docs/schema/released.graphql
	sed -i '/^[^#]/d' docs/schema/deliberate-breaking-changes.txt

e2e: install frontend
	$(PY) tests/e2e/run_browser_tests.py

bench: install
	scripts/bench.sh

clean:
	rm -rf var frontend/dist
