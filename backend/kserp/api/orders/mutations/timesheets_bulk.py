"""`approveTimesheets` and `rejectTimesheets`: many timesheets in one call, all or nothing.

The approval queue approves a page of timesheets at once. Each timesheet goes through the same
service as `approveTimesheet` / `rejectTimesheet`, inside one transaction: if any of them fails
(not found for this caller, not SUBMITTED, cannot be priced), nothing is stored and every failure
is reported, under `ids[i]` for the i-th id.
"""

from __future__ import annotations

from collections.abc import Callable

import strawberry
from django.db import transaction
from strawberry.types import Info

from kserp.api.core.context import current_user
from kserp.api.core.errors import UserError, ValidationFailed
from kserp.api.core.lookup import by_id_or_code
from kserp.api.core.permissions import ApprovesTimesheets, Require
from kserp.api.orders.timesheets_types import TimesheetType
from kserp.orders.models import Timesheet
from kserp.orders.timesheets import timesheet_approve, timesheet_reject

#: At most this many timesheets per call (one transaction; the queue's page is 50).
MAX_IDS = 200
#: Service error fields that name an argument of the whole call rather than one timesheet.
CALL_FIELDS = {"reason"}


@strawberry.type(description="The timesheets changed (empty when there are errors: then nothing was changed).")
class TimesheetsPayload:
    timesheets: list[TimesheetType]
    errors: list[UserError]


def timesheets_change(
    info: Info, ids: list[strawberry.ID], change: Callable[[Timesheet], Timesheet]
) -> TimesheetsPayload:
    """Apply `change` to every timesheet of `ids` as the caller sees them, in one transaction."""
    if not ids or len(ids) > MAX_IDS:
        message = f"Give between 1 and {MAX_IDS} timesheets."
        return TimesheetsPayload(timesheets=[], errors=[UserError(field="ids", code="INVALID", message=message)])
    visible = TimesheetType.get_queryset(Timesheet.objects.all(), info)
    changed: list[Timesheet] = []
    errors: list[UserError] = []
    seen: set[int] = set()
    with transaction.atomic():
        for i, value in enumerate(ids):
            timesheet = by_id_or_code(visible, str(value), type_name="Timesheet", key=None)
            if not isinstance(timesheet, Timesheet):
                errors.append(UserError(field=f"ids[{i}]", code="NOT_FOUND", message="No such timesheet."))
                continue
            if timesheet.pk in seen:
                errors.append(UserError(field=f"ids[{i}]", code="DUPLICATE", message="This timesheet is listed twice."))
                continue
            seen.add(timesheet.pk)
            try:
                changed.append(change(timesheet))
            except ValidationFailed as failed:
                for e in failed.errors:
                    field = e.field if e.field in CALL_FIELDS else f"ids[{i}]"
                    error = UserError(field=field, code=e.code, message=e.message)
                    if error not in errors:
                        errors.append(error)
        if errors:
            transaction.set_rollback(True)
            return TimesheetsPayload(timesheets=[], errors=errors)
    return TimesheetsPayload(timesheets=changed, errors=[])  # type: ignore[arg-type]


def approve_timesheets_mutation(info: Info, ids: list[strawberry.ID]) -> TimesheetsPayload:
    return timesheets_change(info, ids, lambda t: timesheet_approve(timesheet=t, user=current_user(info)))


def reject_timesheets_mutation(info: Info, ids: list[strawberry.ID], reason: str) -> TimesheetsPayload:
    return timesheets_change(
        info, ids, lambda t: timesheet_reject(timesheet=t, reason=reason, actor=current_user(info))
    )


approve_timesheets_field = strawberry.mutation(
    resolver=approve_timesheets_mutation,
    description=f"Approve up to {MAX_IDS} SUBMITTED timesheets at once, all or nothing (who may: as "
    "approveTimesheet). Errors name the failing id as ids[i].",
    extensions=[Require(ApprovesTimesheets())],
)
reject_timesheets_field = strawberry.mutation(
    resolver=reject_timesheets_mutation,
    description=f"Reject up to {MAX_IDS} SUBMITTED timesheets with one reason, all or nothing (who may: as "
    "rejectTimesheet).",
    extensions=[Require(ApprovesTimesheets())],
)
