"""Reaching PostgreSQL and Redis from tests; throw-away databases; local processes."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
BACKEND = REPO / "backend"
VENV_BIN = Path(sys.executable).parent
PG_ADMIN_URL = os.environ.get("KSERP_TEST_PG_URL", "postgres://postgres@127.0.0.1:5432/postgres")
REDIS_TEST_URL = os.environ.get("KSERP_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def services_required() -> bool:
    return os.environ.get("KSERP_REQUIRE_SERVICES") == "1"


def _port_open(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def require_services() -> None:
    """Skip (or fail under KSERP_REQUIRE_SERVICES=1) when PostgreSQL or Redis is unreachable."""
    missing = [name for name, port in (("PostgreSQL", 5432), ("Redis", 6379)) if not _port_open("127.0.0.1", port)]
    if missing:
        message = f"{' and '.join(missing)} not reachable on 127.0.0.1"
        if services_required():
            pytest.fail(message + " (KSERP_REQUIRE_SERVICES=1)")
        pytest.skip(message)


@contextmanager
def throwaway_postgres_database(migrate: bool = True) -> Iterator[str]:
    """A fresh PostgreSQL database (migrated), dropped afterwards. Yields its URL."""
    import psycopg

    name = f"kserp_t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    try:
        if migrate:
            run_manage(["migrate", "--noinput", "-v", "0"], env={"DATABASE_URL": url})
        yield url
    finally:
        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def base_env(**overrides: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "DJANGO_SETTINGS"))}
    env.update({"DJANGO_SETTINGS_MODULE": "config.settings", "PYTHONUNBUFFERED": "1"})
    env.update(overrides)
    return env


def run_manage(args: list[str], env: dict[str, str] | None = None, input_text: str | None = None) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BACKEND,
        env=base_env(**(env or {})),
        capture_output=True,
        text=True,
        input=input_text,
        timeout=300,
    )
    if result.returncode != 0:
        raise AssertionError(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_http(url: str, timeout: float = 30.0, process: subprocess.Popen | None = None) -> None:
    import httpx

    deadline = time.monotonic() + timeout
    last: object = None
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise AssertionError(f"process exited with {process.returncode} before {url} answered")
        try:
            response = httpx.get(url, timeout=2)
            if response.status_code == 200:
                return
            last = response.status_code
        except httpx.HTTPError as exc:
            last = exc
        time.sleep(0.2)
    raise AssertionError(f"{url} did not answer 200 within {timeout}s (last: {last})")


def stop_process(process: subprocess.Popen, timeout: float = 10.0) -> None:
    if process.poll() is not None:
        return
    os.killpg(process.pid, 15)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, 9)
        process.wait(timeout=timeout)


def start_process(argv: list[str], env: dict[str, str], cwd: Path, log: Path) -> subprocess.Popen:
    log.parent.mkdir(parents=True, exist_ok=True)
    handle = log.open("w")
    return subprocess.Popen(argv, cwd=cwd, env=env, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True)


class RowLock:
    """Row locks held in a transaction of the test's own, so that a worker needing those rows waits
    right there: a test can then kill the worker in the middle of a run however fast the machine.

    `SELECT ... FOR UPDATE` on a row that a chunk's inserts refer to (a client, a payee) holds up
    that chunk's commit, where PostgreSQL checks the deferred foreign keys."""

    def __init__(self, url: str, sql: str) -> None:
        import psycopg

        self.url = url
        self.conn = psycopg.connect(url)
        self.conn.execute(sql)

    def waiters(self) -> list[int]:
        """The sessions waiting for a lock in this database (read on a connection of its own:
        pg_stat_activity is a snapshot per transaction)."""
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as conn:
            rows = conn.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
            ).fetchall()
        return [row[0] for row in rows]

    def end_waiters(self) -> None:
        """Terminate the waiting sessions, as PostgreSQL would once it noticed their client was
        gone: their transactions roll back."""
        import psycopg

        pids = self.waiters()
        with psycopg.connect(self.url, autocommit=True) as conn:
            for pid in pids:
                conn.execute("SELECT pg_terminate_backend(%s, 10000)", (pid,))

    def release(self) -> None:
        if self.conn is not None:
            self.conn.rollback()
            self.conn.close()
            self.conn = None

    def __enter__(self) -> RowLock:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()
