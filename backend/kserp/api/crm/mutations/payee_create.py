from __future__ import annotations

import strawberry
from strawberry.types import Info

from kserp.api.core.errors import ValidationFailed, user_errors
from kserp.api.core.permissions import HasPerm, IsStaff, PayDetails, Require, viewer_access
from kserp.api.crm.mutations._payee_input import details_from_input, pay_detail_errors
from kserp.api.crm.payee_types import PayeeInput
from kserp.api.crm.types import PayeePayload
from kserp.crm.services import PayeeDetails, payee_create


def create_payee_mutation(info: Info, input: PayeeInput) -> PayeePayload:
    access = viewer_access(info)
    errors = pay_detail_errors(input, PayDetails().denial(access) is None)
    if errors:
        return PayeePayload(payee=None, errors=errors)
    details = details_from_input(input, PayeeDetails(code="", name="", kind=""))
    try:
        payee = payee_create(details=details)
    except ValidationFailed as failed:
        return PayeePayload(payee=None, errors=user_errors(failed.errors))
    return PayeePayload(payee=payee, errors=[])  # type: ignore[arg-type]


create_payee_field = strawberry.mutation(
    resolver=create_payee_mutation,
    description="Add a worker (bank and tax facts: finance staff only). Errors name the field (`bank.bsb`).",
    extensions=[Require(IsStaff(), HasPerm("crm.add_payee"))],
)
