from __future__ import annotations

import strawberry
from django.utils import timezone
from strawberry.types import Info

from kserp.analytics.models import Notification as NotificationModel
from kserp.api.analytics.insight_types import Notification
from kserp.api.core.context import current_user
from kserp.api.core.errors import UserError
from kserp.api.core.permissions import IsStaff, Require


@strawberry.type(description="The notification marked read, or why not.")
class NotificationReadPayload:
    notification: Notification | None
    errors: list[UserError]


def notification_read_mutation(info: Info, id: strawberry.ID) -> NotificationReadPayload:
    found = (
        NotificationModel.objects.filter(user=current_user(info), pk=int(id)).select_related("client").first()
        if str(id).isdigit()
        else None
    )
    if found is None:
        return NotificationReadPayload(
            notification=None, errors=[UserError(field="id", code="NOT_FOUND", message=f"No notification {id!r}.")]
        )
    if found.read_at is None:
        found.read_at = timezone.now()
        found.save(update_fields=["read_at"])
    return NotificationReadPayload(notification=Notification.of(found), errors=[])


notification_read_field = strawberry.mutation(
    resolver=notification_read_mutation,
    description="Mark one of your notifications read (staff).",
    extensions=[Require(IsStaff())],
)
