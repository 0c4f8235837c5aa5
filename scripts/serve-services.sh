#!/usr/bin/env bash
# Services mode for `make run`: daphne plus one rundramatiq worker process, stopped together.
set -euo pipefail
host=${1:-127.0.0.1}
port=${2:-8000}
cd "$(dirname "$0")/../backend"
../.venv/bin/python manage.py rundramatiq --processes 1 --threads 4 &
worker=$!
trap 'kill -TERM $worker 2>/dev/null; wait $worker 2>/dev/null' EXIT INT TERM
../.venv/bin/daphne -b "$host" -p "$port" config.asgi:application
