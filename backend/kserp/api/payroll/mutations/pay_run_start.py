from __future__ import annotations

import strawberry
from strawberry.types import Info

from kserp.api.core.context import current_user
from kserp.api.core.errors import UserError, ValidationFailed, user_errors
from kserp.api.core.lookup import by_id_or_code
from kserp.api.core.permissions import HasPerm, HasScope, IsStaff, Perm, Require, viewer_access
from kserp.api.payroll.types import PayRunPayload, StartPayRunInput
from kserp.base.models import Entity
from kserp.payroll.runs import pay_run_start


def start_pay_run_mutation(info: Info, input: StartPayRunInput) -> PayRunPayload:
    bound = viewer_access(info).entity_id  # an entity-bound token pays its own entity only
    entities = Entity.objects.filter(pk=bound) if bound is not None else Entity.objects.all()
    entity = by_id_or_code(entities, input.entity, type_name="Entity")
    if entity is None:
        return PayRunPayload(
            pay_run=None, errors=[UserError(field="entity", code="NOT_FOUND", message=f"No entity {input.entity!r}.")]
        )
    try:
        run = pay_run_start(entity=entity, period_end=input.period_end, user=current_user(info))
    except ValidationFailed as failed:  # the period end out of range, or its pay date in a locked period
        return PayRunPayload(pay_run=None, errors=user_errors(failed.errors))
    return PayRunPayload(pay_run=run, errors=[])  # type: ignore[arg-type]


start_pay_run_field = strawberry.mutation(
    resolver=start_pay_run_mutation,
    description="Queue a pay run (a background worker pays it); follow it with `payRunProgress`.",
    extensions=[Require(IsStaff(), HasPerm(Perm.RUN_PAYROLL), HasScope("payroll"))],
)
