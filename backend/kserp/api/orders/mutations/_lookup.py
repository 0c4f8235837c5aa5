"""Loading a timesheet or billing run named by global ID (or plain id) in a mutation argument."""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import Model, QuerySet
from strawberry import relay
from strawberry.types import Info

from kserp.api.core.errors import UserError, ValidationFailed, user_errors
from kserp.api.orders.timesheets_types import TimesheetPayload, TimesheetType
from kserp.orders.models import Timesheet


def object_by_id(model: type[Model], value: str, type_name: str, queryset: QuerySet | None = None) -> Model | None:
    """The object, looked up in `queryset` when given (pass the type's `get_queryset` so callers
    only reach what they may see: anything else is "not found")."""
    try:
        global_id = relay.GlobalID.from_id(value)
        if global_id.type_name != type_name:
            return None
        pk = global_id.node_id
    except Exception:
        pk = value
    if not str(pk).isdigit():
        return None
    rows = queryset if queryset is not None else model._default_manager.all()
    return rows.filter(pk=int(pk)).first()


def timesheet_change(info: Info, id: str, change: Callable[[Timesheet], Timesheet]) -> TimesheetPayload:
    """Apply `change` (a service call) to the timesheet `id` as the caller sees it: a timesheet the
    caller may not see (a portal user's other clients') is NOT_FOUND; service errors become
    `UserError`s."""
    visible = TimesheetType.get_queryset(Timesheet.objects.all(), info)
    timesheet = object_by_id(Timesheet, str(id), "Timesheet", visible)
    if not isinstance(timesheet, Timesheet):
        return TimesheetPayload(
            timesheet=None, errors=[UserError(field="id", code="NOT_FOUND", message="No such timesheet.")]
        )
    try:
        timesheet = change(timesheet)
    except ValidationFailed as failed:
        return TimesheetPayload(timesheet=None, errors=user_errors(failed.errors))
    return TimesheetPayload(timesheet=timesheet, errors=[])  # type: ignore[arg-type]
