"""Shared by extendJobOrder, endJobOrder and replaceJobOrder: find the job order, run the service."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import strawberry
from strawberry.extensions.field_extension import FieldExtension
from strawberry.types import Info

from kserp.api.core.errors import UserError, ValidationFailed, user_errors
from kserp.api.core.lookup import by_id_or_code
from kserp.api.core.permissions import HasPerm, IsStaff, Perm, Require
from kserp.api.orders.types import JobOrderPayload, JobOrderType
from kserp.orders.models import JobOrder


def placement_rules() -> list[FieldExtension]:
    return [Require(IsStaff(), HasPerm(Perm.MANAGE_JOB_ORDERS))]


def placement_run(info: Info, job_order: strawberry.ID, action: Callable[[JobOrder], Any]) -> JobOrderPayload:
    visible = JobOrderType.get_queryset(JobOrder.objects.all(), info)
    found = by_id_or_code(visible, str(job_order), type_name="JobOrder")
    if found is None:
        error = UserError(field="jobOrder", code="NOT_FOUND", message=f"No job order {job_order!r}.")
        return JobOrderPayload(job_order=None, errors=[error])
    try:
        result = action(found)
    except ValidationFailed as failed:
        return JobOrderPayload(job_order=None, errors=user_errors(failed.errors))
    return JobOrderPayload(job_order=result, errors=[])
