"""The worker portal (docs/payroll.md, "The worker portal"): a worker (a user linked to a payee)
sees their own timesheets and their own payslips or RCTIs, nothing else.

Their rows come through types of their own (`WorkerTimesheet`, `WorkerPayslip`), scoped by
`worker_queryset` to the signed-in worker's payee, so the staff and client types (which carry bill
rates, clients' data and margins) never open to workers: `scope_queryset_to_viewer` gives a worker
nothing, and every other root field refuses them (tests/security/test_access_walk.py).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import Enum
from typing import Any

import strawberry
import strawberry_django
from django.db.models import QuerySet
from strawberry import auto, relay
from strawberry.types import Info

from kserp.api.core.permissions import IsWorker, Require, worker_queryset
from kserp.api.core.sync import KeysetConnection, OrderDirection, UpdatedSinceFilter, ordered
from kserp.api.payroll.types import PayRunPaymentType
from kserp.orders.models import Timesheet
from kserp.payroll.models import PayRunPayment


@strawberry.type(name="WorkerJobOrder", description="The job order a worker's timesheet is for.")
class WorkerJobOrder:
    code: str
    title: str
    client_name: str


@strawberry.type(name="WorkerTimesheetEntry")
class WorkerTimesheetEntry:
    date: dt.date
    start: dt.time | None
    end: dt.time | None
    break_minutes: int
    hours: Decimal | None
    pay_code: str
    quantity: Decimal | None


@strawberry.type(name="WorkerPayLine", description="What the worker earns for a pay code on the timesheet.")
class WorkerPayLine:
    pay_code: str
    quantity: Decimal
    rate: Decimal
    amount: Decimal


@strawberry_django.filter_type(Timesheet)
class WorkerTimesheetFilter(UpdatedSinceFilter):
    status: auto
    week_starting: auto


@strawberry.enum(description="What a worker's timesheets can be sorted by.")
class WorkerTimesheetOrderField(Enum):
    UPDATED_AT = "updated_at"
    WEEK_STARTING = "week_starting"


@strawberry.input(description="How to sort a worker's timesheets (ties by id, the same way).")
class WorkerTimesheetOrder:
    field: WorkerTimesheetOrderField
    direction: OrderDirection = OrderDirection.ASC


@strawberry_django.type(Timesheet, name="WorkerTimesheet", description="A timesheet of the signed-in worker.")
class WorkerTimesheetType(relay.Node):
    status: str = strawberry_django.field(description="DRAFT | SUBMITTED | APPROVED | REJECTED")
    week_starting: dt.date
    rejection_reason: str
    submitted_at: dt.datetime | None
    approved_at: dt.datetime | None
    updated_at: dt.datetime

    @strawberry_django.field(select_related=["job_order__client"])
    def job_order(self, root: Timesheet) -> WorkerJobOrder:
        job_order = root.job_order
        return WorkerJobOrder(code=job_order.code, title=job_order.title, client_name=job_order.client.name)

    @strawberry_django.field(prefetch_related=["entries"])
    def entries(self, root: Timesheet) -> list[WorkerTimesheetEntry]:
        return [
            WorkerTimesheetEntry(
                date=e.date,
                start=e.start,
                end=e.end,
                break_minutes=e.break_minutes,
                hours=e.hours,
                pay_code=e.pay_code,
                quantity=e.quantity,
            )
            for e in sorted(root.entries.all(), key=lambda e: e.position)
        ]

    @strawberry_django.field(
        prefetch_related=["pay_lines"], description="The worker's own pay for the week (after approval)."
    )
    def pay_lines(self, root: Timesheet) -> list[WorkerPayLine]:
        return [
            WorkerPayLine(pay_code=p.pay_code, quantity=p.quantity, rate=p.pay_rate, amount=p.wage)
            for p in sorted(root.pay_lines.all(), key=lambda p: p.position)
        ]

    @classmethod
    def get_queryset(cls, queryset: QuerySet[Timesheet], info: Info, **kwargs: Any) -> QuerySet[Timesheet]:
        return worker_queryset(queryset, info, payee_field="job_order__payee")


@strawberry_django.type(PayRunPayment, name="WorkerPayslip", description="A payslip or RCTI of the signed-in worker.")
class WorkerPayslipType(PayRunPaymentType, relay.Node):
    @strawberry_django.field(select_related=["pay_run"])
    def period_end(self, root: PayRunPayment) -> dt.date:
        return root.pay_run.period_end

    @classmethod
    def get_queryset(cls, queryset: QuerySet[PayRunPayment], info: Info, **kwargs: Any) -> QuerySet[PayRunPayment]:
        return worker_queryset(queryset, info, payee_field="payee")


_WORKER = [Require(IsWorker())]


@strawberry.type
class WorkerQuery:
    @strawberry_django.connection(
        KeysetConnection[WorkerTimesheetType],
        filters=WorkerTimesheetFilter,
        description="The signed-in worker's own timesheets, newest week first unless orderBy says otherwise "
        "(worker portal only).",
        extensions=_WORKER,
    )
    def my_timesheets(self, info: Info, order_by: WorkerTimesheetOrder | None = None) -> QuerySet[Timesheet]:
        return ordered(Timesheet.objects.order_by("-week_starting", "-id"), order_by)  # narrowed by get_queryset

    @strawberry_django.connection(
        KeysetConnection[WorkerPayslipType],
        description="The signed-in worker's own payslips (employees) or RCTIs (contractors), newest first, "
        "each with its PDF (worker portal only).",
        extensions=_WORKER,
    )
    def my_payslips(self, info: Info) -> QuerySet[PayRunPayment]:
        return PayRunPayment.objects.order_by("-pay_date", "-id")  # narrowed by get_queryset
