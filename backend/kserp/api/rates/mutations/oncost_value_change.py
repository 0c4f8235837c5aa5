from __future__ import annotations

import datetime as dt
from decimal import Decimal

import strawberry
from strawberry import relay
from strawberry.types import Info

from kserp.api.core.context import current_user
from kserp.api.core.errors import UserError, ValidationFailed, user_errors
from kserp.api.core.permissions import Confidential, HasPerm, Perm, Require
from kserp.api.rates.types import OncostValueType
from kserp.rates.changes import oncost_value_change
from kserp.rates.models import OncostValue


@strawberry.type
class OncostValuePayload:
    oncost_value: OncostValueType | None
    errors: list[UserError]


def change_oncost_value_mutation(
    info: Info, oncost_value: relay.GlobalID, valid_from: dt.date, value: Decimal
) -> OncostValuePayload:
    found = (
        OncostValue.objects.filter(pk=oncost_value.node_id).first() if oncost_value.type_name == "OncostValue" else None
    )
    if found is None:
        error = UserError(field="oncostValue", code="NOT_FOUND", message="No such oncost value.")
        return OncostValuePayload(oncost_value=None, errors=[error])
    try:
        new_value = oncost_value_change(current=found, valid_from=valid_from, value=value, actor=current_user(info))
    except ValidationFailed as failed:
        return OncostValuePayload(oncost_value=None, errors=user_errors(failed.errors))
    return OncostValuePayload(oncost_value=new_value, errors=[])  # type: ignore[arg-type]


change_oncost_value_field = strawberry.mutation(
    resolver=change_oncost_value_mutation,
    description="A new oncost percent or amount from validFrom: the current value ends the day before.",
    extensions=[Require(Confidential(), HasPerm(Perm.MANAGE_AGREEMENTS))],
)
