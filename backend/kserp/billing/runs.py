"""Billing runs: start, retry, execute and progress (docs/billing.md). The chunks themselves are
`kserp.billing.posting`.

`billing_run_start` stores a QUEUED run and sends `billing_run_actor` on commit; the actor calls
`billing_run_execute`, which plans the run (the invoice groups and their line counts) and bills
it chunk by chunk. Each chunk is one transaction that

1. locks the entity's invoice counter row (SELECT ... FOR UPDATE): chunks of runs for the same
   entity take turns, so each chunk sees every line billed before it;
2. selects the chunk's unbilled lines FOR UPDATE SKIP LOCKED (a re-opening timesheet holds its
   lines locked);
3. makes one invoice per group (the client's grouping: per client, job order or timesheet) with
   tax on the subtotal rounded half-up, due date from the client's payment terms and the next
   gapless numbers of the entity;
4. inserts invoices, invoice lines (`InvoiceLine.bill_line` is UNIQUE: a line is on at most one
   invoice), journals and journal lines with bulk inserts, and moves the counter;
5. publishes progress to `billingRunProgress` on commit.

Steps 1 and 3-4 are finance's `invoices_issue` (the one entry point billing uses); step 2 is
`posting.chunk_groups`. Python reads what it needs to group, total and number the invoices
(id, client, job order, timesheet and amount of each line), inserts the invoices and journals with
COPY, and the invoice lines are copied from the bill lines by one INSERT ... SELECT per chunk. Two
PostgreSQL planner traps are handled on the way (`_refresh_statistics`, `_forget_plans`).

Running it twice is safe: a second execution finds nothing unbilled; a killed worker loses only
the chunk in flight (rolled back, numbers included) and the re-delivered message finishes the run.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Sum
from django.utils import timezone

from kserp.base.bounds import business_date_errors
from kserp.base.jobs import job_claim, job_requeue
from kserp.base.models import Entity
from kserp.billing import posting
from kserp.billing.errors import BillingErrorCode as Code
from kserp.billing.events import billing_run_changed_publish
from kserp.billing.models import BillingRun, BillingRunStatus
from kserp.crm.models import Client, ClientStatus
from kserp.errors import ServiceError, ValidationFailed
from kserp.finance.delivery import billing_recipients, delivery_queue
from kserp.finance.events import receivables_changed_publish
from kserp.finance.models import DeliveryKind, Invoice, InvoiceLine
from kserp.finance.periods import period_locked_error
from kserp.webhooks.services import event_emit, events_emit

logger = logging.getLogger(__name__)
ZERO = Decimal("0.00")


# --- starting and retrying -----------------------------------------------------------------------
def billing_run_start(
    *,
    entity: Entity,
    period_end: dt.date,
    client_codes: Sequence[str] | None = None,
    issue_date: dt.date | None = None,
    user: Any = None,
) -> BillingRun:
    codes = list(dict.fromkeys(client_codes or []))
    known = set(Client.objects.filter(code__in=codes, entity=entity).values_list("code", flat=True))
    errors = [
        ServiceError(Code.NOT_FOUND, f"No client {code} of entity {entity.code}.", f"clients[{i}]")
        for i, code in enumerate(client_codes or [])
        if code not in known
    ]
    locked = period_locked_error(entity=entity, date=issue_date or timezone.localdate(), field="issueDate")
    if locked is not None:
        errors.append(locked)
    on_hold = dict(
        Client.objects.filter(entity=entity, status=ClientStatus.ON_HOLD).values_list("code", "pk")
    )  # no new runs for a client on hold: named, refused; not named, left out
    errors += [
        ServiceError(Code.CLIENT_ON_HOLD, f"Client {code} is on hold.", f"clients[{i}]")
        for i, code in enumerate(client_codes or [])
        if code in on_hold
    ]
    errors += business_date_errors(period_end, field="periodEnd", entity=entity)
    errors += business_date_errors(issue_date, field="issueDate", entity=entity)
    if errors:
        raise ValidationFailed(errors)
    if on_hold and not codes:
        codes = list(
            Client.objects.filter(entity=entity).exclude(status=ClientStatus.ON_HOLD).values_list("code", flat=True)
        )
        if not codes:
            raise ValidationFailed(
                [ServiceError(Code.CLIENT_ON_HOLD, f"Every client of entity {entity.code} is on hold.", "entity")]
            )
    with transaction.atomic():
        run = BillingRun.objects.create(
            entity=entity,
            period_end=period_end,
            issue_date=issue_date or timezone.localdate(),
            client_codes=codes,
            created_by=user if getattr(user, "is_authenticated", False) else None,
            heartbeat_at=timezone.now(),
        )
        _send_on_commit(run.pk)
        billing_run_changed_publish(run_id=run.pk)
    return run


def _send_on_commit(run_id: int) -> None:
    # Function-local on purpose: the actor module imports this one (its body calls
    # `billing_run_execute`), so the two depend on each other; the actor is needed only when sending.
    from kserp.billing.actors import billing_run_actor

    transaction.on_commit(lambda: billing_run_actor.send(run_id))


def billing_run_retry(*, run: BillingRun) -> BillingRun:
    """Queue a FAILED run again, or a stale one (QUEUED or RUNNING without progress and without a
    live worker: kserp/base/jobs.py); it bills what is left (nothing twice)."""
    with transaction.atomic():
        run = job_requeue(BillingRun, run.pk, code=Code.RUN_NOT_RETRYABLE)
        _send_on_commit(run.pk)
        billing_run_changed_publish(run_id=run.pk)
    return run


# --- executing -----------------------------------------------------------------------------------
def billing_run_execute(*, run_id: int) -> BillingRun | None:
    """Bill the run (the actor's body). Idempotent: a COMPLETED run is left alone; a RUNNING or
    FAILED one (re-delivered, retried) continues with what is still unbilled."""
    with transaction.atomic():
        run = BillingRun.objects.select_for_update().filter(pk=run_id).first()
        if run is None:
            logger.warning("billing run %s does not exist", run_id)
            return None
        if run.status == BillingRunStatus.COMPLETED:
            return run
        run.status = BillingRunStatus.RUNNING
        run.attempts += 1
        run.failure_reason = ""
        run.started_at = run.started_at or timezone.now()
        job_claim(run)
        fields = ["status", "attempts", "failure_reason", "started_at", "updated_at", "heartbeat_at", "worker"]
        run.save(update_fields=fields)
        billing_run_changed_publish(run_id=run.pk)
    try:
        posting.bill(run)
    except Exception as exc:
        logger.exception("billing run %s failed", run_id)
        with transaction.atomic():
            BillingRun.objects.filter(pk=run_id).update(
                status=BillingRunStatus.FAILED,
                failure_reason=f"{exc.__class__.__name__}: {exc}"[:2000],
                updated_at=timezone.now(),
            )
            billing_run_changed_publish(run_id=run_id)
        raise
    with transaction.atomic():
        totals = _run_totals(run.pk)
        BillingRun.objects.filter(pk=run.pk).update(
            status=BillingRunStatus.COMPLETED,
            progress=1.0,
            finished_at=timezone.now(),
            updated_at=timezone.now(),
            **totals,
        )
        billing_run_changed_publish(run_id=run.pk)
        receivables_changed_publish(entity_id=run.entity_id)
        events_emit(type="invoice.issued", objects=Invoice.objects.filter(billing_run_id=run.pk).order_by("id"))
        event_emit(type="billing_run.completed", obj=run)
        invoices_deliver_after_run(run_id=run.pk)
    run.refresh_from_db()
    return run


def invoices_deliver_after_run(*, run_id: int) -> int:
    """Queue an email of each invoice of the run (with its PDF) to its client's billing contacts,
    when `KSERP_EMAIL_INVOICES_AFTER_RUN` is on; clients without billing contacts are left for
    sending by hand. Returns how many were queued."""
    if not settings.KSERP_EMAIL_INVOICES_AFTER_RUN:
        return 0
    queued = 0
    for invoice in Invoice.objects.filter(billing_run_id=run_id).select_related("client").order_by("number"):
        if billing_recipients(invoice.client) and not invoice.deliveries.exists():
            delivery_queue(kind=DeliveryKind.INVOICE, client=invoice.client, invoice=invoice)
            queued += 1
    return queued


def billing_run_resume(run_id: int) -> None:
    """Queue a stale run again (kserp/base/jobs.py calls it after marking the run FAILED)."""
    billing_run_retry(run=BillingRun(pk=run_id))


def _run_totals(run_id: int) -> dict[str, Any]:
    invoices = Invoice.objects.filter(billing_run_id=run_id).aggregate(n=Count("id"), total=Sum("total"))
    lines = InvoiceLine.objects.filter(invoice__billing_run_id=run_id).count()
    return {"invoice_count": invoices["n"], "total": invoices["total"] or ZERO, "line_count": lines}


def billing_run_preview(*, entity: Entity, period_end: dt.date, client_codes: Sequence[str] = ()) -> posting.RunPreview:
    """What a run of `entity` to `period_end` would bill now (a dry run: nothing stored)."""
    return posting.run_preview(entity=entity, period_end=period_end, client_codes=client_codes)
