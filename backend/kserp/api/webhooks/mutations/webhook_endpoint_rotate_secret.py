from __future__ import annotations

import datetime as dt

import strawberry
from strawberry.types import Info

from kserp.api.core.context import current_user
from kserp.api.core.errors import UserError
from kserp.api.core.permissions import Require
from kserp.api.webhooks.mutations._lookup import admin_object, not_found
from kserp.api.webhooks.types import ADMIN_RULES, WebhookEndpointSecretPayload, WebhookEndpointType
from kserp.webhooks.models import WebhookEndpoint
from kserp.webhooks.services import webhook_endpoint_rotate_secret


def rotate_webhook_secret_mutation(
    info: Info, id: strawberry.ID, overlap_hours: int = 24
) -> WebhookEndpointSecretPayload:
    endpoint = admin_object(info, WebhookEndpointType, WebhookEndpoint, str(id), "WebhookEndpoint")
    if endpoint is None:
        return WebhookEndpointSecretPayload(endpoint=None, secret=None, errors=not_found("id", str(id)))
    if not 0 <= overlap_hours <= 24 * 7:
        error = UserError(field="overlapHours", code="INVALID", message="Between 0 and 168 hours.")
        return WebhookEndpointSecretPayload(endpoint=None, secret=None, errors=[error])
    endpoint = webhook_endpoint_rotate_secret(
        endpoint=endpoint, overlap=dt.timedelta(hours=overlap_hours), actor=current_user(info)
    )
    return WebhookEndpointSecretPayload(endpoint=endpoint, secret=endpoint.secret, errors=[])  # type: ignore[arg-type]


rotate_webhook_secret_field = strawberry.mutation(
    resolver=rotate_webhook_secret_mutation,
    description="A new signing secret (admins); the old one also signs for overlapHours, so the partner can switch.",
    extensions=[Require(*ADMIN_RULES)],
)
