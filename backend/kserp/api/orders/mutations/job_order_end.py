from __future__ import annotations

import datetime as dt

import strawberry
from strawberry.types import Info

from kserp.api.core.context import current_user
from kserp.api.orders.mutations._placement import placement_rules, placement_run
from kserp.api.orders.types import JobOrderPayload
from kserp.orders.placements import job_order_end


def end_job_order_mutation(info: Info, job_order: strawberry.ID, end: dt.date) -> JobOrderPayload:
    return placement_run(info, job_order, lambda job: job_order_end(job_order=job, end=end, actor=current_user(info)))


end_job_order_field = strawberry.mutation(
    resolver=end_job_order_mutation,
    extensions=placement_rules(),
    description="End a placement on a date (its last day); no submitted or approved week may be later.",
)
