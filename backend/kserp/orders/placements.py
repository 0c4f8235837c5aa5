"""A placement's life after it starts: extend it, end it, or replace its worker (docs/workspace.md).

Each goes through `job_order_update`/`job_order_create`, so the same checks hold: agreements must
still apply to the new dates, and no submitted or approved week may fall outside them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from kserp.errors import ServiceError, ValidationFailed
from kserp.orders.errors import OrdersErrorCode as Code
from kserp.orders.job_orders import EDITABLE_FIELDS, job_order_create, job_order_update
from kserp.orders.models import JobOrder, JobOrderStatus

OPEN = (JobOrderStatus.DRAFT, JobOrderStatus.FILLED, JobOrderStatus.ACTIVE)


def _open(job_order: JobOrder) -> None:
    if job_order.status not in OPEN:
        raise ValidationFailed(
            [ServiceError(Code.INVALID_STATE, f"A {job_order.status} job order cannot change.", "jobOrder")]
        )


def job_order_extend(*, job_order: JobOrder, end: dt.date | None, actor: Any = None) -> JobOrder:
    """Move the end later (None: open-ended)."""
    _open(job_order)
    if end is not None and job_order.end is not None and end <= job_order.end:
        raise ValidationFailed([ServiceError(Code.DATE_ORDER, f"Extend past the current end {job_order.end}.", "end")])
    if end is not None and job_order.end is None:
        raise ValidationFailed([ServiceError(Code.DATE_ORDER, "The job order is open-ended already.", "end")])
    return job_order_update(job_order=job_order, changes={"end": end}, actor=actor)


def job_order_end(*, job_order: JobOrder, end: dt.date, actor: Any = None) -> JobOrder:
    """End the placement on `end` (its last day): no timesheet may be submitted for a later week."""
    _open(job_order)
    return job_order_update(job_order=job_order, changes={"end": end}, actor=actor)


def job_order_replace(*, job_order: JobOrder, payee: Any, code: str, on: dt.date, actor: Any = None) -> JobOrder:
    """Another worker takes the placement over from `on`: this job order ends the day before and a
    DRAFT copy (client, title, path, agreements, PO ...) for `payee` starts on `on` and runs to the
    old end. Returns the new job order; nothing changes if either step is refused."""
    _open(job_order)
    if on <= job_order.start:
        raise ValidationFailed([ServiceError(Code.DATE_ORDER, f"Replace after the start {job_order.start}.", "on")])
    if payee.pk == job_order.payee_id:
        raise ValidationFailed([ServiceError(Code.INVALID, "Choose another worker.", "payee")])
    copied = ("client", "entity", *(name for name in EDITABLE_FIELDS if name not in ("start", "end")))
    fields = {name: getattr(job_order, name) for name in copied}
    with transaction.atomic():
        old_end = job_order.end
        job_order_update(job_order=job_order, changes={"end": on - dt.timedelta(days=1)}, actor=actor)
        return job_order_create(fields={**fields, "code": code, "payee": payee, "start": on, "end": old_end},
                                actor=actor)  # fmt: skip
