from __future__ import annotations

import strawberry
from strawberry.types import Info

from kserp.api.core.context import current_user
from kserp.api.core.errors import ValidationFailed, user_errors
from kserp.api.core.permissions import HasPerm, IsStaff, Require
from kserp.api.crm.inputs import ContractInput, visible_client
from kserp.api.crm.types import ContractPayload
from kserp.crm.services import contract_create


def create_contract_mutation(info: Info, input: ContractInput) -> ContractPayload:
    client, errors = visible_client(info, str(input.client))
    if client is None:
        return ContractPayload(contract=None, errors=errors)
    try:
        contract = contract_create(client=client, kind=input.kind, title=input.title, starts_on=input.starts_on,
                                   expires_on=input.expires_on, actor=current_user(info))  # fmt: skip
    except ValidationFailed as failed:
        return ContractPayload(contract=None, errors=user_errors(failed.errors))
    return ContractPayload(contract=contract, errors=[])  # type: ignore[arg-type]


create_contract_field = strawberry.mutation(
    resolver=create_contract_mutation,
    description="Record a contract (MSA, rate schedule) with a client; expiry alerts come 60 and 30 days ahead.",
    extensions=[Require(IsStaff(), HasPerm("crm.add_contract"))],
)
