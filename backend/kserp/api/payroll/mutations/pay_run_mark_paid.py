from __future__ import annotations

import strawberry
from strawberry.types import Info

from kserp.api.core.context import current_user
from kserp.api.core.errors import UserError, ValidationFailed, user_errors
from kserp.api.core.lookup import by_id_or_code
from kserp.api.core.permissions import HasPerm, HasScope, IsStaff, Perm, Require
from kserp.api.payroll.types import PayRunPayload, PayRunType
from kserp.payroll.models import PayRun
from kserp.payroll.runs import pay_run_mark_paid


def mark_pay_run_paid_mutation(info: Info, id: strawberry.ID) -> PayRunPayload:
    visible = PayRunType.get_queryset(PayRun.objects.select_related("entity"), info)
    run = by_id_or_code(visible, str(id), type_name="PayRun", key=None)
    if run is None:
        return PayRunPayload(pay_run=None, errors=[UserError(field="id", code="NOT_FOUND", message="No such pay run.")])
    try:
        run = pay_run_mark_paid(run=run, user=current_user(info))
    except ValidationFailed as failed:
        return PayRunPayload(pay_run=None, errors=user_errors(failed.errors))
    return PayRunPayload(pay_run=run, errors=[])  # type: ignore[arg-type]


mark_pay_run_paid_field = strawberry.mutation(
    resolver=mark_pay_run_paid_mutation,
    description="The bank has paid the run's nets: post the payment journal; its net-pay payables clear.",
    extensions=[Require(IsStaff(), HasPerm(Perm.VIEW_PAY_DETAILS), HasScope("payroll"))],
)
