from __future__ import annotations

import datetime as dt
from typing import Any

import strawberry
from strawberry.scalars import JSON
from strawberry.types import Info

from kserp.api.core.context import current_user
from kserp.api.core.errors import UserError, ValidationFailed, user_errors
from kserp.api.core.lookup import by_id_or_code
from kserp.api.core.permissions import HasPerm, IsStaff, Perm, Require
from kserp.api.orders.mutations._job_order_fields import resolve
from kserp.api.orders.types import JobOrderPayload, JobOrderType
from kserp.orders.job_orders import EDITABLE_FIELDS, job_order_update
from kserp.orders.models import JobOrder


@strawberry.input(description="Changes to a job order: only the fields given change; null clears an optional one.")
class UpdateJobOrderInput:
    title: str | None = strawberry.UNSET
    start: dt.date | None = strawberry.UNSET
    end: dt.date | None = strawberry.UNSET
    path: JSON | None = strawberry.UNSET
    consultant: strawberry.ID | None = strawberry.UNSET
    division: str | None = strawberry.UNSET
    po_number: str | None = strawberry.UNSET
    pay_agreement: strawberry.ID | None = strawberry.UNSET
    bill_agreement: strawberry.ID | None = strawberry.UNSET
    invoice_grouping: str | None = strawberry.UNSET


REQUIRED = {"title": "title", "start": "start"}


def update_job_order_mutation(info: Info, id: strawberry.ID, input: UpdateJobOrderInput) -> JobOrderPayload:
    visible = JobOrderType.get_queryset(JobOrder.objects.all(), info)
    job_order = by_id_or_code(visible, str(id), type_name="JobOrder")
    if job_order is None:
        return JobOrderPayload(
            job_order=None, errors=[UserError(field="id", code="NOT_FOUND", message=f"No job order {id!r}.")]
        )
    given: dict[str, Any] = {
        name: getattr(input, name) for name in EDITABLE_FIELDS if getattr(input, name) is not strawberry.UNSET
    }
    errors = [
        UserError(field=field, code="REQUIRED", message="Cannot be cleared.")
        for name, field in REQUIRED.items()
        if name in given and given[name] is None
    ]
    changes, lookup_errors = resolve(given)
    if errors or lookup_errors:
        return JobOrderPayload(job_order=None, errors=errors + lookup_errors)
    try:
        job_order = job_order_update(job_order=job_order, changes=changes, actor=current_user(info))
    except ValidationFailed as failed:
        return JobOrderPayload(job_order=None, errors=user_errors(failed.errors))
    return JobOrderPayload(job_order=job_order, errors=[])  # type: ignore[arg-type]


update_job_order_field = strawberry.mutation(
    resolver=update_job_order_mutation,
    description="Change a job order's title, dates, path, consultant, division, PO number, agreements or invoice "
    "grouping; checked as a whole (agreements must still apply). Account managers and admins.",
    extensions=[Require(IsStaff(), HasPerm(Perm.MANAGE_JOB_ORDERS))],
)
