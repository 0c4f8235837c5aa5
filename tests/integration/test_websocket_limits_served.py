"""The WebSocket limits against a real daphne process and a real WebSocket client: anonymous
operations share the per-address HTTP counter, and sockets per address are capped (4429)."""

from __future__ import annotations

import json
import uuid
from contextlib import ExitStack

import httpx
import pytest
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

from tests.support.services import (
    BACKEND,
    REPO,
    VENV_BIN,
    base_env,
    free_port,
    require_services,
    start_process,
    stop_process,
    throwaway_postgres_database,
    wait_for_http,
)

pytestmark = pytest.mark.services
VIEWER = "query { viewer { username } }"


def _socket(sockets: ExitStack, port: int):
    url = f"ws://127.0.0.1:{port}/graphql"
    ws = sockets.enter_context(connect(url, subprotocols=["graphql-transport-ws"], open_timeout=10))
    ws.send(json.dumps({"type": "connection_init", "payload": {}}))
    return ws


def test_anonymous_socket_operations_and_connections_are_limited_per_address():
    require_services()
    with throwaway_postgres_database() as database_url:
        port = free_port()
        env = base_env(
            DATABASE_URL=database_url,
            KSERP_CACHE_PREFIX=f"wslimits-{uuid.uuid4().hex[:8]}",
            KSERP_DRAMATIQ_NAMESPACE=f"kserp-wslimits-{uuid.uuid4().hex[:6]}",
            KSERP_RATE_LIMIT_GRAPHQL_ANONYMOUS="4/60",
            KSERP_WS_MAX_CONNECTIONS_PER_ADDRESS="2",
        )
        argv = [str(VENV_BIN / "daphne"), "-b", "127.0.0.1", "-p", str(port), "config.asgi:application"]
        server = start_process(argv, env, BACKEND, REPO / "var" / "test-logs" / "ws-limits-daphne.log")
        try:
            with ExitStack() as sockets:
                wait_for_http(f"http://127.0.0.1:{port}/healthz", process=server)
                graphql = f"http://127.0.0.1:{port}/graphql"
                assert httpx.post(graphql, json={"query": VIEWER}).status_code == 200  # request 1 of 4

                first = _socket(sockets, port)
                assert json.loads(first.recv(timeout=10))["type"] == "connection_ack"
                answers = []
                for n in (2, 3, 4, 5):  # 2-4 within the limit; 5 one too many
                    first.send(json.dumps({"id": str(n), "type": "subscribe", "payload": {"query": VIEWER}}))
                    answers.append(json.loads(first.recv(timeout=10)))
                    if answers[-1]["type"] == "next":
                        assert json.loads(first.recv(timeout=10))["type"] == "complete"
                assert [a["type"] for a in answers] == ["next", "next", "next", "error"]
                assert answers[-1]["payload"][0]["extensions"]["code"] == "RATE_LIMITED"
                assert httpx.post(graphql, json={"query": VIEWER}).status_code == 429  # the same counter

                second = _socket(sockets, port)
                assert json.loads(second.recv(timeout=10))["type"] == "connection_ack"
                third = _socket(sockets, port)
                with pytest.raises(ConnectionClosed) as closed:
                    third.recv(timeout=10)
                assert closed.value.rcvd is not None and closed.value.rcvd.code == 4429
        finally:
            stop_process(server)
