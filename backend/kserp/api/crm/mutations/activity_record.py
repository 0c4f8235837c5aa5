from __future__ import annotations

import datetime as dt

import strawberry
from strawberry.types import Info

from kserp.api.core.context import current_user
from kserp.api.core.errors import ValidationFailed, user_errors
from kserp.api.core.permissions import HasPerm, IsStaff, Require
from kserp.api.crm.inputs import visible_client
from kserp.api.crm.types import ActivityPayload, TimelineEntryType
from kserp.crm.services import activity_record


def record_activity_mutation(
    info: Info, client: strawberry.ID, kind: str, summary: str, body: str = "", occurred_at: dt.datetime | None = None
) -> ActivityPayload:
    found, errors = visible_client(info, str(client))
    if found is None:
        return ActivityPayload(entry=None, errors=errors)
    user = current_user(info)
    try:
        activity = activity_record(client=found, kind=kind, summary=summary, body=body, occurred_at=occurred_at,
                                   actor=user)  # fmt: skip
    except ValidationFailed as failed:
        return ActivityPayload(entry=None, errors=user_errors(failed.errors))
    entry = TimelineEntryType(kind=activity.kind, at=activity.occurred_at, summary=activity.summary,
                              body=activity.body, actor=user.get_username() if user else "", amount=None)  # fmt: skip
    return ActivityPayload(entry=entry, errors=[])


record_activity_field = strawberry.mutation(
    resolver=record_activity_mutation,
    description="Put a NOTE, CALL, EMAIL or MEETING on a client's timeline.",
    extensions=[Require(IsStaff(), HasPerm("crm.add_activity"))],
)
