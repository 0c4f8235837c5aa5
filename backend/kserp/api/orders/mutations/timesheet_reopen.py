from __future__ import annotations

import strawberry
from strawberry.types import Info

from kserp.api.core.context import current_user
from kserp.api.core.errors import UserError, ValidationFailed, user_errors
from kserp.api.core.permissions import HasPerm, IsStaff, Perm, Require
from kserp.api.orders.mutations._lookup import object_by_id
from kserp.api.orders.timesheets_types import TimesheetPayload, TimesheetType
from kserp.orders.models import Timesheet
from kserp.orders.timesheets import timesheet_reopen


def reopen_timesheet_mutation(info: Info, id: strawberry.ID) -> TimesheetPayload:
    visible = TimesheetType.get_queryset(Timesheet.objects.all(), info)
    timesheet = object_by_id(Timesheet, str(id), "Timesheet", visible)
    if not isinstance(timesheet, Timesheet):
        return TimesheetPayload(
            timesheet=None, errors=[UserError(field="id", code="NOT_FOUND", message="No such timesheet.")]
        )
    try:
        timesheet = timesheet_reopen(timesheet=timesheet, actor=current_user(info))
    except ValidationFailed as failed:
        return TimesheetPayload(timesheet=None, errors=user_errors(failed.errors))
    return TimesheetPayload(timesheet=timesheet, errors=[])  # type: ignore[arg-type]


reopen_timesheet_field = strawberry.mutation(
    resolver=reopen_timesheet_mutation,
    description="Back to DRAFT: an approved timesheet not yet invoiced (its priced lines are discarded), "
    "or a rejected one.",
    extensions=[Require(IsStaff(), HasPerm(Perm.APPROVE_TIMESHEET))],
)
