from __future__ import annotations

import strawberry
from strawberry.types import Info

from kserp.api.core.context import current_user
from kserp.api.core.permissions import HasPerm, IsStaff, Perm, Require
from kserp.api.orders.mutations._lookup import timesheet_change
from kserp.api.orders.timesheets_types import TimesheetPayload
from kserp.orders.timesheets import timesheet_reopen


def reopen_timesheet_mutation(info: Info, id: strawberry.ID) -> TimesheetPayload:
    return timesheet_change(info, id, lambda timesheet: timesheet_reopen(timesheet=timesheet, actor=current_user(info)))


reopen_timesheet_field = strawberry.mutation(
    resolver=reopen_timesheet_mutation,
    description="Back to DRAFT: an approved timesheet not yet invoiced (its priced lines are discarded), "
    "or a rejected one.",
    extensions=[Require(IsStaff(), HasPerm(Perm.APPROVE_TIMESHEET))],
)
