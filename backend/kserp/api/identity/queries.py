from __future__ import annotations

import strawberry
import strawberry_django
from django.db.models import QuerySet
from strawberry.types import Info
from strawberry_django.relay import DjangoListConnection

from kserp.api.core.context import current_user
from kserp.api.core.permissions import HasPerm, IsStaff, Perm, Require
from kserp.api.identity.audit_types import AuditEventType
from kserp.api.identity.types import AuditEventFilter, Viewer, ViewerClient, ViewerPayee
from kserp.identity.models import AuditEvent
from kserp.identity.selectors import audit_event_list, user_permission_names, user_role_names


def viewer_for(user) -> Viewer | None:
    if not user.is_authenticated:
        return None
    client = ViewerClient(code=user.client.code, name=user.client.name) if user.client_id else None
    payee = ViewerPayee(code=user.payee.code, name=user.payee.name, kind=user.payee.kind) if user.payee_id else None
    return Viewer(
        username=user.username,
        roles=user_role_names(user=user),
        is_staff=user.is_staff,
        client=client,
        payee=payee,
        permissions=user_permission_names(user=user),
    )


@strawberry.type
class IdentityQuery:
    @strawberry_django.field(description="The signed-in user, or null when nobody is signed in.")
    def viewer(self, info: Info) -> Viewer | None:
        return viewer_for(current_user(info))

    @strawberry_django.connection(
        DjangoListConnection[AuditEventType],
        description="The audit trail, newest first (admins only).",
        extensions=[Require(IsStaff(), HasPerm(Perm.VIEW_AUDIT, "Only admins may read the audit trail."))],
    )
    def audit_events(self, info: Info, filters: AuditEventFilter | None = None) -> QuerySet[AuditEvent]:
        return audit_event_list(
            object_type=filters.object_type if filters else None,
            object_id=filters.object_id if filters else None,
            actor=filters.actor if filters else None,
        )
