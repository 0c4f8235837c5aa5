"""Subscription helpers: yield the payloads published to channel-layer groups (`listen`), or what
each event changed, read once per process for all its subscribers (`listen_read`)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator, Callable, Hashable, Sequence
from typing import Any, TypeVar

from channels.db import database_sync_to_async
from strawberry.types import Info

from kserp.realtime.events import EVENT_TYPE

T = TypeVar("T")


async def listen(info: Info, groups: Sequence[str]) -> AsyncGenerator[dict[str, Any], None]:
    """Yield each payload published to any of `groups` while the subscription lives.

    strawberry's consumer reference-counts group membership per connection, so ending one
    subscription does not drop another one on the same socket listening to the same group
    (strawberry-django #942; tests/api/test_subscriptions.py checks it). Events of other groups
    joined by other subscriptions on the same socket are skipped (tests/api/test_live_updates.py).
    """
    async for message in _messages(info, groups):
        yield message["payload"]


async def _messages(info: Info, groups: Sequence[str]) -> AsyncGenerator[dict[str, Any], None]:
    ws = info.context["ws"]
    wanted = set(groups)
    async with ws.listen_to_channel(EVENT_TYPE, groups=list(groups)) as messages:
        async for message in messages:
            # Every subscription of a socket receives every event sent to the socket's channel
            # (strawberry matches on the type only): keep the ones sent to our groups.
            if message.get("group", next(iter(wanted), None)) in wanted:
                yield message


# Reads shared by the subscribers of one process: (what, key, event) -> the read in flight or done.
_SHARED_READS: dict[tuple[Hashable, ...], asyncio.Future[Any]] = {}
SHARED_READ_SECONDS = 30.0  # how long a finished read stays for subscribers that are behind


async def listen_read(
    info: Info, groups: Sequence[str], read: Callable[[dict[str, Any]], T], key: Hashable = ()
) -> AsyncGenerator[T, None]:
    """Yield `read(payload)` for each event published to any of `groups`, computed ONCE per event
    in this process however many subscribers listen (events carry ids; the read happens once per
    process, not once per subscriber: docs/performance.md, "Fan-out"). `read` must not depend on
    who is asking: check access when subscribing, and choose the groups accordingly. When `read`
    depends on the subscription's arguments (a closure), pass them as `key` (hashable): reads are
    shared only between subscribers with equal keys."""
    async for message in _messages(info, groups):
        shared = (read.__module__, read.__qualname__, message.get("event"), _freeze(message["payload"]), key)
        yield await _read_once(shared, read, message["payload"])


async def _read_once(key: tuple[Hashable, ...], read: Callable[[dict[str, Any]], T], payload: dict[str, Any]) -> T:
    future = _SHARED_READS.get(key) if key[2] is not None else None
    if future is None:
        future = asyncio.ensure_future(database_sync_to_async(read)(payload))
        if key[2] is not None:
            _SHARED_READS[key] = future
            asyncio.get_running_loop().call_later(SHARED_READ_SECONDS, _SHARED_READS.pop, key, None)
    return await asyncio.shield(future)


def _freeze(payload: dict[str, Any]) -> Hashable:
    return tuple(sorted((k, str(v)) for k, v in payload.items()))
