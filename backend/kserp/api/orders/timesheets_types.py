"""GraphQL types of timesheets, their priced lines and billing runs (docs/api.md)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import Enum
from typing import Any

import strawberry
import strawberry_django
from django.db.models import Q, QuerySet
from strawberry import auto, relay
from strawberry.extensions import FieldExtension
from strawberry.types import Info

from kserp.api.core.errors import UserError
from kserp.api.core.permissions import Confidential, Require, confidential_queryset, scope_queryset_to_viewer
from kserp.api.core.sync import OrderDirection, UpdatedSinceFilter
from kserp.api.finance.types import EntityType
from kserp.api.orders.types import JobOrderType
from kserp.billing.models import BillingRun
from kserp.orders.models import BillLine, PayLine, Timesheet, TimesheetEntry


@strawberry_django.filter_type(Timesheet)
class TimesheetFilter(UpdatedSinceFilter):
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


@strawberry.enum(description="What timesheets can be sorted by.")
class TimesheetOrderField(Enum):
    UPDATED_AT = "updated_at"
    WEEK_STARTING = "week_starting"


@strawberry.input(description="How to sort timesheets (ties by id, the same way).")
class TimesheetOrder:
    field: TimesheetOrderField
    direction: OrderDirection = OrderDirection.ASC


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

    @classmethod
    def get_queryset(cls, queryset: QuerySet[TimesheetEntry], info: Info, **kwargs: Any) -> QuerySet[TimesheetEntry]:
        return scope_queryset_to_viewer(
            queryset, info, client_field="timesheet__job_order__client", entity_field="timesheet__job_order__entity"
        )


_CONFIDENTIAL: list[FieldExtension] = [Require(Confidential())]


@strawberry_django.type(PayLine, name="PayLine", description="A pay line (staff only).")
class PayLineType:
    pay_code: str
    quantity: Decimal
    pay_rate: Decimal = strawberry_django.field(extensions=_CONFIDENTIAL)
    wage: Decimal = strawberry_django.field(extensions=_CONFIDENTIAL)
    provenance: strawberry.scalars.JSON = strawberry_django.field(extensions=_CONFIDENTIAL)

    @classmethod
    def get_queryset(cls, queryset: QuerySet[PayLine], info: Info, **kwargs: Any) -> QuerySet[PayLine]:
        return confidential_queryset(queryset, info)


@strawberry_django.type(BillLine, name="BillLine", description="A priced, billable line of a timesheet.")
class BillLineType:
    pay_code: str
    description: str
    work_date: dt.date
    quantity: Decimal
    bill_rate: Decimal
    bill_amount: Decimal

    @strawberry_django.field(
        select_related=["provenance_record"],
        description="How the line was priced, with pay rates and oncosts (staff only).",
        extensions=_CONFIDENTIAL,
    )
    def provenance(self, root: BillLine, info: Info) -> strawberry.scalars.JSON:
        return root.provenance_record.document

    @classmethod
    def get_queryset(cls, queryset: QuerySet[BillLine], info: Info, **kwargs: Any) -> QuerySet[BillLine]:
        return scope_queryset_to_viewer(queryset, info, client_field="client", entity_field="entity")


@strawberry_django.type(Timesheet, name="Timesheet", filters=TimesheetFilter)
class TimesheetType(relay.Node):
    status: str = strawberry_django.field(description="DRAFT | SUBMITTED | APPROVED | REJECTED")
    week_starting: dt.date
    job_order: JobOrderType
    rejection_reason: str
    submitted_at: auto
    approved_at: auto
    updated_at: auto
    entries: list[TimesheetEntryType]
    bill_lines: list[BillLineType]

    @strawberry_django.field(
        prefetch_related=["pay_lines"],
        description="Pay lines (staff holding identity.view_confidential; refused to clients).",
        extensions=_CONFIDENTIAL,
    )
    def pay_lines(self, root: Timesheet, info: Info) -> list[PayLineType]:
        return list(root.pay_lines.all())  # type: ignore[arg-type]

    @classmethod
    def get_queryset(cls, queryset: QuerySet[Timesheet], info: Info, **kwargs: Any) -> QuerySet[Timesheet]:
        return scope_queryset_to_viewer(
            queryset, info, client_field="job_order__client", entity_field="job_order__entity"
        )


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


@strawberry_django.filter_type(BillingRun)
class BillingRunFilter(UpdatedSinceFilter):
    status: auto


@strawberry.enum(description="What billing runs can be sorted by.")
class BillingRunOrderField(Enum):
    UPDATED_AT = "updated_at"
    CREATED_AT = "created_at"


@strawberry.input(description="How to sort billing runs (ties by id, the same way).")
class BillingRunOrder:
    field: BillingRunOrderField
    direction: OrderDirection = OrderDirection.ASC


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
    updated_at: dt.datetime

    @classmethod
    def get_queryset(cls, queryset: QuerySet[BillingRun], info: Info, **kwargs: Any) -> QuerySet[BillingRun]:
        # Staff only (a run bills many clients); an entity-bound token sees its entity's runs.
        return scope_queryset_to_viewer(queryset, info, client_field=None, entity_field="entity")


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
