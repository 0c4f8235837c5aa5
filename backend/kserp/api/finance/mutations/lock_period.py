from __future__ import annotations

import datetime as dt

import strawberry
from strawberry.types import Info

from kserp.api.core.context import current_user
from kserp.api.core.errors import UserError, ValidationFailed, user_errors
from kserp.api.core.lookup import by_id_or_code
from kserp.api.core.permissions import HasPerm, IsStaff, Require, viewer_access
from kserp.api.finance.books_types import PeriodLockPayload
from kserp.api.finance.types import entities_visible
from kserp.finance.periods import period_lock


def lock_period_mutation(info: Info, entity: strawberry.ID, through: dt.date) -> PeriodLockPayload:
    found = by_id_or_code(entities_visible(viewer_access(info).entity_id), str(entity), type_name="Entity")
    if found is None:
        return PeriodLockPayload(
            period_lock=None, errors=[UserError(field="entity", code="NOT_FOUND", message=f"No entity {entity!r}.")]
        )
    try:
        lock = period_lock(entity=found, through=through, actor=current_user(info))
    except ValidationFailed as failed:
        return PeriodLockPayload(period_lock=None, errors=user_errors(failed.errors))
    return PeriodLockPayload(period_lock=lock, errors=[])  # type: ignore[arg-type]


lock_period_field = strawberry.mutation(
    resolver=lock_period_mutation,
    description="Close an entity's books through a date (inclusive): nothing posts dated on or before it "
    "(code PERIOD_LOCKED). Only forward; moving it back is `unlockPeriod` (admins).",
    extensions=[Require(IsStaff(), HasPerm("finance.add_periodlock"))],
)
