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

Steps 2-4 are `_post_chunk`. Python reads what it needs to group, total and number the invoices
(id, client, job order, timesheet and amount of each line), inserts the invoices and journals with
COPY, and the invoice lines are copied from the bill lines by one INSERT ... SELECT per chunk. Two
PostgreSQL planner traps are handled on the way (`_refresh_statistics`, `_forget_plans`).

Running it twice is safe: a second execution finds nothing unbilled; a killed worker loses only
the chunk in flight (rolled back, numbers included) and the re-delivered message finishes the run.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Sum
from django.utils import timezone

from kserp.base.models import Entity
from kserp.crm.models import Client, InvoiceGrouping
from kserp.errors import ServiceError, ValidationFailed
from kserp.finance import ledger
from kserp.finance.bulk import insert_returning_ids
from kserp.finance.invoicing import (
    INVOICE_SERIES,
    document_counter_lock,
    document_numbers_allocate,
    receivables_publish,
    tax_of,
)
from kserp.finance.models import Invoice, InvoiceLine, JournalSource
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
    if len(plan.chunks) > 1:
        _refresh_statistics(plan.lines)
    for keys in plan.chunks:
        for attempt in range(3):
            try:
                done += _bill_chunk(run, entity, accounts, plan, keys, done, total_lines)
                break
            except IntegrityError:  # another run billed some of these lines first: re-select
                if attempt == 2:
                    raise
                logger.warning("billing run %s: chunk conflicted, retrying", run.pk)


#: What a chunk reads of each bill line: enough to group, total and number the invoices. The
#: invoice lines themselves are copied from the bill lines inside the database (INVOICE_LINES_SQL).
LINE_FIELDS = ("id", "client_id", "job_order_id", "timesheet_id", "bill_amount")


#: What an invoice of a run takes from the run and entity, and what it has of its own.
INVOICE_RUN_COLUMNS = ("entity_id", "billing_run_id", "issue_date", "currency", "tax_rate")
INVOICE_COLUMNS = ("number", "client_id", "due_date", "subtotal", "tax_total", "total")


@dataclass
class _Group:
    """One invoice to be: its lines in invoice order; then its number, due date and tax."""

    client_id: int
    line_ids: list[int] = field(default_factory=list)
    subtotal: Decimal = ZERO
    number: str = ""
    due_date: dt.date | None = None
    tax: Decimal = ZERO

    @property
    def total(self) -> Decimal:
        return self.subtotal + self.tax

    def invoice_row(self) -> tuple[Any, ...]:
        """Its values in INVOICE_COLUMNS order."""
        return (self.number, self.client_id, self.due_date, self.subtotal, self.tax, self.total)


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
        _forget_plans()
        # 2.-4. select and lock the lines, make the invoices, lines and journals, move the counter.
        billed, invoice_count, total = _post_chunk(run, entity, accounts, plan, keys)
        if not billed:
            return 0
        # 5. counters and progress, published on commit.
        _chunk_done(run, billed, invoice_count, total, done, total_lines)
    return billed


def _refresh_statistics(lines: int) -> None:
    """ANALYZE the bill lines when PostgreSQL's statistics say the table holds fewer rows than this
    run is about to bill (never analysed: a fresh database, or a large import since autovacuum last
    looked). Planned as if small, every chunk's select and insert would read the whole table: a run
    of 400,000 freshly loaded lines took 13.9 s instead of 10.3 s. ANALYZE samples a fixed number of
    rows, so it costs a fraction of a second however large the table."""
    if connection.vendor != "postgresql":
        return
    table = BillLine._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [table])
        (known,) = cursor.fetchone() or (0,)
        if known < lines:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")


def _forget_plans() -> None:
    """PostgreSQL checks every foreign key of every inserted row (at commit) with a plan it
    caches per connection. A plan made while a table was tiny (the first chunk of a fresh
    database, tables analysed while empty) is a sequential scan, and kept, it makes every later
    chunk quadratic: 100,000 lines took 6.9 s instead of 3.1 s. DISCARD PLANS makes each chunk
    plan its checks for the tables as they are now."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("DISCARD PLANS")


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
    """Select and lock the chunk's lines, group and total them in Python, insert the invoices,
    their lines and one journal per invoice in bulk."""
    wanted = set(keys)
    by_kind: dict[str, list[int]] = defaultdict(list)
    for kind, pk in keys:
        by_kind[kind].append(pk)
    where = Q(pk__in=[])
    for kind, name in (("C", "client_id__in"), ("J", "job_order_id__in"), ("T", "timesheet_id__in")):
        if by_kind[kind]:
            where |= Q(**{name: by_kind[kind]})
    rows = (
        unbilled_lines(run)
        .filter(where)
        .select_for_update(skip_locked=True, of=("self",))
        .order_by("timesheet_id", "position", "id")
        .values_list(*LINE_FIELDS)
    )
    groups: dict[GroupKey, _Group] = {}
    for line_id, client_id, job_order_id, timesheet_id, amount in rows:
        effective = plan.grouping.get((client_id, job_order_id))
        if effective is None:  # approved after the plan was made: the next run bills it
            continue
        key = _group_key(effective, client_id, job_order_id, timesheet_id)
        if key not in wanted:
            continue
        group = groups.get(key)
        if group is None:
            group = groups[key] = _Group(client_id)
        group.line_ids.append(line_id)
        group.subtotal += amount
    if not groups:
        return 0, 0, ZERO
    ordered = [groups[key] for key in sorted(groups)]
    numbers = document_numbers_allocate(entity=entity, series=INVOICE_SERIES, count=len(ordered))
    for group, number in zip(ordered, numbers, strict=True):
        group.number = number
        group.due_date = run.issue_date + dt.timedelta(days=plan.terms[group.client_id])
        group.tax = tax_of(group.subtotal, entity.tax_rate)
    from_run = (entity.pk, run.pk, run.issue_date, entity.currency, entity.tax_rate)
    invoice_ids = insert_returning_ids(
        Invoice, (*INVOICE_RUN_COLUMNS, *INVOICE_COLUMNS), [(*from_run, *g.invoice_row()) for g in ordered]
    )
    _insert_invoice_lines(
        (line_id, invoice_id, position)
        for invoice_id, group in zip(invoice_ids, ordered, strict=True)
        for position, line_id in enumerate(group.line_ids)
    )
    ledger.journals_post(
        entity_id=entity.pk,
        entries=[
            ledger.JournalEntry(
                date=run.issue_date,
                memo=f"Invoice {g.number}",
                source=JournalSource.INVOICE,
                postings=ledger.invoice_postings(accounts, subtotal=g.subtotal, tax=g.tax, total=g.total),
                invoice_id=invoice_id,
            )
            for invoice_id, g in zip(invoice_ids, ordered, strict=True)
        ],
    )
    billed = sum(len(g.line_ids) for g in ordered)
    return billed, len(ordered), sum((g.total for g in ordered), ZERO)


#: An invoice line is its bill line's description, pay code, quantity, rate and amount, on an
#: invoice at a position: one INSERT ... SELECT per chunk, so the wide columns never leave the
#: database. `{mapping}` is a relation m(bill_line_id, invoice_id, position) built from
#: parameters: arrays on PostgreSQL, a JSON document on SQLite.
INVOICE_LINES_SQL = """
INSERT INTO {invoice_line} (invoice_id, bill_line_id, job_order_id, timesheet_id, position,
                            description, pay_code, quantity, unit_price, amount)
SELECT m.invoice_id, b.id, b.job_order_id, b.timesheet_id, m.position,
       b.description, b.pay_code, b.quantity, b.bill_rate, b.bill_amount
FROM {mapping} JOIN {bill_line} b ON b.id = m.bill_line_id
"""
MAPPING_SQL = {
    "postgresql": "unnest(string_to_array(%s, ',')::bigint[], string_to_array(%s, ',')::bigint[],"
    " string_to_array(%s, ',')::integer[]) AS m (bill_line_id, invoice_id, position)",
    "sqlite": "(SELECT json_extract(value, '$[0]') AS bill_line_id, json_extract(value, '$[1]') AS invoice_id,"
    " json_extract(value, '$[2]') AS position FROM json_each(%s)) AS m",
}


def _insert_invoice_lines(mapping: Iterable[tuple[int, int, int]]) -> None:
    """Insert one invoice line per (bill line id, invoice id, position)."""
    rows = list(mapping)
    sql = INVOICE_LINES_SQL.format(
        invoice_line=InvoiceLine._meta.db_table,
        bill_line=BillLine._meta.db_table,
        mapping=MAPPING_SQL[connection.vendor],
    )
    if connection.vendor == "postgresql":
        # Three columns of numbers as comma-separated text: much cheaper to send than Python lists
        # adapted to arrays element by element (20,000 lines: 16 ms against 37 ms).
        params = [",".join(map(str, column)) for column in zip(*rows, strict=True)]
    else:
        params = [json.dumps(rows)]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        if cursor.rowcount != len(rows):  # every line is locked by this transaction: cannot happen
            raise RuntimeError(f"{cursor.rowcount} invoice lines written for {len(rows)} bill lines")
