"""Webhooks in GraphQL: event types, endpoints and the delivery log (admins), and their mutations."""

from __future__ import annotations

import strawberry
import strawberry_django
from django.db.models import QuerySet
from strawberry import relay
from strawberry.types import Info
from strawberry_django.relay import DjangoListConnection

from kserp.api.core.permissions import IsStaff, Require
from kserp.api.webhooks.mutations.webhook_delivery_resend import resend_webhook_delivery_field
from kserp.api.webhooks.mutations.webhook_endpoint_create import create_webhook_endpoint_field
from kserp.api.webhooks.mutations.webhook_endpoint_rotate_secret import rotate_webhook_secret_field
from kserp.api.webhooks.mutations.webhook_endpoint_set_active import set_webhook_endpoint_active_field
from kserp.api.webhooks.types import (
    ADMIN_RULES,
    WebhookDeliveryFilter,
    WebhookDeliveryType,
    WebhookEndpointType,
    WebhookEventTypeInfo,
)
from kserp.webhooks.events import EVENT_TYPES
from kserp.webhooks.models import WebhookDelivery, WebhookEndpoint


@strawberry.type
class WebhooksQuery:
    @strawberry.field(description="The webhook event types (staff).", extensions=[Require(IsStaff())])
    def webhook_event_types(self) -> list[WebhookEventTypeInfo]:
        return [
            WebhookEventTypeInfo(name=e.name, description=e.description, client_visible=e.client_visible)
            for e in EVENT_TYPES.values()
        ]

    @strawberry_django.connection(
        DjangoListConnection[WebhookEndpointType],
        description="Partners' webhook endpoints (admins).",
        extensions=[Require(*ADMIN_RULES)],
    )
    def webhook_endpoints(self, info: Info) -> QuerySet[WebhookEndpoint]:
        return WebhookEndpoint.objects.order_by("id")

    @strawberry_django.connection(
        DjangoListConnection[WebhookDeliveryType],
        description="The delivery log, newest first (admins).",
        extensions=[Require(*ADMIN_RULES)],
    )
    def webhook_deliveries(self, info: Info, filters: WebhookDeliveryFilter | None = None) -> QuerySet[WebhookDelivery]:
        qs = WebhookDelivery.objects.order_by("-id")
        if filters is not None:
            if filters.endpoint is not None:
                global_id = relay.GlobalID.from_id(str(filters.endpoint))
                qs = qs.filter(endpoint_id=int(global_id.node_id) if global_id.node_id.isdigit() else 0)
            if filters.status is not None:
                qs = qs.filter(status=filters.status)
            if filters.event_id is not None:
                qs = qs.filter(event__uid=filters.event_id)
        return qs


@strawberry.type
class WebhooksMutation:
    create_webhook_endpoint = create_webhook_endpoint_field
    rotate_webhook_secret = rotate_webhook_secret_field
    set_webhook_endpoint_active = set_webhook_endpoint_active_field
    resend_webhook_delivery = resend_webhook_delivery_field
