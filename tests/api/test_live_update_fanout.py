"""Fan-out of live updates (docs/performance.md, "Fan-out"): a publish never waits for the channel
layer, and the subscribers of one process share one read per event."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import threading
from unittest import mock

import pytest
from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async
from channels.layers import get_channel_layer

from kserp.api.finance import invoices_schema
from kserp.finance.events import receivables_changed_publish
from kserp.realtime.events import publish_flush, publish_now
from tests.security.helpers import issue
from tests.support.orders import make_client
from tests.support.services import BACKEND, base_env
from tests.support.ws import communicator, connect_and_init, next_message, settle, subscribe

RECEIVABLES = 'subscription { receivablesChanged(entity: "KSAU") { outstanding overdue } }'


def _needs_redis_layer() -> None:
    if not type(get_channel_layer()).__module__.startswith("channels_redis"):
        pytest.skip("services mode only (channels-redis)")


def test_publishing_returns_while_the_channel_layer_is_still_sending(db):
    _needs_redis_layer()
    layer = get_channel_layer()
    sending, release = threading.Event(), threading.Event()

    async def blocked_group_send(group, message):
        sending.set()
        for _ in range(1000):  # at most 10 s
            if release.is_set():
                return
            await asyncio.sleep(0.01)

    with mock.patch.object(layer, "group_send", blocked_group_send):
        publish_now("kserp.test.fanout", {"id": 1})  # returns although the send below is blocked
        assert sending.wait(10)
        assert not release.is_set()
        release.set()
        assert publish_flush(10)


def test_a_process_that_published_exits_at_once(db):
    """The publisher thread must not keep a process alive: a command that published (a worker, a
    `manage.py` script) exits when its work is done."""
    _needs_redis_layer()
    script = (
        "from kserp.realtime.events import publish_flush, publish_now\n"
        "publish_now('kserp.test.exit', {'id': 1})\n"
        "print('SENT', publish_flush(10))"  # sent: the publisher thread now waits for the next message
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", script],
        cwd=BACKEND,
        env=base_env(),
        capture_output=True,
        text=True,
        timeout=60,  # the process hung on exit before (a blocked executor thread was joined)
    )
    assert result.returncode == 0 and "SENT True" in result.stdout, result.stderr


def test_the_subscribers_of_one_process_share_one_read_per_event(transactional_db, staff_user):
    entity_id = make_client("ACME").entity_id
    token = issue(staff_user)
    reads = []
    real = invoices_schema._receivables_now

    def counted(entity: int):
        reads.append(entity)
        return real(entity)

    async def scenario():
        sockets = [communicator(), communicator(), communicator()]
        for n, comm in enumerate(sockets):
            await connect_and_init(comm, {"authorization": f"Bearer {token}"})
            await subscribe(comm, str(n), RECEIVABLES)
        await settle()
        await database_sync_to_async(receivables_changed_publish)(entity_id=entity_id)  # no transaction: at once
        received = [await next_message(comm, timeout=10) for comm in sockets]
        for comm in sockets:
            await comm.disconnect()
        return received

    with mock.patch.object(invoices_schema, "_receivables_now", counted):
        received = async_to_sync(scenario)()
    assert [m["payload"]["data"]["receivablesChanged"] for m in received] == [
        {"outstanding": "0.00", "overdue": "0.00"}
    ] * 3
    assert reads == [entity_id]
