from __future__ import annotations

import strawberry
from strawberry.types import Info

from kserp.api.core.context import current_user
from kserp.api.core.errors import UserError, ValidationFailed, user_errors
from kserp.api.core.lookup import by_id_or_code
from kserp.api.core.permissions import HasPerm, IsStaff, Perm, Require, viewer_access
from kserp.api.finance.statement_types import BankStatementPayload
from kserp.api.finance.types import entities_visible
from kserp.finance.statements import statement_import


def import_bank_statement_mutation(
    info: Info, entity: strawberry.ID, filename: str, content: str
) -> BankStatementPayload:
    found = by_id_or_code(entities_visible(viewer_access(info).entity_id), str(entity), type_name="Entity")
    if found is None:
        return BankStatementPayload(
            bank_statement=None, errors=[UserError(field="entity", code="NOT_FOUND", message=f"No entity {entity!r}.")]
        )
    try:
        statement = statement_import(
            entity=found, filename=filename, content=content.encode("utf-8"), actor=current_user(info)
        )
    except ValidationFailed as failed:
        return BankStatementPayload(bank_statement=None, errors=user_errors(failed.errors))
    return BankStatementPayload(bank_statement=statement, errors=[])  # type: ignore[arg-type]


import_bank_statement_field = strawberry.mutation(
    resolver=import_bank_statement_mutation,
    description="Import a bank statement: CSV (date, amount, reference, payer) or ISO 20022 camt.053 XML. "
    "Errors by `rows[i]` / `entries[i]`; the same file twice is refused (DUPLICATE).",
    extensions=[Require(IsStaff(), HasPerm(Perm.RECORD_PAYMENT))],
)
