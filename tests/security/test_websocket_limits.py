"""WebSocket operations count against the HTTP rate limits (same counters), and open sockets are
capped per user and per address (docs/security.md, "Rate limits")."""

from __future__ import annotations

from asgiref.sync import async_to_sync

from kserp.api.consumers import connections_acquire
from tests.security.helpers import issue, post
from tests.support.ws import communicator, connect_and_init, next_message, subscribe

VIEWER = "query { viewer { username } }"


async def _close_code(comm) -> int:
    while True:
        output = await comm.receive_output(timeout=5)
        if output["type"] == "websocket.close":
            return output["code"]


def test_subscribes_share_the_http_limit_of_their_user(transactional_db, staff_user, settings):
    settings.KSERP_RATE_LIMITS = {**settings.KSERP_RATE_LIMITS, "graphql": "3/60"}
    value = issue(staff_user)
    assert post(VIEWER, token=value).status_code == 200  # request 1, over HTTP

    async def scenario() -> dict:
        comm = communicator(origin=None)
        await connect_and_init(comm, {"authorization": f"Bearer {value}"})
        for n in (2, 3):  # requests 2 and 3, over the socket
            await subscribe(comm, str(n), VIEWER)
            assert (await next_message(comm))["type"] == "next"
            assert (await next_message(comm))["type"] == "complete"
        await subscribe(comm, "4", VIEWER)  # one too many
        refused = await next_message(comm)
        await comm.disconnect()
        return refused

    refused = async_to_sync(scenario)()
    assert refused["id"] == "4" and refused["type"] == "error"
    (error,) = refused["payload"]
    assert error["message"] == "Too many requests: at most 3 per 60 s. Retry later."
    assert error["extensions"]["code"] == "RATE_LIMITED"
    assert post(VIEWER, token=value).status_code == 429  # the same counter


def test_a_user_over_the_connection_cap_is_closed_with_4429(transactional_db, staff_user, settings):
    settings.KSERP_WS_MAX_CONNECTIONS_PER_USER = 2
    value = issue(staff_user)

    async def scenario() -> tuple[int, str]:
        first, second, third = (communicator(origin=None) for _ in range(3))
        await connect_and_init(first, {"authorization": f"Bearer {value}"})
        await connect_and_init(second, {"authorization": f"Bearer {value}"})
        await third.connect(timeout=5)
        await third.send_json_to({"type": "connection_init", "payload": {"authorization": f"Bearer {value}"}})
        code = await _close_code(third)
        await first.disconnect()  # frees a place
        fourth = communicator(origin=None)
        await connect_and_init(fourth, {"authorization": f"Bearer {value}"})
        await subscribe(fourth, "1", VIEWER)
        answer = (await next_message(fourth))["type"]
        await second.disconnect()
        await fourth.disconnect()
        return code, answer

    assert async_to_sync(scenario)() == (4429, "next")


def test_connection_counters_refuse_past_either_cap_and_count_nothing_then(db, settings):
    settings.KSERP_WS_MAX_CONNECTIONS_PER_ADDRESS = 1
    settings.KSERP_WS_MAX_CONNECTIONS_PER_USER = 5
    assert connections_acquire(["ip:10.0.0.1", "user:1"]) == ["ws-connections:ip:10.0.0.1", "ws-connections:user:1"]
    assert connections_acquire(["ip:10.0.0.1", "user:2"]) is None
    assert connections_acquire(["ip:10.0.0.2", "user:1"]) == ["ws-connections:ip:10.0.0.2", "ws-connections:user:1"]
    from django.core.cache import cache

    assert (cache.get("ws-connections:user:1"), cache.get("ws-connections:user:2")) == (2, None)
