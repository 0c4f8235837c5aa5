"""The socket: graphql-transport-ws only, session auth, Origin check, and the `ping` round trip
(HTTP mutation → dramatiq worker → channel layer → subscriber)."""

import json

from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async
from django.test import Client

from tests.support.ws import communicator, connect_and_init, next_message, session_cookie_header, settle, subscribe

PINGS = "subscription { pings { message at } }"


def _send_ping(client: Client, message: str) -> dict:
    response = client.post(
        "/graphql",
        data=json.dumps(
            {"query": "mutation($m: String!) { ping(message: $m) { ok errors { code } } }", "variables": {"m": message}}
        ),
        content_type="application/json",
    )
    return response.json()


def test_ping_reaches_the_subscriber_through_the_worker(staff_client, worker):
    async def scenario():
        comm = communicator(cookie=session_cookie_header(staff_client))
        await connect_and_init(comm)
        await subscribe(comm, "1", PINGS)
        await settle()
        result = await database_sync_to_async(_send_ping)(staff_client, "hello from http")
        assert result == {"data": {"ping": {"ok": True, "errors": []}}}
        message = await next_message(comm, timeout=10)
        assert message["type"] == "next" and message["id"] == "1"
        assert message["payload"]["data"]["pings"]["message"] == "hello from http"
        await comm.disconnect()

    async_to_sync(scenario)()


def test_completing_one_subscription_keeps_the_other_on_the_same_socket(staff_client, worker):
    """strawberry-django #942: the group is shared; ending sub 1 must not silence sub 2."""

    async def scenario():
        comm = communicator(cookie=session_cookie_header(staff_client))
        await connect_and_init(comm)
        await subscribe(comm, "1", PINGS)
        await subscribe(comm, "2", PINGS)
        await settle()
        await comm.send_json_to({"id": "1", "type": "complete"})
        await settle()
        await database_sync_to_async(_send_ping)(staff_client, "still there?")
        message = await next_message(comm, timeout=10)
        assert message["id"] == "2"
        assert message["payload"]["data"]["pings"]["message"] == "still there?"
        assert await comm.receive_nothing(timeout=0.5)  # nothing for the completed subscription
        await comm.disconnect()

    async_to_sync(scenario)()


def test_ping_is_refused_to_anonymous_callers(db):
    assert _send_ping(Client(), "hi") == {"data": {"ping": {"ok": False, "errors": [{"code": "UNAUTHENTICATED"}]}}}


def test_anonymous_subscription_gets_an_error(transactional_db):
    async def scenario():
        comm = communicator()
        await connect_and_init(comm)
        await subscribe(comm, "1", PINGS)
        message = await next_message(comm)
        assert message["type"] in {"next", "error"}
        errors = message["payload"]["errors"] if message["type"] == "next" else message["payload"]
        assert [error["message"] for error in errors] == ["Sign in first."]
        assert "data" not in message["payload"] or message["payload"]["data"] is None
        await comm.disconnect()

    async_to_sync(scenario)()


def test_only_graphql_transport_ws_is_accepted(transactional_db):
    async def scenario():
        comm = communicator(subprotocols=["graphql-ws"])
        connected, code = await comm.connect(timeout=5)
        if connected:  # accepted at the HTTP level, then closed with 4406
            output = await comm.receive_output(timeout=5)
            assert output["type"] == "websocket.close"
            assert output["code"] == 4406
        else:
            assert code == 4406

    async_to_sync(scenario)()


def test_foreign_origin_is_refused(transactional_db):
    async def scenario():
        comm = communicator(origin="http://evil.example")
        connected, _ = await comm.connect(timeout=5)
        assert not connected

    async_to_sync(scenario)()
