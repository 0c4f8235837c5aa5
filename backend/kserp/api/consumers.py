"""GraphQL over WebSocket: graphql-transport-ws only, a cap on subscriptions per connection,
`connection_init` within KSERP_WS_INIT_TIMEOUT seconds (else closed 4408), and API tokens:
`{"authorization": "Bearer <token>"}` in the `connection_init` payload (a bad one closes 4403).
Without a token the session cookie (channels' AuthMiddlewareStack) identifies the user.

A connection may send at most `KSERP_RATE_LIMITS["ws_messages"]` messages per window (subscribe,
complete, ping...: each may start work on the server); past it the socket is closed with 4429, and
the client reconnects with backoff."""

from __future__ import annotations

import datetime as dt
import time
import uuid
from typing import Any

from channels.db import database_sync_to_async
from django.conf import settings
from strawberry.channels import GraphQLWSConsumer
from strawberry.exceptions import ConnectionRejectionError
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL
from strawberry.types.unset import UNSET, UnsetType

from kserp.api.core.ratelimit import parse_limit
from kserp.api.schema import schema
from kserp.identity.audit import bind_audit_context
from kserp.identity.tokens import api_token_authenticate

MAX_SUBSCRIPTIONS_PER_CONNECTION = 20


class KsGraphQLWSConsumer(GraphQLWSConsumer):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Read per connection, so tests (and operators) can change it without a restart.
        self.connection_init_wait_timeout = dt.timedelta(seconds=float(settings.KSERP_WS_INIT_TIMEOUT))
        self.message_limit = parse_limit(settings.KSERP_RATE_LIMITS["ws_messages"])
        self.window_start = time.monotonic()
        self.window_messages = 0

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        now = time.monotonic()
        if now - self.window_start >= self.message_limit.seconds:
            self.window_start, self.window_messages = now, 0
        self.window_messages += 1
        if self.window_messages > self.message_limit.count:
            await self.close(code=4429, reason="Too many messages")
            return
        await super().receive(text_data=text_data, bytes_data=bytes_data)

    async def on_ws_connect(self, context: Any) -> UnsetType | dict[str, object] | None:
        params = context.get("connection_params") if isinstance(context, dict) else None
        authorization = (params or {}).get("authorization")
        token = None
        if authorization is not None:
            scheme, _, credentials = str(authorization).partition(" ")
            if scheme.lower() == "bearer":
                token = await database_sync_to_async(api_token_authenticate)(credentials)
            if token is None:
                raise ConnectionRejectionError({"message": "Invalid, expired or revoked API token."})
            self.scope["user"] = token.user
        self.scope["api_token"] = token
        client = self.scope.get("client") or (None,)
        bind_audit_context(api_token=token, request_id=uuid.uuid4().hex, ip=client[0])
        return UNSET


def graphql_ws_consumer():
    return KsGraphQLWSConsumer.as_asgi(
        schema=schema,
        subscription_protocols=(GRAPHQL_TRANSPORT_WS_PROTOCOL,),
        max_subscriptions_per_connection=MAX_SUBSCRIPTIONS_PER_CONNECTION,
        # Cross-origin pages allowed to open the socket (same-origin is always allowed).
        allowed_origins=settings.CSRF_TRUSTED_ORIGINS,
    )
