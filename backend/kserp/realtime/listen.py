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
    (strawberry-django #942; tests/api/test_subscriptions.py checks it).
    """
    ws = info.context["ws"]
    async with ws.listen_to_channel(EVENT_TYPE, groups=list(groups)) as messages:
        async for message in messages:
            yield message["payload"]
