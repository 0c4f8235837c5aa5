from __future__ import annotations

import strawberry
from strawberry.types import Info

from kserp.api.core.errors import UserError, ValidationFailed, user_errors
from kserp.api.core.lookup import by_id_or_code
from kserp.api.core.permissions import HasPerm, IsStaff, PayDetails, Require, viewer_access
from kserp.api.crm.mutations._payee_input import details_from_input, pay_detail_errors
from kserp.api.crm.payee_types import PayeeInput
from kserp.api.crm.types import PayeePayload, PayeeType
from kserp.crm.models import Payee
from kserp.crm.services import payee_details_of, payee_update


def update_payee_mutation(info: Info, id: strawberry.ID, input: PayeeInput) -> PayeePayload:
    access = viewer_access(info)
    payee = by_id_or_code(PayeeType.get_queryset(Payee.objects.all(), info), str(id), type_name="Payee")
    if payee is None:
        return PayeePayload(payee=None, errors=[UserError(field="id", code="NOT_FOUND", message=f"No payee {id!r}.")])
    errors = pay_detail_errors(input, PayDetails().denial(access) is None)
    if errors:
        return PayeePayload(payee=None, errors=errors)
    try:
        payee = payee_update(payee=payee, details=details_from_input(input, payee_details_of(payee)))
    except ValidationFailed as failed:
        return PayeePayload(payee=None, errors=user_errors(failed.errors))
    return PayeePayload(payee=payee, errors=[])  # type: ignore[arg-type]


update_payee_field = strawberry.mutation(
    resolver=update_payee_mutation,
    description="Change a worker; fields left out keep their value (bank and tax facts: finance staff only).",
    extensions=[Require(IsStaff(), HasPerm("crm.change_payee"))],
)
