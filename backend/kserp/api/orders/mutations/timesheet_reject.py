from __future__ import annotations

import strawberry
from strawberry.types import Info

from kserp.api.core.context import current_user
from kserp.api.core.permissions import ApprovesTimesheets, Require
from kserp.api.orders.mutations._lookup import timesheet_change
from kserp.api.orders.timesheets_types import TimesheetPayload
from kserp.orders.timesheets import timesheet_reject


def reject_timesheet_mutation(info: Info, id: strawberry.ID, reason: str) -> TimesheetPayload:
    return timesheet_change(
        info, id, lambda timesheet: timesheet_reject(timesheet=timesheet, reason=reason, actor=current_user(info))
    )


reject_timesheet_field = strawberry.mutation(
    resolver=reject_timesheet_mutation,
    description="Reject a SUBMITTED timesheet with a reason (staff holding identity.approve_timesheet, or the "
    "client's portal users).",
    extensions=[Require(ApprovesTimesheets())],
)
