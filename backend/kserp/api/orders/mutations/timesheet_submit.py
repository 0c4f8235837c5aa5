from __future__ import annotations

import strawberry
from strawberry.types import Info

from kserp.api.core.context import current_user
from kserp.api.core.errors import UserError, ValidationFailed, user_errors
from kserp.api.core.lookup import by_id_or_code
from kserp.api.core.permissions import HasPerm, IsStaff, Perm, Require
from kserp.api.orders.timesheets_types import SubmitTimesheetInput, TimesheetPayload
from kserp.api.orders.types import JobOrderType
from kserp.orders.models import JobOrder
from kserp.orders.timesheets import EntryInput, timesheet_submit


def submit_timesheet_mutation(info: Info, input: SubmitTimesheetInput) -> TimesheetPayload:
    visible = JobOrderType.get_queryset(JobOrder.objects.all(), info)
    job_order = by_id_or_code(visible, str(input.job_order), type_name="JobOrder")
    if job_order is None:
        return TimesheetPayload(
            timesheet=None,
            errors=[UserError(field="jobOrder", code="NOT_FOUND", message=f"No job order {input.job_order!r}.")],
        )
    entries = [
        EntryInput(
            date=e.date,
            start=e.start,
            end=e.end,
            break_minutes=e.break_minutes or 0,
            overnight=bool(e.overnight),
            hours=e.hours,
            pay_code=e.pay_code,
            quantity=e.quantity,
        )
        for e in input.entries
    ]
    try:
        timesheet = timesheet_submit(
            job_order=job_order, week_starting=input.week_starting, entries=entries, actor=current_user(info)
        )
    except ValidationFailed as failed:
        return TimesheetPayload(timesheet=None, errors=user_errors(failed.errors))
    return TimesheetPayload(timesheet=timesheet, errors=[])  # type: ignore[arg-type]


submit_timesheet_field = strawberry.mutation(
    resolver=submit_timesheet_mutation,
    description="Submit a week of a job order's time (SUBMITTED). Replaces a DRAFT or REJECTED timesheet of that week.",
    extensions=[Require(IsStaff(), HasPerm(Perm.SUBMIT_TIMESHEET))],
)
