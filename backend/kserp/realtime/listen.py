"""Subscription helpers: yield the payloads published to channel-layer groups (`listen`), or push
what each event changed, read and serialised once per process for all its subscribers
(`listen_read`).

Delivery is per process, not per socket (docs/performance.md, "Fan-out"): each event loop has one
`_Hub` with one channel-layer channel, joined to every group some local subscription listens to.
A group's event therefore crosses the channel layer once per process however many sockets of that
process listen, and the hub hands it to the local subscriptions of the message's group. A socket's
subscriptions are separate listeners: completing one never silences another on the same socket,
even on the same group (strawberry-django #942; tests/api/test_subscriptions.py).
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import json
import logging
import weakref
from collections import defaultdict
from collections.abc import AsyncGenerator, Callable, Hashable, Sequence
from functools import lru_cache
from inspect import isawaitable
from typing import Any, Generic, TypeVar

from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from graphql import DocumentNode, execute, parse
from strawberry.schema._graphql_core import execution_context_class_kwargs
from strawberry.types import Info

logger = logging.getLogger(__name__)

T = TypeVar("T")

#: The graphql-transport-ws operation whose subscription resolver is running (set by the socket's
#: protocol handler, kserp.api.consumers): lets `listen_read` write its pushes to the socket itself.
current_operation: contextvars.ContextVar[Any] = contextvars.ContextVar("kserp_ws_operation", default=None)

#: Events for the same thing arriving within this window after a push are coalesced into one more
#: push carrying the latest state (docs/performance.md, "Coalescing").
COALESCE_SECONDS = 0.1
#: Messages a `listen` subscription may have waiting before new ones are dropped (as channels-redis
#: did per socket channel).
QUEUE_LIMIT = 100
#: How often the hub renews its group memberships (channels-redis lets them expire after a day).
GROUP_REFRESH_SECONDS = 3600.0


async def listen(info: Info, groups: Sequence[str]) -> AsyncGenerator[dict[str, Any], None]:
    """Yield each payload published to any of `groups` while the subscription lives."""
    listener = _QueueListener()
    hub = await _Hub.join(listener, groups)
    try:
        while True:
            message = await listener.queue.get()
            yield message["payload"]
    finally:
        hub.leave(listener, groups)


async def listen_read(
    info: Info, groups: Sequence[str], read: Callable[[dict[str, Any]], T], key: Hashable = ()
) -> AsyncGenerator[T, None]:
    """Push `read(payload)` for the events published to any of `groups`, read ONCE per event in
    this process however many subscribers listen, and coalesced: events for the same payload that
    arrive while a read is running or within COALESCE_SECONDS of the last push make one more push,
    of state read after the last of them. So a subscriber may skip intermediate states, never the
    latest one, and never receives an older state after a newer one.

    Under the socket's protocol handler (`current_operation` set) the result is also executed and
    serialised once per event for every subscription with the same document, variables and viewer,
    and the same bytes are written to each socket: this generator then yields nothing itself and
    only raises when a read fails. Elsewhere it yields the (shared) read.

    `read` must not depend on who is asking: check access when subscribing, and choose the groups
    accordingly. When `read` depends on the subscription's arguments (a closure), pass them as
    `key` (hashable): reads are shared only between subscribers with equal keys. A read that
    returns None pushes nothing (the event does not concern these subscribers)."""
    listener = _ReadListener(info, read, current_operation.get(), key)
    hub = await _Hub.join(listener, groups)
    try:
        while True:
            await listener.wake.wait()
            listener.wake.clear()
            value, error = listener.latest
            listener.latest = (None, None)
            if error is not None:
                raise error
            yield value
    finally:
        listener.active = False
        hub.leave(listener, groups)


class _QueueListener:
    def __init__(self) -> None:
        self.queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue(maxsize=QUEUE_LIMIT)

    def deliver(self, hub: _Hub, message: dict[str, Any]) -> None:
        try:
            self.queue.put_nowait(message)
        except asyncio.QueueFull:
            logger.warning("a subscription of %s is %d messages behind: dropped one", message.get("group"), QUEUE_LIMIT)


class _ReadListener(Generic[T]):
    def __init__(self, info: Info, read: Callable[[dict[str, Any]], T], operation: Any, key: Hashable = ()) -> None:
        self.read = read
        self.read_id = (read.__module__, read.__qualname__, key)
        self.active = True
        self.wake = asyncio.Event()
        self.latest: tuple[Any, BaseException | None] = (None, None)
        self.operation = operation
        self.ws = info.context.get("ws") if isinstance(info.context, dict) else None
        self.shape: Hashable = None
        if operation is not None and self.ws is not None:
            scope = getattr(self.ws, "scope", {})
            viewer = (getattr(scope.get("user"), "pk", None), getattr(scope.get("api_token"), "pk", None))
            variables = json.dumps(operation.variables or {}, sort_keys=True, default=str)
            # Who asks is part of the shape: fields may show different things to different viewers.
            self.shape = (viewer, operation.query, operation.operation_name, variables)
            self.schema = info.schema
            self.context = info.context

    def deliver(self, hub: _Hub, message: dict[str, Any]) -> None:
        group, payload = message["group"], message["payload"]
        key = (group, self.read_id, _freeze(payload))
        feed = hub.feeds.get(key)
        if feed is None:
            feed = hub.feeds[key] = _Feed(hub, key, group, self.read, payload)
        feed.trigger()

    def offer(self, value: Any, error: BaseException | None) -> None:
        """A new state (or the read's failure) for the generator; an unconsumed older one is replaced."""
        self.latest = (value, error)
        self.wake.set()

    def sendable(self) -> bool:
        operation = self.operation
        # Completed by the client (or the protocol) since: never a `next` after `complete`.
        return self.active and not operation.completed and operation.handler.operations.get(operation.id) is operation

    async def send(self, payload_json: str) -> None:
        ws = self.ws
        if ws is None or not self.sendable():
            return
        text = f'{{"id":{json.dumps(self.operation.id)},"type":"next","payload":{payload_json}}}'
        try:
            await ws.send(text_data=text)
        except Exception:  # a closed socket: its operations are being cancelled
            logger.debug("push to a closed socket dropped", exc_info=True)


class _Feed:
    """The reads and pushes of one (group, read, payload): at most one read in flight, and the
    events that arrive meanwhile or within COALESCE_SECONDS after its push make one more."""

    def __init__(self, hub: _Hub, key: tuple[Hashable, ...], group: str, read: Callable[..., Any], payload: Any):
        self.hub, self.key, self.group, self.read, self.payload = hub, key, group, read, payload
        self.read_id = key[1]
        self.pending = False
        self.task: asyncio.Task[None] | None = None

    def trigger(self) -> None:
        self.pending = True
        if self.task is None:
            self.task = asyncio.ensure_future(self._run())

    async def _run(self) -> None:
        try:
            while self.pending:
                self.pending = False
                try:
                    value, error = await database_sync_to_async(self.read)(self.payload), None
                except Exception as exc:  # each subscriber's generator raises it, as an unshared read would
                    value, error = None, exc
                await self._push(value, error)
                await asyncio.sleep(COALESCE_SECONDS)
        finally:
            if self.hub.feeds.get(self.key) is self:
                del self.hub.feeds[self.key]

    async def _push(self, value: Any, error: BaseException | None) -> None:
        listeners = [
            listener
            for listener in self.hub.members.get(self.group, ())
            if isinstance(listener, _ReadListener) and listener.read_id == self.read_id and listener.active
        ]
        shapes: dict[Hashable, list[_ReadListener[Any]]] = defaultdict(list)
        for listener in listeners:
            if error is None and listener.shape is not None:
                if value is None:  # `read` returned None: nothing for these subscribers this time
                    continue
                shapes[listener.shape].append(listener)
            else:
                listener.offer(value, error)
        for members in shapes.values():
            try:
                payload_json = await _execute_once(members[0], value)
            except Exception as exc:
                for listener in members:
                    listener.offer(None, exc)
                continue
            for listener in members:
                await listener.send(payload_json)


async def _execute_once(listener: _ReadListener[Any], value: Any) -> str:
    """The subscription's `next` payload for `value`, as JSON: the operation executed with `value`
    as the event (what strawberry does per subscriber), once for all listeners of this shape."""
    operation = listener.operation
    result = execute(
        listener.schema._schema,
        _document(operation.query),
        root_value=value,
        context_value=listener.context,
        variable_values=operation.variables,
        operation_name=operation.operation_name,
        **execution_context_class_kwargs(listener.schema.execution_context_class),
    )
    if isawaitable(result):
        result = await result
    if result.errors:  # raised in the subscription itself, where strawberry formats (and masks) it
        first = result.errors[0]
        raise first.original_error or first
    return json.dumps({"data": result.data})


@lru_cache(maxsize=256)
def _document(query: str) -> DocumentNode:
    return parse(query)  # validated by strawberry when the operation was subscribed


class _Hub:
    """One per event loop: one channel-layer channel, joined to the groups local subscriptions
    listen to; each message is handed to the listeners of its group."""

    _by_loop: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, _Hub] = weakref.WeakKeyDictionary()

    def __init__(self, layer: Any) -> None:
        self.layer = layer
        self.channel: str | None = None
        self.members: dict[str, set[Any]] = {}
        self.feeds: dict[tuple[Hashable, ...], _Feed] = {}
        self.lock = asyncio.Lock()
        self.tasks: list[asyncio.Task[None]] = []

    @classmethod
    async def join(cls, listener: Any, groups: Sequence[str]) -> _Hub:
        layer = get_channel_layer()
        if layer is None:
            raise RuntimeError("Live updates need a channel layer (settings.CHANNEL_LAYERS).")
        loop = asyncio.get_running_loop()
        hub = cls._by_loop.get(loop)
        if hub is None or hub.layer is not layer:
            hub = cls._by_loop[loop] = cls(layer)
        for group in groups:  # first, so no message that arrives after the group_add is missed
            hub.members.setdefault(group, set()).add(listener)
        async with hub.lock:
            if hub.channel is None:
                # The default prefix: channels-redis receives every channel of a process through
                # one shared key per prefix, one receiver at a time.
                hub.channel = await layer.new_channel()
            if not hub.tasks or any(task.done() for task in hub.tasks):
                for task in hub.tasks:
                    task.cancel()
                hub.tasks = [loop.create_task(hub._receive()), loop.create_task(hub._refresh())]
            for group in groups:
                # Always: a membership expires on its own (group_expiry); each join renews it.
                await layer.group_add(group, hub.channel)
        return hub

    def leave(self, listener: Any, groups: Sequence[str]) -> None:
        """Synchronous, so nothing is delivered to `listener` once it returns."""
        emptied = []
        for group in groups:
            members = self.members.get(group)
            if members is not None:
                members.discard(listener)
                if not members:
                    del self.members[group]
                    emptied.append(group)
        if emptied:
            with contextlib.suppress(RuntimeError):  # the loop is gone: so is the channel
                asyncio.get_running_loop().create_task(self._discard(emptied))

    async def _discard(self, groups: list[str]) -> None:
        async with self.lock:
            for group in groups:
                if group not in self.members and self.channel is not None:
                    try:
                        await self.layer.group_discard(group, self.channel)
                    except Exception:
                        logger.debug("group_discard %s failed", group, exc_info=True)
            if not self.members:
                tasks, self.tasks = self.tasks, []
                for task in tasks:
                    task.cancel()

    async def _receive(self) -> None:
        assert self.channel is not None
        while True:
            try:
                message = await self.layer.receive(self.channel)
            except asyncio.CancelledError:
                raise
            except Exception:  # the channel layer is unreachable: try again, never stop listening
                logger.exception("receiving live updates failed")
                await asyncio.sleep(1)
                continue
            reads: set[Hashable] = set()  # the listeners of one read share its feed: trigger it once
            for listener in list(self.members.get(message.get("group", ""), ())):
                read_id = getattr(listener, "read_id", None)
                if read_id is not None:
                    if read_id in reads:
                        continue
                    reads.add(read_id)
                try:
                    listener.deliver(self, message)
                except Exception:
                    logger.exception("delivering an event of %s failed", message.get("group"))

    async def _refresh(self) -> None:
        while True:
            await asyncio.sleep(GROUP_REFRESH_SECONDS)
            async with self.lock:
                for group in list(self.members):
                    if self.channel is not None:
                        await self.layer.group_add(group, self.channel)


def _freeze(payload: dict[str, Any]) -> Hashable:
    return tuple(sorted((k, str(v)) for k, v in payload.items()))
