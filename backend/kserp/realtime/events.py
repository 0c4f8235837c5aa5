"""Events published to subscribers through the Channels layer, always after commit.

`publish_on_commit(group, payload)` queues a `group_send` for when the surrounding transaction
commits (at once outside a transaction). Subscription resolvers listen with
`kserp.realtime.listen.listen(info, group)`.

The send is off the request path: with channels-redis (services mode) a publisher thread of the
process sends the queued messages in order, so a mutation's response never waits for Redis to
reach however many subscribers a group has (docs/performance.md, "Fan-out"). Every message carries
an `event` id, unique per publish, by which subscribers of one process share one read of what the
event changed (`kserp.realtime.listen.read_once`).

Embedded mode: the channel layer is in memory and lives in daphne's event loop. Code running in
another thread (the in-process dramatiq worker) must hand the send to that loop, which
`register_main_loop` (called by config/asgi.py) makes possible.
"""

from __future__ import annotations

import asyncio
import atexit
import itertools
import logging
import threading
import uuid
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

logger = logging.getLogger(__name__)

EVENT_TYPE = "kserp.event"
_main_loop: asyncio.AbstractEventLoop | None = None
_main_thread_id: int | None = None
_PROCESS = uuid.uuid4().hex[:12]
_sequence = itertools.count(1)


def register_main_loop(loop: asyncio.AbstractEventLoop) -> None:
    """Remember the server's event loop so worker threads can publish into it."""
    global _main_loop, _main_thread_id
    _main_loop = loop
    _main_thread_id = threading.get_ident()


def event_message(group: str, payload: dict[str, Any]) -> dict[str, Any]:
    # The group travels with the message: a socket's subscriptions share one channel, so each
    # listener keeps only its own groups' messages (kserp.realtime.listen).
    return {"type": EVENT_TYPE, "group": group, "event": f"{_PROCESS}.{next(_sequence)}", "payload": payload}


def publish_now(group: str, payload: dict[str, Any]) -> None:
    """Send `payload` to every subscriber of `group` (not waiting for a commit). With Redis the
    send is queued to the process's publisher thread and this returns at once."""
    layer = get_channel_layer()
    if layer is None:
        return
    message = event_message(group, payload)
    if _is_redis(layer):
        _Publisher.get().put(layer, group, message)
        return
    loop = _main_loop
    if loop is not None and loop.is_running() and threading.get_ident() != _main_thread_id:
        try:
            asyncio.get_running_loop()
            in_other_loop = True
        except RuntimeError:
            in_other_loop = False
        if not in_other_loop:
            future = asyncio.run_coroutine_threadsafe(layer.group_send(group, message), loop)
            future.result(timeout=10)
            return
    async_to_sync(layer.group_send)(group, message)


def publish_on_commit(group: str, payload: dict[str, Any]) -> None:
    """Publish `payload` to `group` once the current transaction commits."""

    def send() -> None:
        try:
            publish_now(group, payload)
        except Exception:  # a lost live update must never undo committed work
            logger.exception("publishing to %s failed", group)

    transaction.on_commit(send)


def publish_flush(timeout: float = 10) -> bool:
    """Wait until every queued message has been sent (tests, shutdown); False on timeout."""
    publisher = _Publisher.instance
    return True if publisher is None else publisher.flush(timeout)


def _is_redis(layer: Any) -> bool:
    return type(layer).__module__.startswith("channels_redis")


class _Publisher:
    """One daemon thread per process with its own event loop, sending queued group messages in
    the order they were published.

    Publishers hand messages to the loop with `call_soon_threadsafe`; nothing in the thread blocks
    outside the loop. (A blocking `queue.get` in the loop's default executor would run in a
    non-daemon pool thread, which Python joins at exit: every process that had published would
    then hang on exit.)"""

    instance: _Publisher | None = None
    _lock = threading.Lock()

    @classmethod
    def get(cls) -> _Publisher:
        with cls._lock:
            if cls.instance is None or not cls.instance.thread.is_alive():
                cls.instance = cls()
                atexit.register(cls.instance.flush, 5)
            return cls.instance

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.queue: asyncio.Queue[tuple[Any, str, dict[str, Any]]] = asyncio.Queue()
        self.thread = threading.Thread(target=self._run, name="kserp-publisher", daemon=True)
        self.thread.start()

    def put(self, layer: Any, group: str, message: dict[str, Any]) -> None:
        self.loop.call_soon_threadsafe(self.queue.put_nowait, (layer, group, message))

    def flush(self, timeout: float) -> bool:
        if not self.thread.is_alive():
            return True
        done = threading.Event()
        self.put(None, "", {"flush": done})
        return done.wait(timeout)

    def _run(self) -> None:
        asyncio.set_event_loop(self.loop)
        self.loop.run_until_complete(self._send_all())

    async def _send_all(self) -> None:
        while True:
            layer, group, message = await self.queue.get()
            if "flush" in message:
                message["flush"].set()
                continue
            try:
                await layer.group_send(group, message)
            except Exception:  # a lost live update must never stop the others
                logger.exception("publishing to %s failed", group)
