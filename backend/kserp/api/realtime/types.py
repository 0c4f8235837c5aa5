from datetime import datetime

import strawberry

from kserp.api.core.errors import UserError


@strawberry.type(description="A message sent through a background worker to every `pings` subscriber.")
class Ping:
    message: str
    at: datetime


@strawberry.type
class PingPayload:
    ok: bool
    errors: list[UserError]
