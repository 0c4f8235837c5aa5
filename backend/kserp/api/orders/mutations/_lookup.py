"""Changing a timesheet named by global ID (or plain id) in a mutation argument."""

from __future__ import annotations

from collections.abc import Callable

from strawberry.types import Info

from kserp.api.core.errors import UserError, ValidationFailed, user_errors
from kserp.api.core.lookup import by_id_or_code
from kserp.api.orders.timesheets_types import TimesheetPayload, TimesheetType
from kserp.orders.models import Timesheet


def timesheet_change(info: Info, id: str, change: Callable[[Timesheet], Timesheet]) -> TimesheetPayload:
    """Apply `change` (a service call) to the timesheet `id` as the caller sees it: a timesheet the
    caller may not see (a portal user's other clients') is NOT_FOUND; service errors become
    `UserError`s."""
    visible = TimesheetType.get_queryset(Timesheet.objects.all(), info)
    timesheet = by_id_or_code(visible, str(id), type_name="Timesheet", key=None)
    if not isinstance(timesheet, Timesheet):
        return TimesheetPayload(
            timesheet=None, errors=[UserError(field="id", code="NOT_FOUND", message="No such timesheet.")]
        )
    try:
        timesheet = change(timesheet)
    except ValidationFailed as failed:
        return TimesheetPayload(timesheet=None, errors=user_errors(failed.errors))
    return TimesheetPayload(timesheet=timesheet, errors=[])  # type: ignore[arg-type]
