"""The audit trail as GraphQL (admins only: `identity.view_auditevent`)."""

from __future__ import annotations

from typing import Any

import strawberry_django
from django.db.models import QuerySet
from strawberry import auto, relay
from strawberry.scalars import JSON
from strawberry.types import Info

from kserp.api.core.permissions import Perm, viewer_access
from kserp.identity.models import AuditEvent


@strawberry_django.type(AuditEvent, name="AuditEvent")
class AuditEventType(relay.Node):
    action: auto
    object_type: auto
    object_id: auto
    object_repr: auto
    at: auto
    request_id: auto
    actor_username: str = strawberry_django.field(description="Who acted; empty for management commands.")
    before: JSON | None = strawberry_django.field(description="The object before the change (null on creation).")
    after: JSON | None = strawberry_django.field(description="The object after the change (null on deletion).")

    @strawberry_django.field(description="The caller's IP address, when known.")
    def ip(self, root: AuditEvent) -> str | None:
        return root.ip

    @strawberry_django.field(
        only=["api_token__prefix"],
        select_related=["api_token"],
        description="The prefix of the API token used, if any.",
    )
    def api_token_prefix(self, root: AuditEvent) -> str | None:
        return root.api_token.prefix if root.api_token is not None else None

    @classmethod
    def get_queryset(cls, queryset: QuerySet[AuditEvent], info: Info, **kwargs: Any) -> QuerySet[AuditEvent]:
        # Also guards node(id:): nothing for callers without the permission, nor through a
        # client-bound token (staff only).
        access = viewer_access(info)
        if not (access.is_staff and access.has_perm(Perm.VIEW_AUDIT)):
            return queryset.none()
        return queryset
