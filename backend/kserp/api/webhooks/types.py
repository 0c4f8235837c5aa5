"""GraphQL types of webhooks (admins: `identity.manage_api_tokens`, like API tokens)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import strawberry
import strawberry_django
from django.db.models import QuerySet
from strawberry import auto, relay
from strawberry.relay.utils import to_base64
from strawberry.types import Info

from kserp.api.core.errors import UserError
from kserp.api.core.permissions import HasPerm, IsStaff, Perm, denial_for, viewer_access
from kserp.webhooks.models import WebhookAttempt, WebhookDelivery, WebhookEndpoint

ADMIN_RULES = (IsStaff(), HasPerm(Perm.MANAGE_API_TOKENS, "Only admins may manage webhooks."))


def _admin_only(queryset: QuerySet[Any], info: Info) -> QuerySet[Any]:
    """Also guards node(id:): nothing for anyone but staff holding the permission (not through a
    client-bound token)."""
    return queryset if denial_for(ADMIN_RULES, viewer_access(info)) is None else queryset.none()


@strawberry.type(description="An event type partners can subscribe to.")
class WebhookEventTypeInfo:
    name: str
    description: str
    client_visible: bool = strawberry.field(description="Sent to endpoints bound to the event's client.")


@strawberry_django.type(WebhookEndpoint, name="WebhookEndpoint")
class WebhookEndpointType(relay.Node):
    name: auto
    url: auto
    is_active: auto
    disabled_at: auto
    disabled_reason: auto
    created_at: auto
    updated_at: auto
    previous_secret_expires_at: dt.datetime | None = strawberry_django.field(
        description="After a rotation, the old secret also signs deliveries until then."
    )

    @strawberry_django.field(description="Event types subscribed to.")
    def event_types(self, root: WebhookEndpoint) -> list[str]:
        return list(root.event_types or [])

    @strawberry_django.field(only=["client__code"], select_related=["client"], description="Bound to this client.")
    def client_code(self, root: WebhookEndpoint) -> str | None:
        return root.client.code if root.client is not None else None

    @strawberry_django.field(only=["entity__code"], select_related=["entity"], description="Bound to this entity.")
    def entity_code(self, root: WebhookEndpoint) -> str | None:
        return root.entity.code if root.entity is not None else None

    @classmethod
    def get_queryset(cls, queryset: QuerySet[WebhookEndpoint], info: Info, **kwargs: Any) -> QuerySet[WebhookEndpoint]:
        return _admin_only(queryset, info)


@strawberry_django.type(WebhookAttempt, name="WebhookAttempt")
class WebhookAttemptType:
    number: auto
    at: auto
    status_code: auto
    error: auto
    response_excerpt: auto
    duration_ms: auto


@strawberry_django.type(WebhookDelivery, name="WebhookDelivery")
class WebhookDeliveryType(relay.Node):
    status: auto
    attempts: auto
    next_attempt_at: auto
    last_status_code: auto
    last_error: auto
    succeeded_at: auto
    created_at: auto
    updated_at: auto
    endpoint: WebhookEndpointType
    attempt_log: list[WebhookAttemptType] = strawberry_django.field(description="Every request made, in order.")

    @strawberry_django.field(only=["event__uid"], select_related=["event"], description="The event's stable id.")
    def event_id(self, root: WebhookDelivery) -> str:
        return root.event.uid

    @strawberry_django.field(only=["event__type"], select_related=["event"])
    def event_type(self, root: WebhookDelivery) -> str:
        return root.event.type

    @strawberry_django.field(
        only=["event__object_type", "event__object_id"],
        select_related=["event"],
        description="The global ID of the object the event is about.",
    )
    def object_id(self, root: WebhookDelivery) -> strawberry.ID:
        return strawberry.ID(to_base64(root.event.object_type, root.event.object_id))

    @classmethod
    def get_queryset(cls, queryset: QuerySet[WebhookDelivery], info: Info, **kwargs: Any) -> QuerySet[WebhookDelivery]:
        return _admin_only(queryset, info)


@strawberry.input(description="Narrow the delivery log.")
class WebhookDeliveryFilter:
    endpoint: strawberry.ID | None = strawberry.field(default=None, description="The endpoint's global ID.")
    status: str | None = strawberry.field(default=None, description="PENDING, SUCCEEDED or FAILED.")
    event_id: str | None = strawberry.field(default=None, description="An event's id (`evt_...`).")


@strawberry.input
class CreateWebhookEndpointInput:
    name: str
    url: str = strawberry.field(description="https:// (http:// only for localhost).")
    event_types: list[str]
    client: strawberry.ID | None = strawberry.field(default=None, description="Bind to a client (global ID or code).")
    entity: strawberry.ID | None = strawberry.field(default=None, description="Bind to an entity (global ID or code).")


@strawberry.type(description="An endpoint with its signing secret, shown only here (on creation and rotation).")
class WebhookEndpointSecretPayload:
    endpoint: WebhookEndpointType | None
    secret: str | None
    errors: list[UserError]


@strawberry.type
class WebhookEndpointPayload:
    endpoint: WebhookEndpointType | None
    errors: list[UserError]


@strawberry.type
class WebhookDeliveryPayload:
    delivery: WebhookDeliveryType | None
    errors: list[UserError]
