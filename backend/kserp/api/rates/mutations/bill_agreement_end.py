from __future__ import annotations

import datetime as dt

import strawberry
from strawberry.types import Info

from kserp.api.core.context import current_user
from kserp.api.core.errors import UserError, ValidationFailed, user_errors
from kserp.api.core.lookup import by_id_or_code
from kserp.api.core.permissions import HasPerm, IsStaff, Perm, Require
from kserp.api.rates.types import BillAgreementPayload
from kserp.rates.models import BillAgreement
from kserp.rates.services import bill_agreement_end


def end_bill_agreement_mutation(info: Info, bill_agreement: strawberry.ID, valid_to: dt.date) -> BillAgreementPayload:
    agreement = by_id_or_code(BillAgreement.objects.all(), str(bill_agreement), type_name="BillAgreement", key="name")
    if agreement is None:
        return BillAgreementPayload(
            bill_agreement=None,
            errors=[UserError(field="billAgreement", code="NOT_FOUND", message="No such bill agreement.")],
        )
    try:
        agreement = bill_agreement_end(agreement=agreement, valid_to=valid_to, actor=current_user(info))
    except ValidationFailed as failed:
        return BillAgreementPayload(bill_agreement=None, errors=user_errors(failed.errors))
    return BillAgreementPayload(bill_agreement=agreement, errors=[])  # type: ignore[arg-type]


end_bill_agreement_field = strawberry.mutation(
    resolver=end_bill_agreement_mutation,
    description="End-date a bill agreement header (global ID or name); rules running past the end end with it.",
    extensions=[Require(IsStaff(), HasPerm(Perm.MANAGE_AGREEMENTS))],
)
