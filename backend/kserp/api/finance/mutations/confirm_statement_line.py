from __future__ import annotations

import strawberry
from strawberry.types import Info

from kserp.api.core.context import current_user
from kserp.api.core.errors import UserError, ValidationFailed, user_errors
from kserp.api.core.lookup import by_id_or_code
from kserp.api.core.permissions import HasPerm, IsStaff, Perm, Require
from kserp.api.finance.cash_lookup import allocations_in, statement_line_named, statement_line_not_found
from kserp.api.finance.statement_types import ConfirmStatementLineInput, StatementLinePayload
from kserp.crm.models import Client
from kserp.finance.statements import statement_line_confirm


def confirm_statement_line_mutation(info: Info, input: ConfirmStatementLineInput) -> StatementLinePayload:
    line = statement_line_named(info, input.line)
    if line is None:
        return StatementLinePayload(line=None, errors=statement_line_not_found(input.line))
    client = by_id_or_code(Client.objects.select_related("entity"), str(input.client), type_name="Client")
    allocations, errors = allocations_in(info, input.allocations)
    if client is None:
        errors.insert(0, UserError(field="client", code="NOT_FOUND", message=f"No client {input.client!r}."))
    if errors:
        return StatementLinePayload(line=None, errors=errors)
    assert client is not None
    try:
        line = statement_line_confirm(line=line, client=client, allocations=allocations, actor=current_user(info))
    except ValidationFailed as failed:
        return StatementLinePayload(line=None, errors=user_errors(failed.errors))
    return StatementLinePayload(line=line, errors=[])  # type: ignore[arg-type]


confirm_statement_line_field = strawberry.mutation(
    resolver=confirm_statement_line_mutation,
    description="Confirm a statement line as a receipt from a client, applied to invoices (a line is applied "
    "at most once: ALREADY_APPLIED).",
    extensions=[Require(IsStaff(), HasPerm(Perm.RECORD_PAYMENT))],
)
