from __future__ import annotations

import strawberry
from strawberry.types import Info

from kserp.api.core.context import current_user
from kserp.api.core.errors import UserError, ValidationFailed, user_errors
from kserp.api.core.lookup import by_id_or_code
from kserp.api.core.permissions import Require
from kserp.api.webhooks.types import (
    ADMIN_RULES,
    CreateWebhookEndpointInput,
    WebhookEndpointSecretPayload,
)
from kserp.base.models import Entity
from kserp.crm.models import Client
from kserp.webhooks.services import webhook_endpoint_create


def create_webhook_endpoint_mutation(info: Info, input: CreateWebhookEndpointInput) -> WebhookEndpointSecretPayload:
    errors: list[UserError] = []
    client = entity = None
    if input.client is not None:
        client = by_id_or_code(Client.objects.all(), str(input.client), type_name="Client")
        if client is None:
            errors.append(UserError(field="client", code="NOT_FOUND", message=f"No client {input.client!r}."))
    if input.entity is not None:
        entity = by_id_or_code(Entity.objects.all(), str(input.entity), type_name="Entity")
        if entity is None:
            errors.append(UserError(field="entity", code="NOT_FOUND", message=f"No entity {input.entity!r}."))
    if errors:
        return WebhookEndpointSecretPayload(endpoint=None, secret=None, errors=errors)
    try:
        endpoint = webhook_endpoint_create(
            name=input.name,
            url=input.url,
            event_types=input.event_types,
            client_id=client.pk if client is not None else None,
            entity_id=entity.pk if entity is not None else None,
            actor=current_user(info),
        )
    except ValidationFailed as failed:
        return WebhookEndpointSecretPayload(endpoint=None, secret=None, errors=user_errors(failed.errors))
    return WebhookEndpointSecretPayload(endpoint=endpoint, secret=endpoint.secret, errors=[])  # type: ignore[arg-type]


create_webhook_endpoint_field = strawberry.mutation(
    resolver=create_webhook_endpoint_mutation,
    description="Add a partner's webhook endpoint (admins). The answer carries its signing secret, shown only here.",
    extensions=[Require(*ADMIN_RULES)],
)
