"""docker-compose.yml really works: its services' own commands, run as local processes against
local PostgreSQL and Redis (Docker does not run here): two web processes and two workers. An event
published through web #1 (ping → a worker → channels-redis) reaches a subscriber on web #2."""

from __future__ import annotations

import json
import time
import uuid
from pathlib import Path

import httpx
import pytest
import redis
import yaml
from websockets.sync.client import connect

from tests.support.services import (
    REPO,
    VENV_BIN,
    base_env,
    free_port,
    require_services,
    run_manage,
    start_process,
    stop_process,
    throwaway_postgres_database,
    wait_for_http,
)

pytestmark = pytest.mark.services
REDIS_DB = 3  # a Redis database of its own, flushed by this test
NAMESPACE = f"kserp-compose-{uuid.uuid4().hex[:6]}"  # one dramatiq namespace for all processes
LOG_DIR = REPO / "var" / "test-logs" / "compose"


def compose_services() -> dict:
    return yaml.safe_load((REPO / "docker-compose.yml").read_text())["services"]


def local_argv(command: list[str], port: int | None = None) -> list[str]:
    """The container command as a local command: same program and arguments, local paths,
    loopback instead of 0.0.0.0, a free port instead of 8000."""
    argv = list(command)
    argv[0] = str(VENV_BIN / argv[0]) if (VENV_BIN / argv[0]).exists() else argv[0]
    argv = ["127.0.0.1" if arg == "0.0.0.0" else arg for arg in argv]
    if port is not None:
        argv = [str(port) if arg == "8000" else arg for arg in argv]
    return argv


def local_env(service: dict, database_url: str) -> dict[str, str]:
    env = {key: str(value) for key, value in service["environment"].items()}
    env["SECRET_KEY"] = "compose-topology-test-secret-key-0123456789-abcdefghijklmnop"
    env["ALLOWED_HOSTS"] = "127.0.0.1,localhost"
    env["DATABASE_URL"] = database_url
    env["REDIS_URL"] = f"redis://127.0.0.1:6379/{REDIS_DB}"
    env["KSERP_DRAMATIQ_NAMESPACE"] = NAMESPACE
    return base_env(**env)


def cwd_of(service: dict) -> Path:
    assert service["working_dir"] == "/app/backend"
    return REPO / "backend"


def test_compose_file_declares_the_production_topology():
    services = compose_services()
    assert {"postgres", "redis", "migrate", "web", "worker"} <= set(services)
    for name in ("postgres", "redis", "web"):
        assert "healthcheck" in services[name], name
    assert services["web"]["command"][0] == "daphne"
    assert services["worker"]["command"][2] == "rundramatiq"
    assert services["web"]["environment"]["REDIS_URL"].startswith("redis://")


def test_event_through_web_one_reaches_a_subscriber_on_web_two():
    require_services()
    services = compose_services()
    redis.Redis.from_url(f"redis://127.0.0.1:6379/{REDIS_DB}").flushdb()
    processes = []
    with throwaway_postgres_database(migrate=False) as database_url:
        migrate = services["migrate"]
        run_manage(local_argv(migrate["command"])[2:], env=local_env(migrate, database_url))
        run_manage(
            [
                "shell",
                "-c",
                "from kserp.identity.models import User; "
                "User.objects.create_user('ops', password='ops-pass-123', is_staff=True)",
            ],
            env={"DATABASE_URL": database_url},
        )
        try:
            ports = [free_port(), free_port()]
            web = services["web"]
            for index, port in enumerate(ports):
                processes.append(
                    start_process(
                        local_argv(web["command"], port),
                        local_env(web, database_url),
                        cwd_of(web),
                        LOG_DIR / f"web{index + 1}.log",
                    )
                )
            worker = services["worker"]
            for index in range(worker["deploy"]["replicas"]):
                processes.append(
                    start_process(
                        local_argv(worker["command"]),
                        local_env(worker, database_url),
                        cwd_of(worker),
                        LOG_DIR / f"worker{index + 1}.log",
                    )
                )
            for port, process in zip(ports, processes, strict=False):
                wait_for_http(f"http://127.0.0.1:{port}/healthz", process=process)
                health = httpx.get(f"http://127.0.0.1:{port}/healthz").json()
                assert health == {"status": "ok", "mode": "services", "database": "ok", "redis": "ok"}

            web1 = f"http://127.0.0.1:{ports[0]}"
            http = httpx.Client(base_url=web1)
            http.get("/")
            csrf = http.cookies["csrftoken"]
            login = http.post(
                "/graphql",
                headers={"X-CSRFToken": csrf},
                json={"query": 'mutation { login(username: "ops", password: "ops-pass-123") { viewer { username } } }'},
            )
            assert login.json() == {"data": {"login": {"viewer": {"username": "ops"}}}}
            session = http.cookies["sessionid"]

            with connect(
                f"ws://127.0.0.1:{ports[1]}/graphql",
                subprotocols=["graphql-transport-ws"],
                additional_headers={"Cookie": f"sessionid={session}", "Origin": f"http://127.0.0.1:{ports[1]}"},
            ) as ws:
                ws.send(json.dumps({"type": "connection_init", "payload": {}}))
                assert json.loads(ws.recv(timeout=10))["type"] == "connection_ack"
                ws.send(
                    json.dumps(
                        {"id": "s1", "type": "subscribe", "payload": {"query": "subscription { pings { message } }"}}
                    )
                )
                time.sleep(0.5)
                sent = http.post(
                    "/graphql",
                    headers={"X-CSRFToken": http.cookies["csrftoken"]},
                    json={"query": 'mutation { ping(message: "across processes") { ok } }'},
                )
                assert sent.json() == {"data": {"ping": {"ok": True}}}
                message = json.loads(ws.recv(timeout=20))
                assert message == {
                    "id": "s1",
                    "type": "next",
                    "payload": {"data": {"pings": {"message": "across processes"}}},
                }
        finally:
            for process in processes:
                stop_process(process)
