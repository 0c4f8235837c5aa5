#!/usr/bin/env python
"""Browser end-to-end tests: a real daphne server (plus a rundramatiq worker in services mode) on a
fresh database, driven by Debian's chromium through playwright-core (frontend/e2e/*.test.mjs,
run with Node's test runner). Screenshots land in var/e2e-screenshots/.

Services mode (REDIS_URL set, as in CI): a throw-away PostgreSQL database; otherwise a fresh SQLite
file. Usage: `make e2e` (or `python tests/e2e/run_browser_tests.py [e2e/x.test.mjs ...]`).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.support.services import (
    BACKEND,
    REPO,
    VENV_BIN,
    base_env,
    free_port,
    run_manage,
    start_process,
    stop_process,
    throwaway_postgres_database,
    wait_for_http,
)

USERNAME, PASSWORD = "e2e.admin", "e2e-password-123"
# The client-portal user of the browser tests: Acme's accounts-payable clerk from
# docs/examples/config.yaml (`acme.ap`), created up front with a password by a small fixture
# document so that the staff test can still import the whole example through the UI (the import is
# keyed by codes and keeps the existing user and its password).
PORTAL_USERNAME, PORTAL_PASSWORD = "acme.ap", "e2e-portal-password-123"
PORTAL_FIXTURE = f"""\
version: 1
entities:
  - {{code: KSAU, name: KS Staffing Pty Ltd, country: AU, brand: KS, currency: AUD, tax_rate: "10",
      invoice_prefix: "AU-", group_currency_rate: "1"}}
clients:
  - code: ACME
    name: Acme Logistics
    entity: KSAU
    payment_terms_days: 30
    invoice_grouping: CLIENT
    portal_users: [{{username: {PORTAL_USERNAME}, email: ap@acme.example, password: {PORTAL_PASSWORD}}}]
"""
# The worker-portal user of the browser tests: a worker (payee W-E2E) who signs in.
WORKER_USERNAME, WORKER_PASSWORD = "e2e.worker", "e2e-worker-password-123"
SCREENSHOTS = REPO / "var" / "e2e-screenshots"
LOGS = REPO / "var" / "test-logs" / "e2e"


@contextlib.contextmanager
def fresh_database():
    if os.environ.get("REDIS_URL"):
        with throwaway_postgres_database(migrate=True) as url:
            yield url
    else:
        path = REPO / "var" / "e2e" / "e2e.sqlite3"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.unlink(missing_ok=True)
        url = f"sqlite:///{path}"
        run_manage(["migrate", "--noinput", "-v", "0"], env={"DATABASE_URL": url})
        yield url


def main() -> int:
    if not shutil.which("chromium") and not Path("/usr/bin/chromium").exists():
        print("Debian chromium is missing: apt-get install -y chromium", file=sys.stderr)
        return 1
    shutil.rmtree(SCREENSHOTS, ignore_errors=True)
    SCREENSHOTS.mkdir(parents=True)
    with fresh_database() as database_url:
        # No scheduler in the server under test: it would bill the tests' approved weeks on its own.
        env = base_env(DATABASE_URL=database_url, DJANGO_DEBUG="0", KSERP_DEMO_DATA="0", KSERP_EMBEDDED_SCHEDULER="0")
        run_manage(
            [
                "shell",
                "-c",
                "from kserp.identity.services import user_ensure_admin; "
                f"user_ensure_admin(username={USERNAME!r}, password={PASSWORD!r}); "
                # The roles and the demo staff (alex, fran): the example configuration names
                # `alex` as a job order's consultant.
                "from kserp.demo.staff import demo_staff_ensure; demo_staff_ensure()",
            ],
            env=env,
        )
        fixture = LOGS / "portal-fixture.yaml"
        fixture.parent.mkdir(parents=True, exist_ok=True)
        fixture.write_text(PORTAL_FIXTURE)
        run_manage(["import_config", str(fixture)], env=env)
        run_manage(
            [
                "shell",
                "-c",
                "from kserp.crm.models import Payee; from kserp.identity.models import User; "
                "payee, _ = Payee.objects.get_or_create("
                "code='W-E2E', defaults={'name': 'Wendy Worker', 'kind': 'EMPLOYEE'}); "
                f"User.objects.create_user(username={WORKER_USERNAME!r}, password={WORKER_PASSWORD!r}, payee=payee)",
            ],
            env=env,
        )
        port = free_port()
        processes = [
            start_process(
                [str(VENV_BIN / "daphne"), "-b", "127.0.0.1", "-p", str(port), "config.asgi:application"],
                env,
                BACKEND,
                LOGS / "daphne.log",
            )
        ]
        if env.get("REDIS_URL"):
            processes.append(
                start_process(
                    [sys.executable, "manage.py", "rundramatiq", "--processes", "1", "--threads", "2"],
                    env,
                    BACKEND,
                    LOGS / "worker.log",
                )
            )
        try:
            base_url = f"http://127.0.0.1:{port}"
            wait_for_http(f"{base_url}/healthz", process=processes[0])
            node_env = {
                **os.environ,
                "E2E_BASE_URL": base_url,
                "E2E_USERNAME": USERNAME,
                "E2E_PASSWORD": PASSWORD,
                "E2E_PORTAL_USERNAME": PORTAL_USERNAME,
                "E2E_PORTAL_PASSWORD": PORTAL_PASSWORD,
                "E2E_WORKER_USERNAME": WORKER_USERNAME,
                "E2E_WORKER_PASSWORD": WORKER_PASSWORD,
                "E2E_CONFIG_DOCUMENT": str(REPO / "docs" / "examples" / "config.yaml"),
                "E2E_SCREENSHOT_DIR": str(SCREENSHOTS),
            }
            # Arguments select spec files (e.g. `e2e/workspace.test.mjs`); none runs them all.
            specs = sys.argv[1:]
            command = ["node", "--test", "--test-concurrency=1", *specs] if specs else ["npm", "run", "--silent", "e2e"]
            result = subprocess.run(command, cwd=REPO / "frontend", env=node_env, timeout=600)
            shots = sorted(p.name for p in SCREENSHOTS.glob("*.png"))
            print(f"screenshots in {SCREENSHOTS}: {', '.join(shots) or 'none'}")
            if result.returncode != 0:
                print(f"server log: {LOGS / 'daphne.log'}", file=sys.stderr)
            return result.returncode
        finally:
            for process in processes:
                stop_process(process)


if __name__ == "__main__":
    sys.exit(main())
