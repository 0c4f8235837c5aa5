"""Period locks (docs/finance.md, "Period locks"): an entity's books are closed through a date.

`period_guard(entity=..., date=...)` is the one check every posting goes through: the ledger's
`journals_post` calls it for every journal (invoices, credit notes, receipts, allocations,
refunds, reversals, manual journals, billing runs), and services call it first with the input's
own field so that the refusal names it. Other domains (pay runs) call it before they post.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from kserp.base.models import Entity
from kserp.errors import ServiceError, ValidationFailed
from kserp.finance.errors import FinanceErrorCode as Code
from kserp.finance.models import PeriodLock
from kserp.identity.audit import audit_record


class PeriodLocked(ValidationFailed):
    """A posting dated in a locked period (code `PERIOD_LOCKED`)."""


def period_lock_date(*, entity: Entity | int) -> dt.date | None:
    """The last locked day of the entity's books, or None when nothing is locked."""
    entity_id = entity if isinstance(entity, int) else entity.pk
    return PeriodLock.objects.filter(entity_id=entity_id).values_list("through", flat=True).first()


def period_locked_error(*, entity: Entity | int, date: dt.date, field: str | None = "date") -> ServiceError | None:
    """The `PERIOD_LOCKED` error for a posting dated `date`, or None when the period is open."""
    through = period_lock_date(entity=entity)
    if through is None or date > through:
        return None
    code = entity.code if isinstance(entity, Entity) else Entity.objects.values_list("code", flat=True).get(pk=entity)
    return ServiceError(
        Code.PERIOD_LOCKED,
        f"The books of {code} are locked through {through.isoformat()}: nothing can be posted on "
        f"{date.isoformat()}. Date it after {through.isoformat()}, or ask an admin to unlock the period.",
        field,
    )


def period_guard(*, entity: Entity | int, date: dt.date, field: str | None = "date") -> None:
    """Raise `PeriodLocked` when `date` is on or before the entity's lock date."""
    error = period_locked_error(entity=entity, date=date, field=field)
    if error is not None:
        raise PeriodLocked([error])


def period_lock(*, entity: Entity, through: dt.date, actor: Any = None) -> PeriodLock:
    """Close the entity's books through `through`. Only forward: moving the lock back is
    `period_unlock` (an admin's action)."""
    with transaction.atomic():
        lock = PeriodLock.objects.select_for_update().filter(entity=entity).first()
        before = {"through": lock.through.isoformat()} if lock else {"through": None}
        if lock is not None and through < lock.through:
            raise ValidationFailed(
                [
                    ServiceError(
                        Code.INVALID,
                        f"The books are locked through {lock.through.isoformat()}; moving the lock back "
                        "is unlocking, an admin's action.",
                        "through",
                    )
                ]
            )
        if lock is None:
            lock = PeriodLock.objects.create(entity=entity, through=through)
        else:
            lock.through = through
            lock.save(update_fields=["through", "updated_at"])
        audit_record(
            actor=actor, action="period.lock", instance=lock, before=before, after={"through": through.isoformat()}
        )
    return lock


def period_unlock(*, entity: Entity, through: dt.date | None, reason: str, actor: Any = None) -> PeriodLock | None:
    """Move the entity's lock back to `through` (None: nothing locked). An admin's action, with a
    reason, in the audit trail."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed([ServiceError(Code.REQUIRED, "Give a reason.", "reason")])
    with transaction.atomic():
        lock = PeriodLock.objects.select_for_update().filter(entity=entity).first()
        if lock is None:
            raise ValidationFailed([ServiceError(Code.INVALID_STATE, "Nothing is locked.", "entity")])
        if through is not None and through >= lock.through:
            raise ValidationFailed(
                [ServiceError(Code.INVALID, f"Unlock to a date before {lock.through.isoformat()}.", "through")]
            )
        before = {"through": lock.through.isoformat()}
        after = {"through": through.isoformat() if through else None, "reason": reason[:500]}
        audit_record(actor=actor, action="period.unlock", instance=lock, before=before, after=after)
        if through is None:
            lock.delete()
            return None
        lock.through = through
        lock.save(update_fields=["through", "updated_at"])
    return lock
