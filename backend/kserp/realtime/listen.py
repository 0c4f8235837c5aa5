"""Subscription helper: yield the payloads published to channel-layer groups."""

from __future__ import annotations

from collections.abc import AsyncGenerator, Sequence
from typing import Any

from strawberry.types import Info

from kserp.realtime.events import EVENT_TYPE


async def listen(info: Info, groups: Sequence[str]) -> AsyncGenerator[dict[str, Any], None]:
    """Yield each payload published to any of `groups` while the subscription lives.

    strawberry's consumer reference-counts group membership per connection, so ending one
    subscription does not drop another one on the same socket listening to the same group
    (strawberry-django #942; tests/api/test_subscriptions.py checks it). Events of other groups
    joined by other subscriptions on the same socket are skipped (tests/api/test_live_updates.py).
    """
    ws = info.context["ws"]
    wanted = set(groups)
    async with ws.listen_to_channel(EVENT_TYPE, groups=list(groups)) as messages:
        async for message in messages:
            # Every subscription of a socket receives every event sent to the socket's channel
            # (strawberry matches on the type only): keep the ones sent to our groups.
            if message.get("group", next(iter(wanted), None)) in wanted:
                yield message["payload"]
