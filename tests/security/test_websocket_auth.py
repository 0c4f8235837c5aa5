"""The socket: connection_init timeout (4408), API tokens in connection_init (4403 when bad), the
Origin check, and a subscription of a token-authenticated partner."""

import datetime as dt

from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async
from django.utils import timezone

from kserp.identity.models import ApiToken
from tests.security.helpers import issue, post
from tests.support.ws import PROTOCOL, communicator, connect_and_init, next_message, settle, subscribe

PINGS = "subscription { pings { message } }"
VIEWER = "query { viewer { username client { code } } }"


async def _closed_with(comm, timeout: float = 5) -> int:
    output = await comm.receive_output(timeout=timeout)
    assert output["type"] == "websocket.close", output
    return output["code"]


def test_a_socket_without_connection_init_is_closed_with_4408(transactional_db, settings):
    settings.KSERP_WS_INIT_TIMEOUT = 0.2

    async def scenario():
        comm = communicator()
        connected, subprotocol = await comm.connect(timeout=5)
        assert (connected, subprotocol) == (True, PROTOCOL)
        assert await _closed_with(comm) == 4408

    async_to_sync(scenario)()


def test_a_bad_token_in_connection_init_closes_the_socket_with_4403(transactional_db, staff_user):
    value = issue(staff_user)

    async def scenario(authorization: str):
        comm = communicator()
        await comm.connect(timeout=5)
        await comm.send_json_to({"type": "connection_init", "payload": {"authorization": authorization}})
        return await _closed_with(comm)

    assert async_to_sync(scenario)(f"Bearer {value[:-3]}xyz") == 4403
    assert async_to_sync(scenario)("Bearer kse_nothing_here") == 4403
    assert async_to_sync(scenario)(f"Basic {value}") == 4403
    token = ApiToken.objects.get()
    token.expires_at = timezone.now() - dt.timedelta(seconds=1)
    token.save(update_fields=["expires_at"])  # saving evicts the cached lookup (identity/tokens.py)
    assert async_to_sync(scenario)(f"Bearer {value}") == 4403


def test_a_good_token_is_acknowledged_and_acts_as_its_user(transactional_db, portal_user):
    value = issue(portal_user)

    async def scenario():
        comm = communicator()
        await connect_and_init(comm, {"authorization": f"Bearer {value}"})
        await subscribe(comm, "1", VIEWER)
        message = await next_message(comm)
        assert message == {
            "id": "1",
            "type": "next",
            "payload": {"data": {"viewer": {"username": "acme.ap", "client": {"code": "ACME"}}}},
        }
        await comm.disconnect()

    async_to_sync(scenario)()
    assert ApiToken.objects.get().last_used_at is not None


def test_a_token_partner_receives_pings_over_the_socket(staff_user, worker):
    reader = issue(staff_user, "read")
    writer = issue(staff_user, "read", "write")

    async def scenario():
        comm = communicator()
        await connect_and_init(comm, {"authorization": f"Bearer {reader}"})
        await subscribe(comm, "1", PINGS)
        await settle()
        response = await database_sync_to_async(post)('mutation { ping(message: "to partners") { ok } }', token=writer)
        assert response.json() == {"data": {"ping": {"ok": True}}}
        message = await next_message(comm, timeout=10)
        assert message == {"id": "1", "type": "next", "payload": {"data": {"pings": {"message": "to partners"}}}}
        await comm.disconnect()

    async_to_sync(scenario)()


def test_a_token_without_read_scope_cannot_subscribe(transactional_db, staff_user):
    value = issue(staff_user, "write")

    async def scenario():
        comm = communicator()
        await connect_and_init(comm, {"authorization": f"Bearer {value}"})
        await subscribe(comm, "1", PINGS)
        message = await next_message(comm)
        assert message["type"] == "error"
        assert [e["message"] for e in message["payload"]] == ["This API token lacks the `read` scope."]
        await comm.disconnect()

    async_to_sync(scenario)()


def test_a_foreign_origin_is_refused_before_connection_init(transactional_db):
    async def scenario():
        comm = communicator(origin="http://evil.example")
        connected, _ = await comm.connect(timeout=5)
        assert not connected

    async_to_sync(scenario)()


def test_an_anonymous_socket_cannot_subscribe_to_pings(transactional_db):
    async def scenario():
        comm = communicator()
        await connect_and_init(comm)
        await subscribe(comm, "1", PINGS)
        message = await next_message(comm)
        errors = message["payload"]["errors"] if message["type"] == "next" else message["payload"]
        assert [(e["message"], e.get("extensions")) for e in errors] == [
            ("Sign in first.", {"code": "UNAUTHENTICATED"})
        ]
        await comm.disconnect()

    async_to_sync(scenario)()


def test_a_partner_without_an_origin_header_connects_with_its_token(transactional_db, staff_user):
    value = issue(staff_user)

    async def scenario():
        comm = communicator(origin=None)
        await connect_and_init(comm, {"authorization": f"Bearer {value}"})
        await subscribe(comm, "1", "query { viewer { username } }")
        message = await next_message(comm)
        assert message["payload"] == {"data": {"viewer": {"username": staff_user.username}}}
        await comm.disconnect()

    async_to_sync(scenario)()


def test_a_connection_sending_too_many_messages_is_closed_with_4429(transactional_db, staff_user, settings):
    settings.KSERP_RATE_LIMITS = {**settings.KSERP_RATE_LIMITS, "ws_messages": "5/60"}
    value = issue(staff_user)

    async def scenario():
        comm = communicator()
        await connect_and_init(comm, {"authorization": f"Bearer {value}"})  # message 1
        for n in range(2, 6):  # messages 2-5: within the limit, answered
            await subscribe(comm, str(n), VIEWER)
            assert (await next_message(comm))["type"] == "next"
            await next_message(comm)  # complete
        await subscribe(comm, "6", VIEWER)  # message 6: one too many
        while True:
            output = await comm.receive_output(timeout=5)
            if output["type"] == "websocket.close":
                return output["code"]

    assert async_to_sync(scenario)() == 4429
