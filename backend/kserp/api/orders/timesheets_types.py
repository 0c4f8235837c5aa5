"""GraphQL types of timesheets, their priced lines and billing runs (API_CONTRACT.md)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import strawberry
import strawberry_django
from django.db.models import Q
from strawberry import auto, relay
from strawberry.types import Info

from kserp.api.core.errors import UserError
from kserp.api.core.permissions import require_staff
from kserp.api.finance.types import EntityType
from kserp.api.orders.types import JobOrderType
from kserp.orders.models import BillingRun, BillLine, PayLine, Timesheet, TimesheetEntry


@strawberry_django.filter_type(Timesheet)
class TimesheetFilter:
    status: auto
    week_starting: auto

    @strawberry_django.filter_field
    def job_order(self, value: str, prefix: str) -> Q:
        """The job order's code."""
        return Q(**{f"{prefix}job_order__code": value})

    @strawberry_django.filter_field
    def client(self, value: str, prefix: str) -> Q:
        """The client's code."""
        return Q(**{f"{prefix}job_order__client__code": value})


@strawberry_django.type(TimesheetEntry, name="TimesheetEntry")
class TimesheetEntryType:
    date: auto
    start: auto
    end: auto
    break_minutes: auto
    overnight: auto
    hours: auto
    pay_code: str
    quantity: auto


@strawberry_django.type(PayLine, name="PayLine", description="A pay line (staff only).")
class PayLineType:
    pay_code: str
    quantity: Decimal
    pay_rate: Decimal
    wage: Decimal
    provenance: strawberry.scalars.JSON


@strawberry_django.type(BillLine, name="BillLine", description="A priced, billable line of a timesheet.")
class BillLineType:
    pay_code: str
    description: str
    work_date: dt.date
    quantity: Decimal
    bill_rate: Decimal
    bill_amount: Decimal

    @strawberry_django.field(only=["provenance"], description="How the line was priced (staff only).")
    def provenance(self, root: BillLine, info: Info) -> strawberry.scalars.JSON:
        require_staff(info)
        return root.provenance


@strawberry_django.type(Timesheet, name="Timesheet", filters=TimesheetFilter)
class TimesheetType(relay.Node):
    status: str = strawberry_django.field(description="DRAFT | SUBMITTED | APPROVED | REJECTED")
    week_starting: dt.date
    job_order: JobOrderType
    rejection_reason: str
    submitted_at: auto
    approved_at: auto
    entries: list[TimesheetEntryType]
    bill_lines: list[BillLineType]

    @strawberry_django.field(prefetch_related=["pay_lines"], description="Pay lines (staff only).")
    def pay_lines(self, root: Timesheet, info: Info) -> list[PayLineType]:
        require_staff(info)
        return list(root.pay_lines.all())  # type: ignore[arg-type]


@strawberry.type
class TimesheetPayload:
    timesheet: TimesheetType | None
    errors: list[UserError]


@strawberry.input(description="One entry: start and end (with breakMinutes), or hours, or payCode and quantity.")
class TimesheetEntryInput:
    date: dt.date
    start: dt.time | None = None
    end: dt.time | None = None
    break_minutes: int | None = 0
    overnight: bool | None = strawberry.field(default=False, description="The shift ends the next day.")
    hours: Decimal | None = None
    pay_code: str | None = None
    quantity: Decimal | None = None


@strawberry.input
class SubmitTimesheetInput:
    job_order: strawberry.ID = strawberry.field(description="Global ID or the job order code.")
    week_starting: dt.date = strawberry.field(description="A Monday.")
    entries: list[TimesheetEntryInput]


@strawberry.type
class ImportRowError:
    row: int
    field: str | None
    code: str
    message: str


@strawberry.type
class ImportTimesheetsPayload:
    ok: bool
    imported: int = strawberry.field(description="Timesheets stored.")
    rejected: int = strawberry.field(description="Timesheets (row groups) not stored.")
    row_errors: list[ImportRowError]
    errors: list[UserError]


@strawberry_django.type(BillingRun, name="BillingRun")
class BillingRunType(relay.Node):
    status: str = strawberry_django.field(description="QUEUED | RUNNING | COMPLETED | FAILED")
    progress: float = strawberry_django.field(description="0..1")
    invoice_count: int
    line_count: int
    planned_lines: int
    total: Decimal
    entity: EntityType
    period_end: dt.date
    issue_date: dt.date
    client_codes: list[str] = strawberry_django.field(name="clients", description="Empty: every client.")
    attempts: int
    failure_reason: str
    created_at: dt.datetime
    started_at: dt.datetime | None
    finished_at: dt.datetime | None


@strawberry.type
class BillingRunPayload:
    billing_run: BillingRunType | None
    errors: list[UserError]


@strawberry.input
class StartBillingRunInput:
    entity: str = strawberry.field(description="The entity's code (or global ID).")
    period_end: dt.date = strawberry.field(description="Bills lines of weeks ending on or before this date.")
    clients: list[str] | None = strawberry.field(default=None, description="Client codes; empty: every client.")
    issue_date: dt.date | None = strawberry.field(default=None, description="Default: today.")
