from __future__ import annotations

import strawberry
from strawberry.types import Info

from kserp.api.core.context import current_user
from kserp.api.core.errors import UserError, ValidationFailed, user_errors
from kserp.api.core.permissions import ApprovesTimesheets, Require
from kserp.api.orders.mutations._lookup import object_by_id
from kserp.api.orders.timesheets_types import TimesheetPayload, TimesheetType
from kserp.orders.models import Timesheet
from kserp.orders.timesheets import timesheet_approve


def approve_timesheet_mutation(info: Info, id: strawberry.ID) -> TimesheetPayload:
    # A portal user reaches their client's timesheets only: another client's is NOT_FOUND.
    visible = TimesheetType.get_queryset(Timesheet.objects.all(), info)
    timesheet = object_by_id(Timesheet, str(id), "Timesheet", visible)
    if not isinstance(timesheet, Timesheet):
        return TimesheetPayload(
            timesheet=None, errors=[UserError(field="id", code="NOT_FOUND", message="No such timesheet.")]
        )
    try:
        timesheet = timesheet_approve(timesheet=timesheet, user=current_user(info))
    except ValidationFailed as failed:
        return TimesheetPayload(timesheet=None, errors=user_errors(failed.errors))
    return TimesheetPayload(timesheet=timesheet, errors=[])  # type: ignore[arg-type]


approve_timesheet_field = strawberry.mutation(
    resolver=approve_timesheet_mutation,
    description="Approve a SUBMITTED timesheet: prices it and stores its pay and bill lines "
    "(staff holding identity.approve_timesheet, or the client's portal users).",
    extensions=[Require(ApprovesTimesheets())],
)
