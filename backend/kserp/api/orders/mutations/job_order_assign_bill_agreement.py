from __future__ import annotations

import strawberry
from strawberry.types import Info

from kserp.api.core.context import current_user
from kserp.api.core.errors import UserError, ValidationFailed, user_errors
from kserp.api.core.lookup import by_id_or_code
from kserp.api.core.permissions import HasPerm, IsStaff, Perm, Require
from kserp.api.orders.types import JobOrderPayload, JobOrderType
from kserp.orders.models import JobOrder
from kserp.orders.services import job_order_assign_bill_agreement
from kserp.rates.models import BillAgreement


def assign_bill_agreement_mutation(
    info: Info, job_order: strawberry.ID, bill_agreement: strawberry.ID
) -> JobOrderPayload:
    visible = JobOrderType.get_queryset(JobOrder.objects.all(), info)
    job = by_id_or_code(visible, str(job_order), type_name="JobOrder")
    agreement = by_id_or_code(BillAgreement.objects.all(), str(bill_agreement), type_name="BillAgreement", key="name")
    errors = []
    if job is None:
        errors.append(UserError(field="jobOrder", code="NOT_FOUND", message=f"No job order {job_order!r}."))
    if agreement is None:
        errors.append(
            UserError(field="billAgreement", code="NOT_FOUND", message=f"No bill agreement {bill_agreement!r}.")
        )
    if job is None or agreement is None:
        return JobOrderPayload(job_order=None, errors=errors)
    try:
        job = job_order_assign_bill_agreement(job_order=job, bill_agreement=agreement, actor=current_user(info))
    except ValidationFailed as failed:
        return JobOrderPayload(job_order=None, errors=user_errors(failed.errors))
    return JobOrderPayload(job_order=job, errors=[])  # type: ignore[arg-type]


assign_bill_agreement_field = strawberry.mutation(
    resolver=assign_bill_agreement_mutation,
    description="Choose a job order's bill agreement (global IDs, or the job order code and agreement name); "
    "only an applicable agreement is accepted.",
    extensions=[Require(IsStaff(), HasPerm(Perm.MANAGE_JOB_ORDERS))],
)
