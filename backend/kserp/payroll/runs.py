"""Pay runs: start, execute, progress and marking paid (docs/payroll.md). The chunks are
`kserp.payroll.posting`.

`pay_run_start` stores a QUEUED run and sends `pay_run_actor` on commit; the actor calls
`pay_run_execute`, which plans the run (payees and their line counts) and pays it chunk by chunk.
Running it twice is safe: a second execution finds nothing unpaid; a killed worker loses only the
chunk in flight and the re-delivered message finishes the run. A run whose worker died without a
re-delivery is found by the stale-run watch (kserp/base/jobs.py), marked FAILED and resumed with
`pay_run_resume`; `pay_run_retry` (`retryPayRun`) does the same by hand.
"""

from __future__ import annotations

import datetime as dt
import logging
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone

from kserp.base.bounds import business_date_errors
from kserp.base.jobs import job_claim, job_requeue
from kserp.base.models import Entity
from kserp.errors import ServiceError, ValidationFailed
from kserp.finance.pay_posting import pay_run_paid_post
from kserp.finance.periods import period_locked_error
from kserp.identity.audit import audit_record_event
from kserp.payroll import posting
from kserp.payroll.errors import PayrollErrorCode as Code
from kserp.payroll.events import pay_run_changed_publish
from kserp.payroll.models import PayFrequency, PaymentKind, PayRun, PayRunLine, PayRunPayment, PayRunStatus, PaySchedule
from kserp.webhooks.services import event_emit

logger = logging.getLogger(__name__)
ZERO = Decimal("0.00")


def _publish(run_id: int) -> None:
    pay_run_changed_publish(run_id=run_id)


def pay_schedule_of(entity: Entity) -> PaySchedule:
    """The entity's schedule; weekly, paid 3 days after the period end, when none is configured."""
    schedule = PaySchedule.objects.filter(entity=entity).first()
    return schedule or PaySchedule(entity=entity, frequency=PayFrequency.WEEKLY, pay_day_offset_days=3)


def pay_run_start(*, entity: Entity, period_end: dt.date, user: Any = None) -> PayRun:
    """Queue a pay run. Refused at `periodEnd`, nothing stored, when the period end is outside the
    business-date window (kserp/base/bounds.py) or the run's journals (dated on the pay date) would
    fall in a locked period (`PERIOD_LOCKED`, naming the lock)."""
    schedule = pay_schedule_of(entity)
    errors = business_date_errors(period_end, field="periodEnd", entity=entity)
    if errors:
        raise ValidationFailed(errors)
    pay_date = period_end + dt.timedelta(days=schedule.pay_day_offset_days)
    locked = period_locked_error(entity=entity, date=pay_date, field="periodEnd")
    if locked is not None:
        raise ValidationFailed([locked])
    with transaction.atomic():
        run = PayRun.objects.create(
            entity=entity,
            period_end=period_end,
            pay_date=pay_date,
            frequency=schedule.frequency,
            created_by=user if getattr(user, "is_authenticated", False) else None,
            heartbeat_at=timezone.now(),
        )
        _send_on_commit(run.pk)
        pay_run_changed_publish(run_id=run.pk)
    return run


def _send_on_commit(run_id: int) -> None:
    # Function-local on purpose: the actor module imports this one, as billing's does.
    from kserp.payroll.actors import pay_run_actor

    transaction.on_commit(lambda: pay_run_actor.send(run_id))


def pay_run_retry(*, run: PayRun) -> PayRun:
    """Queue a FAILED run again, or a stale one (QUEUED or RUNNING without progress and without a
    live worker: kserp/base/jobs.py); it pays what is left (nothing twice)."""
    with transaction.atomic():
        run = job_requeue(PayRun, run.pk, code=Code.RUN_NOT_RETRYABLE)
        _send_on_commit(run.pk)
        pay_run_changed_publish(run_id=run.pk)
    return run


def pay_run_resume(run_id: int) -> None:
    """Queue a stale run again (kserp/base/jobs.py calls it after marking the run FAILED)."""
    pay_run_retry(run=PayRun(pk=run_id))


def pay_run_execute(*, run_id: int) -> PayRun | None:
    """Pay the run (the actor's body). Idempotent: a COMPLETED run is left alone; a RUNNING or FAILED
    one (re-delivered) continues with what is still unpaid."""
    with transaction.atomic():
        run = PayRun.objects.select_for_update().filter(pk=run_id).first()
        if run is None:
            logger.warning("pay run %s does not exist", run_id)
            return None
        if run.status == PayRunStatus.COMPLETED:
            return run
        run.status = PayRunStatus.RUNNING
        run.attempts += 1
        run.failure_reason = ""
        run.started_at = run.started_at or timezone.now()
        job_claim(run)
        fields = ["status", "attempts", "failure_reason", "started_at", "updated_at", "heartbeat_at", "worker"]
        run.save(update_fields=fields)
        pay_run_changed_publish(run_id=run.pk)
    try:
        posting.pay(run, publish=_publish)
    except Exception as exc:
        logger.exception("pay run %s failed", run_id)
        with transaction.atomic():
            PayRun.objects.filter(pk=run_id).update(
                status=PayRunStatus.FAILED,
                failure_reason=f"{exc.__class__.__name__}: {exc}"[:2000],
                updated_at=timezone.now(),
            )
            _publish(run_id)
        raise
    with transaction.atomic():
        PayRun.objects.filter(pk=run.pk).update(
            status=PayRunStatus.COMPLETED,
            progress=1.0,
            finished_at=timezone.now(),
            updated_at=timezone.now(),
            **_run_totals(run.pk),
        )
        _publish(run.pk)
        event_emit(type="pay_run.completed", obj=run)  # webhooks (docs/partners.md); never to client endpoints
        audit_record_event(
            actor=run.created_by,
            action="payrun.complete",
            object_type="payroll.PayRun",
            object_id=str(run.pk),
            object_repr=f"pay run {run.pk}",
            before=None,
            after={"period_end": run.period_end.isoformat(), "pay_date": run.pay_date.isoformat()},
        )
    run.refresh_from_db()
    return run


def _run_totals(run_id: int) -> dict[str, Any]:
    sums = PayRunPayment.objects.filter(pay_run_id=run_id).aggregate(n=Count("id"), gross=Sum("gross"), net=Sum("net"))
    lines = PayRunLine.objects.filter(payment__pay_run_id=run_id).count()
    return {
        "payment_count": sums["n"],
        "gross_total": sums["gross"] or ZERO,
        "total": sums["net"] or ZERO,
        "line_count": lines,
    }


def pay_run_mark_paid(*, run: PayRun, user: Any = None) -> PayRun:
    """The nets have left the bank: post the payment journal on the pay date; the run's net-pay
    and RCTI payables are cleared."""
    with transaction.atomic():
        run = PayRun.objects.select_for_update().get(pk=run.pk)
        if run.status != PayRunStatus.COMPLETED or run.paid_at is not None:
            state = "already paid" if run.paid_at else run.status
            raise ValidationFailed(
                [ServiceError(Code.INVALID_STATE, f"Only a COMPLETED, unpaid run can be marked paid ({state}).", "id")]
            )
        sums = PayRunPayment.objects.filter(pay_run=run).aggregate(
            employees=Sum("net", filter=Q(kind=PaymentKind.PAYSLIP)),
            contractors=Sum("net", filter=Q(kind=PaymentKind.RCTI)),
        )
        employees, contractors = sums["employees"] or ZERO, sums["contractors"] or ZERO
        locked = period_locked_error(entity=run.entity, date=run.pay_date, field="id")
        if locked is not None and (employees or contractors):
            raise ValidationFailed([locked])
        if employees or contractors:  # a run that paid nobody moves no money
            run.payment_journal_id = pay_run_paid_post(
                entity=run.entity,
                date=run.pay_date,
                employees_net=employees,
                contractors_net=contractors,
                memo=f"Pay run {run.pk} paid",
            )
        run.paid_at = timezone.now()
        run.save(update_fields=["payment_journal", "paid_at", "updated_at"])
        audit_record_event(
            actor=user if getattr(user, "is_authenticated", False) else None,
            action="payrun.paid",
            object_type="payroll.PayRun",
            object_id=str(run.pk),
            object_repr=f"pay run {run.pk}",
            before=None,
            after={"total": str(run.total)},
        )
        pay_run_changed_publish(run_id=run.pk)
    return run
