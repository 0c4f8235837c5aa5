from __future__ import annotations

import strawberry
from strawberry.types import Info

from kserp.api.core.context import current_user
from kserp.api.core.errors import UserError, ValidationFailed, user_errors
from kserp.api.core.lookup import by_id_or_code
from kserp.api.core.permissions import HasPerm, HasScope, IsStaff, Perm, Require, viewer_access
from kserp.api.orders.timesheets_types import BillingRunPayload, StartBillingRunInput
from kserp.base.models import Entity
from kserp.billing.runs import billing_run_start


def start_billing_run_mutation(info: Info, input: StartBillingRunInput) -> BillingRunPayload:
    bound = viewer_access(info).entity_id  # an entity-bound token bills its own entity only
    entities = Entity.objects.filter(pk=bound) if bound is not None else Entity.objects.all()
    entity = by_id_or_code(entities, input.entity, type_name="Entity")
    if entity is None:
        return BillingRunPayload(
            billing_run=None,
            errors=[UserError(field="entity", code="NOT_FOUND", message=f"No entity {input.entity!r}.")],
        )
    try:
        run = billing_run_start(
            entity=entity,
            period_end=input.period_end,
            client_codes=input.clients or [],
            issue_date=input.issue_date,
            user=current_user(info),
        )
    except ValidationFailed as failed:
        return BillingRunPayload(billing_run=None, errors=user_errors(failed.errors))
    return BillingRunPayload(billing_run=run, errors=[])  # type: ignore[arg-type]


start_billing_run_field = strawberry.mutation(
    resolver=start_billing_run_mutation,
    description="Queue a billing run (a background worker bills it); follow it with `billingRunProgress`.",
    extensions=[Require(IsStaff(), HasPerm(Perm.RUN_BILLING), HasScope("billing"))],
)
