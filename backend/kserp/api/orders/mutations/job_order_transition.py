from __future__ import annotations

import strawberry
from strawberry.types import Info

from kserp.api.core.context import current_user
from kserp.api.core.errors import UserError, ValidationFailed, user_errors
from kserp.api.core.lookup import by_id_or_code
from kserp.api.core.permissions import HasPerm, IsStaff, Perm, Require
from kserp.api.orders.types import JobOrderPayload, JobOrderType
from kserp.orders.job_orders import job_order_transition
from kserp.orders.models import JobOrder


def transition_job_order_mutation(info: Info, job_order: strawberry.ID, status: str) -> JobOrderPayload:
    visible = JobOrderType.get_queryset(JobOrder.objects.all(), info)
    job = by_id_or_code(visible, str(job_order), type_name="JobOrder")
    if job is None:
        return JobOrderPayload(
            job_order=None,
            errors=[UserError(field="jobOrder", code="NOT_FOUND", message=f"No job order {job_order!r}.")],
        )
    try:
        job = job_order_transition(job_order=job, to=status, actor=current_user(info))
    except ValidationFailed as failed:
        return JobOrderPayload(job_order=None, errors=user_errors(failed.errors))
    return JobOrderPayload(job_order=job, errors=[])  # type: ignore[arg-type]


transition_job_order_field = strawberry.mutation(
    resolver=transition_job_order_mutation,
    description="Move a job order: DRAFT → FILLED → ACTIVE (needs applicable pay and bill agreements) → "
    "COMPLETED | CANCELLED.",
    extensions=[Require(IsStaff(), HasPerm(Perm.MANAGE_JOB_ORDERS))],
)
