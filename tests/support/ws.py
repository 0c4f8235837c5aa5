"""A graphql-transport-ws client over channels' in-process WebsocketCommunicator."""

from __future__ import annotations

import asyncio
from typing import Any

from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.test import Client

PROTOCOL = "graphql-transport-ws"


def session_cookie_header(client: Client) -> tuple[bytes, bytes]:
    value = client.cookies[settings.SESSION_COOKIE_NAME].value
    return (b"cookie", f"{settings.SESSION_COOKIE_NAME}={value}".encode())


def communicator(
    *,
    cookie: tuple[bytes, bytes] | None = None,
    origin: str | None = "http://127.0.0.1:8000",
    subprotocols: list[str] | None = None,
) -> WebsocketCommunicator:
    from config.asgi import application

    headers = [(b"host", b"127.0.0.1:8000")]
    if origin is not None:  # None: a non-browser client, which sends no Origin
        headers.append((b"origin", origin.encode()))
    if cookie:
        headers.append(cookie)
    return WebsocketCommunicator(application, "/graphql", headers=headers, subprotocols=subprotocols or [PROTOCOL])


async def connect_and_init(comm: WebsocketCommunicator, payload: dict[str, Any] | None = None) -> None:
    connected, subprotocol = await comm.connect(timeout=5)
    assert connected, "websocket refused"
    assert subprotocol == PROTOCOL
    await comm.send_json_to({"type": "connection_init", "payload": payload or {}})
    ack = await comm.receive_json_from(timeout=5)
    assert ack["type"] == "connection_ack", ack


async def subscribe(comm: WebsocketCommunicator, op_id: str, query: str, variables: dict | None = None) -> None:
    await comm.send_json_to(
        {"id": op_id, "type": "subscribe", "payload": {"query": query, "variables": variables or {}}}
    )


async def next_message(comm: WebsocketCommunicator, timeout: float = 5.0) -> dict[str, Any]:
    """The next protocol message other than pings/pongs."""
    while True:
        message = await comm.receive_json_from(timeout=timeout)
        if message["type"] not in {"ping", "pong"}:
            return message


async def settle() -> None:
    """Give the consumer a moment to join its channel-layer groups."""
    await asyncio.sleep(0.3)
