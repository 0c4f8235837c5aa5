from __future__ import annotations

import strawberry
from strawberry.types import Info

from kserp.api.core.context import current_user
from kserp.api.core.errors import UserError, ValidationFailed, user_errors
from kserp.api.core.lookup import by_id_or_code
from kserp.api.core.permissions import HasPerm, IsStaff, Require, viewer_access
from kserp.api.finance.books_types import JournalPayload, PostJournalInput
from kserp.api.finance.types import entities_visible
from kserp.finance.books import ManualLine, journal_post_manual


def post_journal_mutation(info: Info, input: PostJournalInput) -> JournalPayload:
    entity = by_id_or_code(entities_visible(viewer_access(info).entity_id), str(input.entity), type_name="Entity")
    if entity is None:
        return JournalPayload(
            journal=None, errors=[UserError(field="entity", code="NOT_FOUND", message=f"No entity {input.entity!r}.")]
        )
    try:
        journal = journal_post_manual(
            entity=entity,
            date=input.date,
            reason=input.reason,
            lines=[ManualLine(account=line.account, debit=line.debit, credit=line.credit) for line in input.lines],
            actor=current_user(info),
        )
    except ValidationFailed as failed:
        return JournalPayload(journal=None, errors=user_errors(failed.errors))
    return JournalPayload(journal=journal, errors=[])  # type: ignore[arg-type]


post_journal_field = strawberry.mutation(
    resolver=post_journal_mutation,
    description="Post a manual journal (accountants): balanced, with a reason; errors by `lines[i].account|debit`.",
    extensions=[Require(IsStaff(), HasPerm("finance.add_journal"))],
)
