from __future__ import annotations

import strawberry
from strawberry.types import Info

from kserp.api.core.context import current_user
from kserp.api.core.errors import UserError
from kserp.api.core.permissions import HasPerm, IsStaff, Perm, Require
from kserp.api.orders.timesheets_types import ImportRowError, ImportTimesheetsPayload
from kserp.api.orders.types import JobOrderType
from kserp.orders.models import JobOrder
from kserp.orders.timesheet_import import timesheets_import_csv

MAX_CSV_BYTES = 10 * 1024 * 1024


def import_timesheets_mutation(info: Info, csv: str, all_or_nothing: bool = False) -> ImportTimesheetsPayload:
    if len(csv) > MAX_CSV_BYTES:
        return ImportTimesheetsPayload(
            ok=False,
            imported=0,
            rejected=0,
            row_errors=[],
            errors=[UserError(field="csv", code="TOO_LARGE", message="At most 10 MB per import.")],
        )
    result = timesheets_import_csv(
        text=csv,
        all_or_nothing=all_or_nothing,
        actor=current_user(info),
        job_orders=JobOrderType.get_queryset(JobOrder.objects.all(), info),
    )
    row_errors = [ImportRowError(row=e.row, field=e.column, code=e.code, message=e.message) for e in result.errors]
    # `errors` (the contract's field) names problems that stored nothing at all: a bad header, or any
    # problem with allOrNothing. Otherwise the valid timesheets are stored and `rowErrors` explains the rest.
    errors = []
    if result.imported == 0 and result.errors:
        errors = [
            UserError(field=f"csv[{e.row}]" + (f".{e.column}" if e.column else ""), code=e.code, message=e.message)
            for e in result.errors
        ]
    return ImportTimesheetsPayload(
        ok=result.ok, imported=result.imported, rejected=result.rejected, row_errors=row_errors, errors=errors
    )


import_timesheets_field = strawberry.mutation(
    resolver=import_timesheets_mutation,
    description="Submit timesheets from CSV (docs/timesheet-import.md). Each (job_order, week_starting) group "
    "is one timesheet, stored whole or not at all; `rowErrors` lists every problem by CSV line. "
    "allOrNothing: any problem stores nothing.",
    extensions=[Require(IsStaff(), HasPerm(Perm.SUBMIT_TIMESHEET))],
)
