"""GraphQL over WebSocket: graphql-transport-ws only, a cap on subscriptions per connection,
`connection_init` within KSERP_WS_INIT_TIMEOUT seconds (else closed 4408), and API tokens:
`{"authorization": "Bearer <token>"}` in the `connection_init` payload (a bad one closes 4403).
Without a token the session cookie (channels' AuthMiddlewareStack) identifies the user.

A connection may send at most `KSERP_RATE_LIMITS["ws_messages"]` messages per window (subscribe,
complete, ping...: each may start work on the server); past it the socket is closed with 4429, and
the client reconnects with backoff.

Each `subscribe` also counts against the same limits as an HTTP request, in the same counters
(`graphql` per API token or user, `graphql_anonymous` per address): past them the operation gets an
`error` message with code RATE_LIMITED and runs nothing. At most
KSERP_WS_MAX_CONNECTIONS_PER_USER sockets per user (or token) and
KSERP_WS_MAX_CONNECTIONS_PER_ADDRESS per address are open at once: one more is closed with 4429
at `connection_init`."""

from __future__ import annotations

import datetime as dt
import json
import time
import uuid
from typing import Any

from asgiref.sync import sync_to_async
from channels.db import database_sync_to_async
from django.conf import settings
from django.core.cache import cache
from strawberry.channels import GraphQLWSConsumer
from strawberry.exceptions import ConnectionRejectionError
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL
from strawberry.subscriptions.protocols.graphql_transport_ws.handlers import (
    BaseGraphQLTransportWSHandler,
    Operation,
)
from strawberry.types.unset import UNSET, UnsetType

from kserp.api.core import ratelimit
from kserp.api.core.ratelimit import parse_limit
from kserp.api.schema import schema
from kserp.identity.audit import bind_audit_context
from kserp.identity.tokens import api_token_authenticate
from kserp.realtime.listen import current_operation

MAX_SUBSCRIPTIONS_PER_CONNECTION = 20


class KsTransportWSHandler(BaseGraphQLTransportWSHandler[Any, Any]):
    """strawberry's graphql-transport-ws handler, telling each operation's resolvers which
    operation they serve, so `listen_read` can write the pushes it serialised once for many
    subscribers straight to the socket (kserp.realtime.listen; docs/performance.md)."""

    async def run_operation(self, operation: Operation[Any, Any]) -> None:
        current_operation.set(operation)  # the operation's own task: its own context
        await super().run_operation(operation)


class KsGraphQLWSConsumer(GraphQLWSConsumer):
    graphql_transport_ws_handler_class = KsTransportWSHandler

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Read per connection, so tests (and operators) can change it without a restart.
        self.connection_init_wait_timeout = dt.timedelta(seconds=float(settings.KSERP_WS_INIT_TIMEOUT))
        self.message_limit = parse_limit(settings.KSERP_RATE_LIMITS["ws_messages"])
        self.window_start = time.monotonic()
        self.window_messages = 0
        self.rate_limit: tuple[str, str] | None = None  # (limit name, who), known after connection_init
        self.connection_keys: list[str] = []  # the open-connection counters this socket holds
        self.refusal: tuple[int, str] | None = None

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        now = time.monotonic()
        if now - self.window_start >= self.message_limit.seconds:
            self.window_start, self.window_messages = now, 0
        self.window_messages += 1
        if self.window_messages > self.message_limit.count:
            await self.close(code=4429, reason="Too many messages")
            return
        if self.rate_limit is not None and text_data and '"subscribe"' in text_data:
            refused = await self._rate_limited(text_data)
            if refused is not None:
                await self.send(text_data=json.dumps(refused))
                return
        await super().receive(text_data=text_data, bytes_data=bytes_data)

    async def _rate_limited(self, text_data: str) -> dict[str, Any] | None:
        """The `error` message refusing this subscribe when its caller is past the HTTP limits."""
        try:
            message = json.loads(text_data)
        except ValueError:
            return None  # strawberry answers malformed messages
        if not isinstance(message, dict) or message.get("type") != "subscribe" or self.rate_limit is None:
            return None
        outcome = await sync_to_async(ratelimit.hit)(*self.rate_limit)
        if outcome.allowed:
            return None
        limit = outcome.limit
        error = {
            "message": f"Too many requests: at most {limit.count} per {limit.seconds} s. Retry later.",
            "extensions": {"code": "RATE_LIMITED", "retryAfter": outcome.retry_after},
        }
        return {"id": message.get("id"), "type": "error", "payload": [error]}

    async def close(self, code: int | bool | None = None, reason: str | None = None) -> None:
        if self.refusal is not None:  # a refused connection_init: our code, not strawberry's 4403
            code, reason = self.refusal
        await super().close(code=code, reason=reason)

    async def disconnect(self, code: int) -> None:
        keys, self.connection_keys = self.connection_keys, []
        for key in keys:
            await sync_to_async(connections_release)(key)
        await super().disconnect(code)

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
        ip = str(client[0] or "unknown")
        user_id = await database_sync_to_async(_user_id)(self.scope.get("user"))
        who = f"token:{token.pk}" if token is not None else f"user:{user_id}" if user_id is not None else None
        # The HTTP counters (views.py): per token or user, else per address.
        self.rate_limit = ("graphql", who) if who is not None else ("graphql_anonymous", f"ip:{ip}")
        keys = [f"ip:{ip}", *([who] if who is not None else [])]
        held = await sync_to_async(connections_acquire)(keys)
        if held is None:
            self.refusal = (4429, "Too many connections")
            raise ConnectionRejectionError({"message": "Too many open connections."})
        self.connection_keys = held
        bind_audit_context(api_token=token, request_id=uuid.uuid4().hex, ip=client[0])
        return UNSET


def _user_id(user: Any) -> int | None:
    return user.pk if user is not None and user.is_authenticated else None


_CONNECTION_TTL = 24 * 3600  # a crashed server's sockets stop counting after a day


def _connections_key(who: str) -> str:
    return f"ws-connections:{who}"


def connections_acquire(keys: list[str]) -> list[str] | None:
    """Count one more open socket for each of `keys` (`ip:<address>`, `user:<id>`, `token:<id>`);
    None (and nothing counted) when one of them is at its cap."""
    held: list[str] = []
    for who in keys:
        cap = (
            settings.KSERP_WS_MAX_CONNECTIONS_PER_ADDRESS
            if who.startswith("ip:")
            else settings.KSERP_WS_MAX_CONNECTIONS_PER_USER
        )
        key = _connections_key(who)
        cache.add(key, 0, timeout=_CONNECTION_TTL)
        held.append(key)
        if cache.incr(key) > cap:
            for taken in held:
                connections_release(taken)
            return None
    return held


def connections_release(key: str) -> None:
    try:
        if cache.decr(key) < 0:
            cache.set(key, 0, timeout=_CONNECTION_TTL)
    except ValueError:  # expired
        pass


def graphql_ws_consumer():
    return KsGraphQLWSConsumer.as_asgi(
        schema=schema,
        subscription_protocols=(GRAPHQL_TRANSPORT_WS_PROTOCOL,),
        max_subscriptions_per_connection=MAX_SUBSCRIPTIONS_PER_CONNECTION,
        # Cross-origin pages allowed to open the socket (same-origin is always allowed).
        allowed_origins=settings.CSRF_TRUSTED_ORIGINS,
    )
