from __future__ import annotations

import strawberry
from strawberry.types import Info

from kserp.api.core.errors import UserError, ValidationFailed, user_errors
from kserp.api.core.lookup import by_id_or_code
from kserp.api.core.permissions import HasPerm, HasScope, IsStaff, Perm, Require
from kserp.api.orders.timesheets_types import BillingRunPayload, BillingRunType
from kserp.billing.models import BillingRun
from kserp.billing.runs import billing_run_retry


def retry_billing_run_mutation(info: Info, id: strawberry.ID) -> BillingRunPayload:
    visible = BillingRunType.get_queryset(BillingRun.objects.all(), info)
    run = by_id_or_code(visible, str(id), type_name="BillingRun", key=None)
    if not isinstance(run, BillingRun):
        return BillingRunPayload(
            billing_run=None, errors=[UserError(field="id", code="NOT_FOUND", message="No such billing run.")]
        )
    try:
        run = billing_run_retry(run=run)
    except ValidationFailed as failed:
        return BillingRunPayload(billing_run=None, errors=user_errors(failed.errors))
    return BillingRunPayload(billing_run=run, errors=[])  # type: ignore[arg-type]


retry_billing_run_field = strawberry.mutation(
    resolver=retry_billing_run_mutation,
    description="Queue a FAILED billing run again: it bills what is left, nothing twice.",
    extensions=[Require(IsStaff(), HasPerm(Perm.RUN_BILLING), HasScope("billing"))],
)
