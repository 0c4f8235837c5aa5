from __future__ import annotations

import strawberry
from django.core.files.base import File
from strawberry.file_uploads import Upload
from strawberry.types import Info

from kserp.api.core.context import current_user
from kserp.api.core.errors import UserError, ValidationFailed, user_errors
from kserp.api.core.permissions import HasPerm, IsStaff, Require
from kserp.api.crm.types import ContractPayload, ContractType
from kserp.crm.models import Contract
from kserp.crm.services import contract_document_add


def upload_contract_document_mutation(
    info: Info, contract: strawberry.relay.GlobalID, file: Upload | None = None
) -> ContractPayload:
    visible = ContractType.get_queryset(Contract.objects.all(), info)
    found = visible.filter(pk=contract.node_id).first() if contract.type_name == "Contract" else None
    if found is None:
        error = UserError(field="contract", code="NOT_FOUND", message="No such contract.")
        return ContractPayload(contract=None, errors=[error])
    if file is None:
        return ContractPayload(
            contract=None, errors=[UserError(field="file", code="REQUIRED", message="Choose a file.")]
        )
    try:
        upload: File = file  # type: ignore[assignment]  # Django's UploadedFile
        contract_document_add(contract=found, upload=upload, filename=upload.name or "", actor=current_user(info))
    except ValidationFailed as failed:
        return ContractPayload(contract=None, errors=user_errors(failed.errors))
    return ContractPayload(contract=found, errors=[])  # type: ignore[arg-type]


upload_contract_document_field = strawberry.mutation(
    resolver=upload_contract_document_mutation,
    description="Upload the next version of a contract's document (PDF or DOCX, at most 20 MB; a multipart "
    "request as in the GraphQL multipart request spec).",
    extensions=[Require(IsStaff(), HasPerm("crm.add_contractdocument"))],
)
