from __future__ import annotations

import datetime as dt

import strawberry
from strawberry.types import Info

from kserp.api.core.context import current_user
from kserp.api.core.errors import UserError, ValidationFailed, user_errors
from kserp.api.core.permissions import HasPerm, IsStaff, Perm, Require
from kserp.api.crm.mutations.opportunity_update import find_opportunity
from kserp.api.orders.mutations._job_order_fields import resolve
from kserp.api.orders.types import JobOrderPayload
from kserp.orders.opportunities import opportunity_convert


def convert_opportunity_mutation(
    info: Info, id: strawberry.relay.GlobalID, code: str, payee: strawberry.ID, start: dt.date | None = None
) -> JobOrderPayload:
    opportunity = find_opportunity(info, id)
    if opportunity is None:
        return JobOrderPayload(job_order=None, errors=[UserError(field="id", code="NOT_FOUND",
                                                                 message="No such opportunity.")])  # fmt: skip
    fields, errors = resolve({"code": code, "payee": payee, "start": start})
    if errors:
        return JobOrderPayload(job_order=None, errors=errors)
    try:
        job_order = opportunity_convert(opportunity=opportunity, job_order_fields=fields, actor=current_user(info))
    except ValidationFailed as failed:
        return JobOrderPayload(job_order=None, errors=user_errors(failed.errors))
    return JobOrderPayload(job_order=job_order, errors=[])


convert_opportunity_field = strawberry.mutation(
    resolver=convert_opportunity_mutation,
    description="Win an opportunity: a DRAFT job order for its client with its agreements (a worker and a code "
    "given here). Account managers and admins.",
    extensions=[Require(IsStaff(), HasPerm("crm.change_opportunity"), HasPerm(Perm.MANAGE_JOB_ORDERS))],
)
