from __future__ import annotations

import strawberry
from strawberry.types import Info

from kserp.api.core.errors import UserError
from kserp.api.core.permissions import IsAuthenticated, Require
from kserp.api.realtime.types import PingPayload
from kserp.realtime.services import ping_request

MAX_PING_LENGTH = 200


def ping_mutation(info: Info, message: str) -> PingPayload:
    if not message.strip() or len(message) > MAX_PING_LENGTH:
        return PingPayload(
            ok=False,
            errors=[UserError(field="message", code="INVALID", message=f"Give 1 to {MAX_PING_LENGTH} characters.")],
        )
    ping_request(message=message)
    return PingPayload(ok=True, errors=[])


ping_field = strawberry.mutation(
    resolver=ping_mutation,
    description="Send `message` through a background worker to every `pings` subscriber (signed-in users).",
    extensions=[Require(IsAuthenticated())],
)
