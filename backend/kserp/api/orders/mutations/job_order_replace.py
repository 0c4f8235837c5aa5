from __future__ import annotations

import datetime as dt

import strawberry
from strawberry.types import Info

from kserp.api.core.context import current_user
from kserp.api.orders.mutations._job_order_fields import resolve
from kserp.api.orders.mutations._placement import placement_rules, placement_run
from kserp.api.orders.types import JobOrderPayload
from kserp.orders.placements import job_order_replace


def replace_job_order_mutation(
    info: Info, job_order: strawberry.ID, payee: strawberry.ID, code: str, on: dt.date
) -> JobOrderPayload:
    fields, errors = resolve({"payee": payee})
    if errors:
        return JobOrderPayload(job_order=None, errors=errors)
    return placement_run(
        info,
        job_order,
        lambda job: job_order_replace(job_order=job, payee=fields["payee"], code=code, on=on, actor=current_user(info)),
    )


replace_job_order_field = strawberry.mutation(
    resolver=replace_job_order_mutation,
    extensions=placement_rules(),
    description="Another worker takes the placement over from `on`: this one ends the day before; the new DRAFT "
    "job order (returned) copies it for the new worker.",
)
