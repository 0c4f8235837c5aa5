"""Timesheets, billing runs and job order transitions: queries, mutations, subscriptions."""

from __future__ import annotations

from collections.abc import AsyncGenerator

import strawberry
import strawberry_django
from channels.db import database_sync_to_async
from django.db.models import QuerySet
from strawberry.types import Info

from kserp.api.core.lookup import by_id_or_code
from kserp.api.core.permissions import IsPortalUserOrStaff, IsStaff, Require, viewer_access
from kserp.api.core.sync import KeysetConnection, ordered
from kserp.api.orders.mutations.billing_run_retry import retry_billing_run_field
from kserp.api.orders.mutations.billing_run_start import start_billing_run_field
from kserp.api.orders.mutations.job_order_transition import transition_job_order_field
from kserp.api.orders.mutations.timesheet_approve import approve_timesheet_field
from kserp.api.orders.mutations.timesheet_import import import_timesheets_field
from kserp.api.orders.mutations.timesheet_reject import reject_timesheet_field
from kserp.api.orders.mutations.timesheet_reopen import reopen_timesheet_field
from kserp.api.orders.mutations.timesheet_submit import submit_timesheet_field
from kserp.api.orders.mutations.timesheets_bulk import approve_timesheets_field, reject_timesheets_field
from kserp.api.orders.timesheets_types import (
    BillingRunFilter,
    BillingRunOrder,
    BillingRunType,
    TimesheetFilter,
    TimesheetOrder,
    TimesheetType,
)
from kserp.billing.events import progress_group
from kserp.billing.models import BillingRun
from kserp.orders.events import TIMESHEETS_ALL
from kserp.orders.models import Timesheet
from kserp.orders.selectors import timesheets_awaiting_approval_count
from kserp.realtime.listen import listen


@strawberry.type
class TimesheetsQuery:
    @strawberry_django.connection(
        KeysetConnection[TimesheetType],
        filters=TimesheetFilter,
        description="Timesheets (staff; a portal user sees their client's, without pay lines).",
        extensions=[Require(IsPortalUserOrStaff())],
    )
    def timesheets(self, info: Info, order_by: TimesheetOrder | None = None) -> QuerySet[Timesheet]:
        # narrowed by TimesheetType.get_queryset
        return ordered(Timesheet.objects.order_by("-week_starting", "-id"), order_by)

    @strawberry_django.connection(
        KeysetConnection[BillingRunType],
        filters=BillingRunFilter,
        description="Billing runs, newest first unless orderBy says otherwise (staff).",
        extensions=[Require(IsStaff())],
    )
    def billing_runs(self, info: Info, order_by: BillingRunOrder | None = None) -> QuerySet[BillingRun]:
        return ordered(BillingRun.objects.order_by("-id"), order_by)


@strawberry.type
class TimesheetsMutation:
    submit_timesheet = submit_timesheet_field
    approve_timesheet = approve_timesheet_field
    reject_timesheet = reject_timesheet_field
    approve_timesheets = approve_timesheets_field
    reject_timesheets = reject_timesheets_field
    reopen_timesheet = reopen_timesheet_field
    import_timesheets = import_timesheets_field
    start_billing_run = start_billing_run_field
    retry_billing_run = retry_billing_run_field
    transition_job_order = transition_job_order_field


def _load_run(value: str, entity_id: int | None = None) -> BillingRun | None:
    runs = BillingRun.objects.select_related("entity")
    if entity_id is not None:  # an entity-bound token follows its entity's runs only
        runs = runs.filter(entity_id=entity_id)
    return by_id_or_code(runs, value, type_name="BillingRun", key=None)


@strawberry.type(description="The approval queue: how many timesheets await approval.")
class TimesheetQueue:
    awaiting_approval: int


@strawberry.type
class TimesheetsSubscription:
    @strawberry.subscription(
        description="The number of timesheets awaiting approval now, then after every timesheet submitted, "
        "approved, rejected or re-opened (staff; an entity-bound token counts its entity's).",
        extensions=[Require(IsStaff())],
    )
    async def timesheets_changed(self, info: Info) -> AsyncGenerator[TimesheetQueue, None]:
        entity_id = viewer_access(info).entity_id

        def queue() -> TimesheetQueue:
            return TimesheetQueue(awaiting_approval=timesheets_awaiting_approval_count(entity_id=entity_id))

        yield await database_sync_to_async(queue)()
        async for payload in listen(info, [TIMESHEETS_ALL]):
            if entity_id is None or payload.get("entityId") == entity_id:
                yield await database_sync_to_async(queue)()

    @strawberry.subscription(
        description="A billing run's state now, then after every chunk it commits (staff).",
        extensions=[Require(IsStaff())],
    )
    async def billing_run_progress(self, info: Info, id: strawberry.ID) -> AsyncGenerator[BillingRunType, None]:
        entity_id = viewer_access(info).entity_id
        run = await database_sync_to_async(_load_run)(str(id), entity_id)
        if run is None:
            raise ValueError("No such billing run.")
        yield run
        async for _payload in listen(info, [progress_group(run.pk)]):
            fresh = await database_sync_to_async(_load_run)(str(run.pk), entity_id)
            if fresh is not None:
                yield fresh
