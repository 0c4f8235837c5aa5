"""Events published to subscribers through the Channels layer, always after commit.

`publish_on_commit(group, payload)` queues a `group_send` for when the surrounding transaction
commits (at once outside a transaction). Subscription resolvers listen with
`kserp.realtime.listen.listen(info, group)`.

Embedded mode: the channel layer is in memory and lives in daphne's event loop. Code running in
another thread (the in-process dramatiq worker) must hand the send to that loop, which
`register_main_loop` (called by config/asgi.py) makes possible.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

logger = logging.getLogger(__name__)

EVENT_TYPE = "kserp.event"
_main_loop: asyncio.AbstractEventLoop | None = None
_main_thread_id: int | None = None


def register_main_loop(loop: asyncio.AbstractEventLoop) -> None:
    """Remember the server's event loop so worker threads can publish into it."""
    global _main_loop, _main_thread_id
    _main_loop = loop
    _main_thread_id = threading.get_ident()


def publish_now(group: str, payload: dict[str, Any]) -> None:
    """Send `payload` to every subscriber of `group` (not waiting for a commit)."""
    layer = get_channel_layer()
    if layer is None:
        return
    # The group travels with the message: a socket's subscriptions share one channel, so each
    # listener keeps only its own groups' messages (kserp.realtime.listen).
    message = {"type": EVENT_TYPE, "group": group, "payload": payload}
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
