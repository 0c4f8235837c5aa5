from __future__ import annotations

import strawberry
from strawberry.types import Info

from kserp.api.core.context import current_user
from kserp.api.core.errors import UserError, ValidationFailed, user_errors
from kserp.api.core.permissions import ApprovesTimesheets, Require
from kserp.api.orders.mutations._lookup import object_by_id
from kserp.api.orders.timesheets_types import TimesheetPayload, TimesheetType
from kserp.orders.models import Timesheet
from kserp.orders.timesheets import timesheet_reject


def reject_timesheet_mutation(info: Info, id: strawberry.ID, reason: str) -> TimesheetPayload:
    visible = TimesheetType.get_queryset(Timesheet.objects.all(), info)
    timesheet = object_by_id(Timesheet, str(id), "Timesheet", visible)
    if not isinstance(timesheet, Timesheet):
        return TimesheetPayload(
            timesheet=None, errors=[UserError(field="id", code="NOT_FOUND", message="No such timesheet.")]
        )
    try:
        timesheet = timesheet_reject(timesheet=timesheet, reason=reason, actor=current_user(info))
    except ValidationFailed as failed:
        return TimesheetPayload(timesheet=None, errors=user_errors(failed.errors))
    return TimesheetPayload(timesheet=timesheet, errors=[])  # type: ignore[arg-type]


reject_timesheet_field = strawberry.mutation(
    resolver=reject_timesheet_mutation,
    description="Reject a SUBMITTED timesheet with a reason (staff holding identity.approve_timesheet, or the "
    "client's portal users).",
    extensions=[Require(ApprovesTimesheets())],
)
