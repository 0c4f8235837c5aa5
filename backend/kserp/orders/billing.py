"""Billing runs: approved, unbilled bill lines → invoices, exactly once (docs/billing.md).

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

Steps 2-4 are `_post_chunk`: rows to Python, invoices built there, bulk inserts (COPY on
PostgreSQL). A set-based single-statement variant was measured no faster side by side
(docs/billing.md) and was dropped for legibility.

Running it twice is safe: a second execution finds nothing unbilled; a killed worker loses only
the chunk in flight (rolled back, numbers included) and the re-delivered message finishes the run.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Sum
from django.utils import timezone

from kserp.crm.models import Client, InvoiceGrouping
from kserp.errors import ServiceError, ValidationFailed
from kserp.finance import ledger
from kserp.finance.bulk import fast_insert
from kserp.finance.invoicing import (
    INVOICE_SERIES,
    document_counter_lock,
    document_numbers_allocate,
    receivables_publish,
    tax_of,
)
from kserp.finance.models import (
    Entity,
    Invoice,
    InvoiceLine,
    Journal,
    JournalSource,
)
from kserp.identity.audit import audit_record_event
from kserp.orders.errors import OrdersErrorCode as Code
from kserp.orders.models import BillingRun, BillingRunStatus, BillLine
from kserp.realtime.events import publish_on_commit

logger = logging.getLogger(__name__)
ZERO = Decimal("0.00")
#: Lines per chunk (one transaction). A group larger than this is one chunk on its own. Fewer,
#: larger transactions save per-chunk work: 20,000 billed ~20% faster than 5,000 with the worker's
#: memory still flat (bench/results/billing.md).
CHUNK_LINES = int(os.environ.get("KSERP_BILLING_CHUNK_LINES", "20000"))
#: A group: ("C", client id) | ("J", job order id) | ("T", timesheet id).
GroupKey = tuple[str, int]


def progress_group(run_id: int) -> str:
    return f"kserp.billing_run.{run_id}"


def run_payload(run: BillingRun) -> dict[str, Any]:
    return {
        "id": run.pk,
        "status": run.status,
        "progress": run.progress,
        "lineCount": run.line_count,
        "invoiceCount": run.invoice_count,
        "plannedLines": run.planned_lines,
        "total": str(run.total),
        "failureReason": run.failure_reason,
    }


def _publish(run_id: int) -> None:
    run = BillingRun.objects.get(pk=run_id)
    publish_on_commit(progress_group(run_id), run_payload(run))


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
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        run = BillingRun.objects.create(
            entity=entity,
            period_end=period_end,
            issue_date=issue_date or timezone.localdate(),
            client_codes=codes,
            created_by=user if getattr(user, "is_authenticated", False) else None,
        )
        _send_on_commit(run.pk)
        publish_on_commit(progress_group(run.pk), run_payload(run))
    return run


def _send_on_commit(run_id: int) -> None:
    from kserp.orders.actors import billing_run_actor

    transaction.on_commit(lambda: billing_run_actor.send(run_id))


def billing_run_retry(*, run: BillingRun) -> BillingRun:
    """Queue a FAILED run again; it bills what is left (nothing twice)."""
    with transaction.atomic():
        run = BillingRun.objects.select_for_update().get(pk=run.pk)
        if run.status != BillingRunStatus.FAILED:
            raise ValidationFailed(
                [ServiceError(Code.RUN_NOT_RETRYABLE, f"Only a FAILED run can be retried ({run.status}).", "id")]
            )
        run.status = BillingRunStatus.QUEUED
        run.failure_reason = ""
        run.save(update_fields=["status", "failure_reason"])
        _send_on_commit(run.pk)
        publish_on_commit(progress_group(run.pk), run_payload(run))
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
        run.save(update_fields=["status", "attempts", "failure_reason", "started_at"])
        publish_on_commit(progress_group(run.pk), run_payload(run))
    try:
        _bill(run)
    except Exception as exc:
        logger.exception("billing run %s failed", run_id)
        with transaction.atomic():
            BillingRun.objects.filter(pk=run_id).update(
                status=BillingRunStatus.FAILED, failure_reason=f"{exc.__class__.__name__}: {exc}"[:2000]
            )
            _publish(run_id)
        raise
    with transaction.atomic():
        totals = _run_totals(run.pk)
        BillingRun.objects.filter(pk=run.pk).update(
            status=BillingRunStatus.COMPLETED, progress=1.0, finished_at=timezone.now(), **totals
        )
        _publish(run.pk)
        receivables_publish(entity=run.entity)
    run.refresh_from_db()
    return run


def _run_totals(run_id: int) -> dict[str, Any]:
    invoices = Invoice.objects.filter(billing_run_id=run_id).aggregate(n=Count("id"), total=Sum("total"))
    lines = InvoiceLine.objects.filter(invoice__billing_run_id=run_id).count()
    return {"invoice_count": invoices["n"], "total": invoices["total"] or ZERO, "line_count": lines}


def unbilled_lines(run: BillingRun) -> QuerySet[BillLine]:
    """The run's candidates: the entity's bill lines up to the period end (by week ending) of the
    chosen clients that are on no invoice. Bill lines exist only for APPROVED timesheets."""
    qs = BillLine.objects.filter(entity_id=run.entity_id, week_ending__lte=run.period_end).filter(
        ~Exists(InvoiceLine.objects.filter(bill_line_id=OuterRef("pk")))
    )
    if run.client_codes:
        qs = qs.filter(client__code__in=run.client_codes)
    return qs


def _group_key(grouping: str, client_id: int, job_order_id: int, timesheet_id: int) -> GroupKey:
    if grouping == InvoiceGrouping.TIMESHEET:
        return ("T", timesheet_id)
    if grouping == InvoiceGrouping.JOB_ORDER:
        return ("J", job_order_id)
    return ("C", client_id)


@dataclass
class Plan:
    lines: int
    chunks: list[list[GroupKey]]
    grouping: dict[tuple[int, int], str]  # (client id, job order id) -> effective grouping
    terms: dict[int, int]  # client id -> payment terms (days)


def plan_chunks(run: BillingRun) -> Plan:
    """The groups still to bill, packed into chunks of at most CHUNK_LINES lines (a larger group
    alone), with what the chunks need to know about clients and job orders."""
    rows = (
        unbilled_lines(run)
        .values_list(
            "client_id",
            "job_order_id",
            "timesheet_id",
            "client__invoice_grouping",
            "job_order__invoice_grouping",
            "client__payment_terms_days",
        )
        .annotate(n=Count("id"))
        .order_by()
    )
    sizes: dict[GroupKey, int] = defaultdict(int)
    grouping: dict[tuple[int, int], str] = {}
    terms: dict[int, int] = {}
    for client_id, job_order_id, timesheet_id, client_grouping, job_grouping, days, n in rows:
        effective = job_grouping or client_grouping
        grouping[(client_id, job_order_id)] = effective
        terms[client_id] = days
        sizes[_group_key(effective, client_id, job_order_id, timesheet_id)] += n
    chunks: list[list[GroupKey]] = []
    current: list[GroupKey] = []
    size = 0
    for key in sorted(sizes):
        if current and size + sizes[key] > CHUNK_LINES:
            chunks.append(current)
            current, size = [], 0
        current.append(key)
        size += sizes[key]
    if current:
        chunks.append(current)
    return Plan(sum(sizes.values()), chunks, grouping, terms)


def _bill(run: BillingRun) -> None:
    entity = Entity.objects.get(pk=run.entity_id)
    accounts = ledger.chart_of_accounts(entity=entity)
    plan = plan_chunks(run)
    done = InvoiceLine.objects.filter(invoice__billing_run_id=run.pk).count()
    total_lines = done + plan.lines
    BillingRun.objects.filter(pk=run.pk).update(
        planned_lines=total_lines, progress=(done / total_lines) if total_lines else 0.0
    )
    for keys in plan.chunks:
        for attempt in range(3):
            try:
                done += _bill_chunk(run, entity, accounts, plan, keys, done, total_lines)
                break
            except IntegrityError:  # another run billed some of these lines first: re-select
                if attempt == 2:
                    raise
                logger.warning("billing run %s: chunk conflicted, retrying", run.pk)


LINE_FIELDS = (
    "id",
    "client_id",
    "job_order_id",
    "timesheet_id",
    "pay_code",
    "description",
    "quantity",
    "bill_rate",
    "bill_amount",
)
ID, CLIENT, JOB_ORDER, TIMESHEET, PAY_CODE, DESCRIPTION, QUANTITY, BILL_RATE, AMOUNT = range(len(LINE_FIELDS))


def _bill_chunk(
    run: BillingRun,
    entity: Entity,
    accounts: dict[str, int],
    plan: Plan,
    keys: list[GroupKey],
    done: int,
    total_lines: int,
) -> int:
    with transaction.atomic():
        # 1. the counter row first: runs of one entity take turns from here to the commit.
        document_counter_lock(entity=entity, series=INVOICE_SERIES)
        # 2.-4. select and lock the lines, make the invoices, lines and journals, move the counter.
        billed, invoice_count, total = _post_chunk(run, entity, accounts, plan, keys)
        if not billed:
            return 0
        # 5. counters and progress, published on commit.
        _chunk_done(run, billed, invoice_count, total, done, total_lines)
    return billed


def _chunk_done(run: BillingRun, billed: int, invoice_count: int, total: Decimal, done: int, total_lines: int) -> None:
    BillingRun.objects.filter(pk=run.pk).update(
        line_count=F("line_count") + billed,
        invoice_count=F("invoice_count") + invoice_count,
        total=F("total") + total,
        progress=min(1.0, (done + billed) / total_lines) if total_lines else 1.0,
    )
    # One audit event per chunk (not per invoice line): what this run issued in it.
    audit_record_event(
        actor=run.created_by,
        action="invoice.issue",
        object_type="orders.BillingRun",
        object_id=str(run.pk),
        object_repr=f"billing run {run.pk}",
        before=None,
        after={"invoices": invoice_count, "lines": billed, "total": str(total)},
    )
    _publish(run.pk)


def _post_chunk(
    run: BillingRun, entity: Entity, accounts: dict[str, int], plan: Plan, keys: list[GroupKey]
) -> tuple[int, int, Decimal]:
    """Select and lock the chunk's lines, build its invoices in Python, insert them in bulk (COPY on
    PostgreSQL), post one journal per invoice."""
    wanted = set(keys)
    by_kind: dict[str, list[int]] = defaultdict(list)
    for kind, pk in keys:
        by_kind[kind].append(pk)
    where = Q(pk__in=[])
    for kind, field in (("C", "client_id__in"), ("J", "job_order_id__in"), ("T", "timesheet_id__in")):
        if by_kind[kind]:
            where |= Q(**{field: by_kind[kind]})
    rows = list(
        unbilled_lines(run)
        .filter(where)
        .select_for_update(skip_locked=True, of=("self",))
        .order_by("timesheet_id", "position", "id")
        .values_list(*LINE_FIELDS)
    )
    groups: dict[GroupKey, list[tuple[Any, ...]]] = defaultdict(list)
    for row in rows:
        effective = plan.grouping.get((row[CLIENT], row[JOB_ORDER]))
        if effective is None:  # approved after the plan was made: the next run bills it
            continue
        key = _group_key(effective, row[CLIENT], row[JOB_ORDER], row[TIMESHEET])
        if key in wanted:
            groups[key].append(row)
    if not groups:
        return 0, 0, ZERO
    ordered = sorted(groups)
    numbers = document_numbers_allocate(entity=entity, series=INVOICE_SERIES, count=len(ordered))
    invoices = []
    for key, number in zip(ordered, numbers, strict=True):
        lines = groups[key]
        subtotal = sum((row[AMOUNT] for row in lines), ZERO)
        tax = tax_of(subtotal, entity.tax_rate)
        invoices.append(
            Invoice(
                number=number,
                entity_id=entity.pk,
                client_id=lines[0][CLIENT],
                billing_run_id=run.pk,
                issue_date=run.issue_date,
                due_date=run.issue_date + dt.timedelta(days=plan.terms[lines[0][CLIENT]]),
                currency=entity.currency,
                tax_rate=entity.tax_rate,
                subtotal=subtotal,
                tax_total=tax,
                total=subtotal + tax,
            )
        )
    Invoice.objects.bulk_create(invoices, batch_size=2000)
    fast_insert(InvoiceLine, INVOICE_LINE_COLUMNS, _invoice_line_rows(invoices, (groups[key] for key in ordered)))
    ledger.journals_post(
        entity_id=entity.pk,
        entries=(
            (
                Journal(date=inv.issue_date, memo=f"Invoice {inv.number}", source=JournalSource.INVOICE, invoice=inv),
                ledger.invoice_postings(accounts, subtotal=inv.subtotal, tax=inv.tax_total, total=inv.total),
            )
            for inv in invoices
        ),
    )
    billed = sum(len(lines) for lines in groups.values())
    return billed, len(invoices), sum((inv.total for inv in invoices), ZERO)


INVOICE_LINE_COLUMNS = (
    "invoice_id",
    "bill_line_id",
    "job_order_id",
    "timesheet_id",
    "position",
    "description",
    "pay_code",
    "quantity",
    "unit_price",
    "amount",
)


def _invoice_line_rows(invoices: list[Invoice], grouped: Iterable[list[tuple[Any, ...]]]) -> Iterable[tuple[Any, ...]]:
    for invoice, lines in zip(invoices, grouped, strict=True):
        for position, row in enumerate(lines):
            yield (
                invoice.pk,
                row[ID],
                row[JOB_ORDER],
                row[TIMESHEET],
                position,
                row[DESCRIPTION],
                row[PAY_CODE],
                row[QUANTITY],
                row[BILL_RATE],
                row[AMOUNT],
            )
