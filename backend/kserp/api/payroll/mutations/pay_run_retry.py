from __future__ import annotations

import strawberry
from strawberry.types import Info

from kserp.api.core.errors import UserError, ValidationFailed, user_errors
from kserp.api.core.lookup import by_id_or_code
from kserp.api.core.permissions import HasPerm, HasScope, IsStaff, Perm, Require
from kserp.api.payroll.types import PayRunPayload, PayRunType
from kserp.payroll.models import PayRun
from kserp.payroll.runs import pay_run_retry


def retry_pay_run_mutation(info: Info, id: strawberry.ID) -> PayRunPayload:
    visible = PayRunType.get_queryset(PayRun.objects.select_related("entity"), info)
    run = by_id_or_code(visible, str(id), type_name="PayRun", key=None)
    if run is None:
        return PayRunPayload(pay_run=None, errors=[UserError(field="id", code="NOT_FOUND", message="No such pay run.")])
    try:
        run = pay_run_retry(run=run)
    except ValidationFailed as failed:
        return PayRunPayload(pay_run=None, errors=user_errors(failed.errors))
    return PayRunPayload(pay_run=run, errors=[])  # type: ignore[arg-type]


retry_pay_run_field = strawberry.mutation(
    resolver=retry_pay_run_mutation,
    description="Queue a FAILED (or stale) pay run again: it pays what is left, nothing twice.",
    extensions=[Require(IsStaff(), HasPerm(Perm.RUN_PAYROLL), HasScope("payroll"))],
)
