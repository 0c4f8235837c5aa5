from __future__ import annotations

import datetime as dt

import strawberry
from strawberry.types import Info

from kserp.api.core.context import current_user
from kserp.api.core.errors import ValidationFailed, user_errors
from kserp.api.core.permissions import HasPerm, IsStaff, Perm, Require
from kserp.api.rates.types import BillAgreementPayload, NodeInput
from kserp.rates.services import bill_agreement_create


def create_bill_agreement_mutation(
    info: Info, name: str, node: NodeInput, valid_from: dt.date, valid_to: dt.date | None = None
) -> BillAgreementPayload:
    try:
        agreement = bill_agreement_create(
            name=name,
            node_level=node.level,
            node_value=node.value,
            valid_from=valid_from,
            valid_to=valid_to,
            actor=current_user(info),
        )
    except ValidationFailed as failed:
        return BillAgreementPayload(bill_agreement=None, errors=user_errors(failed.errors))
    return BillAgreementPayload(bill_agreement=agreement, errors=[])  # type: ignore[arg-type]


create_bill_agreement_field = strawberry.mutation(
    resolver=create_bill_agreement_mutation,
    description="Create a bill agreement header (no rules yet).",
    extensions=[Require(IsStaff(), HasPerm(Perm.MANAGE_AGREEMENTS))],
)
