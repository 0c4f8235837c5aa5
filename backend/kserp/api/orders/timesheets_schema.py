"""Timesheets, billing runs and job order transitions: queries, mutations, subscriptions."""

from __future__ import annotations

from collections.abc import AsyncGenerator

import strawberry
import strawberry_django
from channels.db import database_sync_to_async
from django.db.models import QuerySet
from strawberry.types import Info
from strawberry_django.relay import DjangoListConnection

from kserp.api.core.context import current_user
from kserp.api.core.permissions import require_staff
from kserp.api.orders.mutations._lookup import object_by_id
from kserp.api.orders.mutations.billing_run_retry import retry_billing_run_field
from kserp.api.orders.mutations.billing_run_start import start_billing_run_field
from kserp.api.orders.mutations.job_order_transition import transition_job_order_field
from kserp.api.orders.mutations.timesheet_approve import approve_timesheet_field
from kserp.api.orders.mutations.timesheet_import import import_timesheets_field
from kserp.api.orders.mutations.timesheet_reject import reject_timesheet_field
from kserp.api.orders.mutations.timesheet_reopen import reopen_timesheet_field
from kserp.api.orders.mutations.timesheet_submit import submit_timesheet_field
from kserp.api.orders.timesheets_types import BillingRunType, TimesheetFilter, TimesheetType
from kserp.orders.billing import progress_group
from kserp.orders.models import BillingRun, Timesheet
from kserp.realtime.listen import listen


@strawberry.type
class TimesheetsQuery:
    @strawberry_django.connection(
        DjangoListConnection[TimesheetType], filters=TimesheetFilter, description="Timesheets (staff)."
    )
    def timesheets(self, info: Info) -> QuerySet[Timesheet]:
        require_staff(info)
        return Timesheet.objects.order_by("-week_starting", "-id")

    @strawberry_django.connection(
        DjangoListConnection[BillingRunType], description="Billing runs, newest first (staff)."
    )
    def billing_runs(self, info: Info) -> QuerySet[BillingRun]:
        require_staff(info)
        return BillingRun.objects.order_by("-id")


@strawberry.type
class TimesheetsMutation:
    submit_timesheet = submit_timesheet_field
    approve_timesheet = approve_timesheet_field
    reject_timesheet = reject_timesheet_field
    reopen_timesheet = reopen_timesheet_field
    import_timesheets = import_timesheets_field
    start_billing_run = start_billing_run_field
    retry_billing_run = retry_billing_run_field
    transition_job_order = transition_job_order_field


def _load_run(value: str) -> BillingRun | None:
    run = object_by_id(BillingRun, value, "BillingRun")
    return BillingRun.objects.select_related("entity").get(pk=run.pk) if run is not None else None


@strawberry.type
class TimesheetsSubscription:
    @strawberry.subscription(description="A billing run's state now, then after every chunk it commits (staff).")
    async def billing_run_progress(self, info: Info, id: strawberry.ID) -> AsyncGenerator[BillingRunType, None]:
        user = current_user(info)
        if not (user.is_authenticated and user.is_staff and getattr(user, "client_id", None) is None):
            raise PermissionError("Only staff may do this.")
        run = await database_sync_to_async(_load_run)(str(id))
        if run is None:
            raise ValueError("No such billing run.")
        yield run  # type: ignore[misc]
        async for _payload in listen(info, [progress_group(run.pk)]):
            fresh = await database_sync_to_async(_load_run)(str(run.pk))
            if fresh is not None:
                yield fresh  # type: ignore[misc]
