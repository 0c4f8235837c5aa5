from __future__ import annotations

import strawberry
from strawberry.types import Info

from kserp.api.core.context import current_user
from kserp.api.core.permissions import Require
from kserp.api.webhooks.mutations._lookup import admin_object, not_found
from kserp.api.webhooks.types import ADMIN_RULES, WebhookEndpointPayload, WebhookEndpointType
from kserp.webhooks.models import WebhookEndpoint
from kserp.webhooks.services import webhook_endpoint_disable, webhook_endpoint_enable


def set_webhook_endpoint_active_mutation(info: Info, id: strawberry.ID, active: bool) -> WebhookEndpointPayload:
    endpoint = admin_object(info, WebhookEndpointType, WebhookEndpoint, str(id), "WebhookEndpoint")
    if endpoint is None:
        return WebhookEndpointPayload(endpoint=None, errors=not_found("id", str(id)))
    actor = current_user(info)
    if active:
        endpoint = webhook_endpoint_enable(endpoint=endpoint, actor=actor)
    else:
        endpoint = webhook_endpoint_disable(
            endpoint=endpoint, reason=f"Disabled by {actor.get_username()}.", actor=actor
        )
    return WebhookEndpointPayload(endpoint=endpoint, errors=[])  # type: ignore[arg-type]


set_webhook_endpoint_active_field = strawberry.mutation(
    resolver=set_webhook_endpoint_active_mutation,
    description="Enable (pending deliveries are sent at once) or disable a webhook endpoint (admins).",
    extensions=[Require(*ADMIN_RULES)],
)
