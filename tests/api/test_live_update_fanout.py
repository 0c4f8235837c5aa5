"""Fan-out of live updates (docs/performance.md, "Fan-out"): a publish never waits for the channel
layer; the subscribers of one process share one read and one serialisation per event; bursts are
coalesced and the last push is always the latest state."""

from __future__ import annotations

import asyncio
import datetime as dt
import subprocess
import sys
import threading
import time
from decimal import Decimal
from unittest import mock

import pytest
from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async
from channels.layers import get_channel_layer

from kserp.api.finance import invoices_schema
from kserp.api.finance.invoice_types import ReceivablesSummary
from kserp.finance.events import receivables_changed_publish
from kserp.realtime import listen
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


def test_the_subscribers_of_one_process_share_one_read_and_one_serialisation_per_event(transactional_db, staff_user):
    """Three sockets with the same document and viewer: one read, one execution, the same bytes."""
    entity_id = make_client("ACME").entity_id
    token = issue(staff_user)
    reads, executions = [], []
    real, real_execute = invoices_schema._receivables_now, listen._execute_once

    def counted(entity: int):
        reads.append(entity)
        return real(entity)

    async def counted_execute(listener, value):
        executions.append(value)
        return await real_execute(listener, value)

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

    with (
        mock.patch.object(invoices_schema, "_receivables_now", counted),
        mock.patch.object(listen, "_execute_once", counted_execute),
    ):
        received = async_to_sync(scenario)()
    assert [(m["id"], m["type"], m["payload"]) for m in received] == [
        (str(n), "next", {"data": {"receivablesChanged": {"outstanding": "0.00", "overdue": "0.00"}}}) for n in range(3)
    ]
    assert reads == [entity_id]
    assert len(executions) == 1


def _summary(outstanding: int) -> ReceivablesSummary:
    amount = Decimal(outstanding).quantize(Decimal("0.01"))
    zero = Decimal("0.00")
    return ReceivablesSummary(
        entity="KSAU", currency="AUD", as_of=dt.date(2026, 1, 1), outstanding=amount, overdue=zero,
        current=amount, days1_to30=zero, days31_to60=zero, days61_to90=zero, days90_plus=zero,
    )  # fmt: skip


def test_a_burst_of_events_is_coalesced_and_the_last_push_is_the_latest_state(transactional_db, staff_user):
    """Events 2 and 3 arrive while event 1's read is still running: they make ONE more push, read
    after both, so the subscriber ends on the latest state and never on a stale one."""
    entity_id = make_client("ACME").entity_id
    token = issue(staff_user)
    state = {"outstanding": 1}
    reads = []

    def slow_read(entity: int) -> ReceivablesSummary:
        seen = state["outstanding"]  # what the database held when the read began
        reads.append(seen)
        if len(reads) == 1:
            time.sleep(0.5)  # the burst arrives meanwhile
        return _summary(seen)

    async def scenario():
        comm = communicator()
        await connect_and_init(comm, {"authorization": f"Bearer {token}"})
        await subscribe(comm, "1", RECEIVABLES)
        await settle()
        await database_sync_to_async(receivables_changed_publish)(entity_id=entity_id)
        await asyncio.sleep(0.2)  # the first read has begun
        for value in (2, 3):
            state["outstanding"] = value
            await database_sync_to_async(receivables_changed_publish)(entity_id=entity_id)
        pushes = [await next_message(comm, timeout=10), await next_message(comm, timeout=10)]
        assert await comm.receive_nothing(timeout=listen.COALESCE_SECONDS + 0.5)
        await comm.disconnect()
        return [p["payload"]["data"]["receivablesChanged"]["outstanding"] for p in pushes]

    with mock.patch.object(invoices_schema, "_receivables_now", slow_read):
        outstanding = async_to_sync(scenario)()
    assert outstanding == ["1.00", "3.00"]  # the last push carries the latest state
    assert reads == [1, 3]  # one read for the burst of two


def test_two_receivables_subscriptions_on_one_socket_both_work_and_completing_one_keeps_the_other(
    transactional_db, staff_user
):
    """strawberry-django #942 for the shared-push path: both get each event; after `complete` of
    one, the other still gets the next event and the completed one nothing."""
    entity_id = make_client("ACME").entity_id
    token = issue(staff_user)

    async def scenario():
        comm = communicator()
        await connect_and_init(comm, {"authorization": f"Bearer {token}"})
        await subscribe(comm, "1", RECEIVABLES)
        await subscribe(comm, "2", RECEIVABLES)
        await settle()
        await database_sync_to_async(receivables_changed_publish)(entity_id=entity_id)
        first = {(await next_message(comm, timeout=10))["id"] for _ in range(2)}
        await comm.send_json_to({"id": "1", "type": "complete"})
        await settle()
        await database_sync_to_async(receivables_changed_publish)(entity_id=entity_id)
        second = await next_message(comm, timeout=10)
        nothing_more = await comm.receive_nothing(timeout=0.5)
        await comm.disconnect()
        return first, second, nothing_more

    first, second, nothing_more = async_to_sync(scenario)()
    assert first == {"1", "2"}
    assert second["id"] == "2" and second["type"] == "next"
    assert second["payload"]["data"]["receivablesChanged"] == {"outstanding": "0.00", "overdue": "0.00"}
    assert nothing_more
