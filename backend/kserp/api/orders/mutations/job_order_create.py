from __future__ import annotations

import datetime as dt

import strawberry
from strawberry.scalars import JSON
from strawberry.types import Info

from kserp.api.core.context import current_user
from kserp.api.core.errors import ValidationFailed, user_errors
from kserp.api.core.permissions import HasPerm, IsStaff, Perm, Require
from kserp.api.orders.mutations._job_order_fields import resolve
from kserp.api.orders.types import JobOrderPayload
from kserp.orders.job_orders import job_order_create


@strawberry.input(description="A new job order (DRAFT). References take a global ID or the code/name/username.")
class CreateJobOrderInput:
    code: str
    client: strawberry.ID
    payee: strawberry.ID
    title: str
    start: dt.date
    end: dt.date | None = None
    entity: strawberry.ID | None = strawberry.field(default=None, description="Default: the client's entity.")
    path: JSON | None = strawberry.field(default=None, description='Non-derived levels, e.g. {"state": "NSW"}.')
    consultant: strawberry.ID | None = strawberry.field(default=None, description="A staff username or global ID.")
    division: str = ""
    po_number: str = ""
    pay_agreement: strawberry.ID | None = strawberry.field(default=None, description="Global ID or name.")
    bill_agreement: strawberry.ID | None = strawberry.field(default=None, description="Global ID or name.")
    invoice_grouping: str = strawberry.field(
        default="", description="CLIENT | JOB_ORDER | TIMESHEET; empty: the client's."
    )


def create_job_order_mutation(info: Info, input: CreateJobOrderInput) -> JobOrderPayload:
    values = {
        name: getattr(input, name)
        for name in ("code", "client", "payee", "title", "start", "end", "path", "consultant", "division",
                     "po_number", "pay_agreement", "bill_agreement", "invoice_grouping")
    }  # fmt: skip
    if input.entity is not None:
        values["entity"] = input.entity
    fields, errors = resolve(values)
    if errors:
        return JobOrderPayload(job_order=None, errors=errors)
    try:
        job_order = job_order_create(fields=fields, actor=current_user(info))
    except ValidationFailed as failed:
        return JobOrderPayload(job_order=None, errors=user_errors(failed.errors))
    return JobOrderPayload(job_order=job_order, errors=[])  # type: ignore[arg-type]


create_job_order_field = strawberry.mutation(
    resolver=create_job_order_mutation,
    description="Create a DRAFT job order; its agreements must apply to it (node on its path, validity covering "
    "its dates). Account managers and admins.",
    extensions=[Require(IsStaff(), HasPerm(Perm.MANAGE_JOB_ORDERS))],
)
