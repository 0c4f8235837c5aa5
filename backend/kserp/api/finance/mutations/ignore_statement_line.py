from __future__ import annotations

import strawberry
from strawberry.types import Info

from kserp.api.core.context import current_user
from kserp.api.core.errors import ValidationFailed, user_errors
from kserp.api.core.permissions import HasPerm, IsStaff, Perm, Require
from kserp.api.finance.cash_lookup import statement_line_named, statement_line_not_found
from kserp.api.finance.statement_types import StatementLinePayload
from kserp.finance.statements import statement_line_ignore


def ignore_statement_line_mutation(info: Info, line: strawberry.ID) -> StatementLinePayload:
    found = statement_line_named(info, line)
    if found is None:
        return StatementLinePayload(line=None, errors=statement_line_not_found(line))
    try:
        found = statement_line_ignore(line=found, actor=current_user(info))
    except ValidationFailed as failed:
        return StatementLinePayload(line=None, errors=user_errors(failed.errors))
    return StatementLinePayload(line=found, errors=[])  # type: ignore[arg-type]


ignore_statement_line_field = strawberry.mutation(
    resolver=ignore_statement_line_mutation,
    description="Set a statement line aside (not a client's payment): it is never matched.",
    extensions=[Require(IsStaff(), HasPerm(Perm.RECORD_PAYMENT))],
)
