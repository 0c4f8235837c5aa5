from __future__ import annotations

from collections.abc import AsyncGenerator
from datetime import datetime

import strawberry
from strawberry.types import Info

from kserp.api.core.permissions import IsAuthenticated, Require
from kserp.api.realtime.mutations.ping import ping_field
from kserp.api.realtime.types import Ping
from kserp.realtime.listen import listen
from kserp.realtime.services import PINGS_GROUP


@strawberry.type
class RealtimeMutation:
    ping = ping_field


@strawberry.type
class RealtimeSubscription:
    @strawberry.subscription(
        description="Messages sent with the `ping` mutation (signed-in users).",
        extensions=[Require(IsAuthenticated())],
    )
    async def pings(self, info: Info) -> AsyncGenerator[Ping, None]:
        async for payload in listen(info, [PINGS_GROUP]):
            yield Ping(message=payload["message"], at=datetime.fromisoformat(payload["at"]))
