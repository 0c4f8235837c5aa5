from __future__ import annotations

import strawberry
from strawberry.types import Info

from kserp.api.core.context import current_user
from kserp.api.core.permissions import ApprovesTimesheets, Require
from kserp.api.orders.mutations._lookup import timesheet_change
from kserp.api.orders.timesheets_types import TimesheetPayload
from kserp.orders.timesheets import timesheet_approve


def approve_timesheet_mutation(info: Info, id: strawberry.ID) -> TimesheetPayload:
    # A portal user reaches their client's timesheets only: another client's is NOT_FOUND.
    return timesheet_change(info, id, lambda timesheet: timesheet_approve(timesheet=timesheet, user=current_user(info)))


approve_timesheet_field = strawberry.mutation(
    resolver=approve_timesheet_mutation,
    description="Approve a SUBMITTED timesheet: prices it and stores its pay and bill lines "
    "(staff holding identity.approve_timesheet, or the client's portal users).",
    extensions=[Require(ApprovesTimesheets())],
)
