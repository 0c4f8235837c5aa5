"""GraphQL types of document delivery (email with the PDF)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import strawberry
import strawberry_django
from django.db.models import QuerySet
from strawberry import relay
from strawberry.types import Info

from kserp.api.core.errors import UserError
from kserp.api.core.permissions import scope_queryset_to_viewer
from kserp.finance.models import DocumentDelivery


@strawberry_django.type(DocumentDelivery, name="DocumentDelivery")
class DocumentDeliveryType(relay.Node):
    kind: str = strawberry_django.field(description="INVOICE | CREDIT_NOTE | STATEMENT | REMINDER")
    recipients: list[str]
    status: str = strawberry_django.field(description="QUEUED | SENT | FAILED (retried with backoff)")
    attempts: int
    last_error: str
    sent_at: dt.datetime | None
    created_at: dt.datetime

    @classmethod
    def get_queryset(
        cls, queryset: QuerySet[DocumentDelivery], info: Info, **kwargs: Any
    ) -> QuerySet[DocumentDelivery]:
        return scope_queryset_to_viewer(queryset, info, client_field=None, entity_field="client__entity")


@strawberry.input
class SendDocumentInput:
    kind: str = strawberry.field(description="INVOICE | CREDIT_NOTE | STATEMENT | REMINDER")
    invoice: strawberry.ID | None = strawberry.field(default=None, description="INVOICE: global ID or number.")
    credit_note: strawberry.ID | None = strawberry.field(default=None, description="CREDIT_NOTE: global ID or number.")
    client: strawberry.ID | None = strawberry.field(default=None, description="STATEMENT, REMINDER: ID or code.")
    to: list[str] | None = strawberry.field(
        default=None, description="Recipients; omitted: the client's billing contacts."
    )


@strawberry.type
class DeliveryPayload:
    delivery: DocumentDeliveryType | None
    errors: list[UserError]
