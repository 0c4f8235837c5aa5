"""GraphQL over WebSocket: graphql-transport-ws only, a cap on subscriptions per connection."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from strawberry.channels import GraphQLWSConsumer
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL

from kserp.api.schema import schema

MAX_SUBSCRIPTIONS_PER_CONNECTION = 20


def graphql_ws_consumer():  # type: ignore[no-untyped-def]
    return GraphQLWSConsumer.as_asgi(
        schema=schema,
        subscription_protocols=(GRAPHQL_TRANSPORT_WS_PROTOCOL,),
        max_subscriptions_per_connection=MAX_SUBSCRIPTIONS_PER_CONNECTION,
        connection_init_wait_timeout=dt.timedelta(seconds=10),
        # Cross-origin pages allowed to open the socket (same-origin is always allowed).
        allowed_origins=settings.CSRF_TRUSTED_ORIGINS,
    )
