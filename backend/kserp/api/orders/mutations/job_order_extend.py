from __future__ import annotations

import datetime as dt

import strawberry
from strawberry.types import Info

from kserp.api.core.context import current_user
from kserp.api.orders.mutations._placement import placement_rules, placement_run
from kserp.api.orders.types import JobOrderPayload
from kserp.orders.placements import job_order_extend


def extend_job_order_mutation(info: Info, job_order: strawberry.ID, end: dt.date | None) -> JobOrderPayload:
    return placement_run(
        info, job_order, lambda job: job_order_extend(job_order=job, end=end, actor=current_user(info))
    )


extend_job_order_field = strawberry.mutation(
    resolver=extend_job_order_mutation,
    extensions=placement_rules(),
    description="Move a placement's end later (null: open-ended); its agreements must cover the new dates.",
)
