"""A billing run's chunks (docs/billing.md): plan the invoice groups, pack them into chunks, and
bill each chunk in one transaction through finance's `invoices_issue`.

Python reads what it needs to group and total the invoices (id, client, job order, timesheet and
amount of each line); finance numbers, taxes and inserts them. Two PostgreSQL planner traps are
handled on the way (`_refresh_statistics`, `_forget_plans`).
"""

from __future__ import annotations

import logging
import os
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, connection, transaction
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone

from kserp.base.models import Entity
from kserp.billing.events import billing_run_changed_publish
from kserp.billing.models import BillingRun
from kserp.crm.models import InvoiceGrouping
from kserp.finance.invoicing import InvoiceGroup, invoices_issue
from kserp.finance.models import InvoiceLine
from kserp.identity.audit import audit_record_event
from kserp.orders.models import BillLine

logger = logging.getLogger(__name__)
ZERO = Decimal("0.00")
#: Lines per chunk (one transaction). A group larger than this is one chunk on its own. Fewer,
#: larger transactions save per-chunk work: 20,000 billed ~20% faster than 5,000 with the worker's
#: memory still flat (bench/results/billing.md).
CHUNK_LINES = int(os.environ.get("KSERP_BILLING_CHUNK_LINES", "20000"))
#: A group: ("C", client id) | ("J", job order id) | ("T", timesheet id).
GroupKey = tuple[str, int]
#: What a chunk reads of each bill line: enough to group, total and number the invoices. The
#: invoice lines themselves are copied from the bill lines inside the database (by finance).
LINE_FIELDS = ("id", "client_id", "job_order_id", "timesheet_id", "bill_amount")


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


def bill(run: BillingRun) -> None:
    """Bill what is still unbilled of the run, chunk by chunk (progress published after each)."""
    entity = Entity.objects.get(pk=run.entity_id)
    plan = plan_chunks(run)
    done = InvoiceLine.objects.filter(invoice__billing_run_id=run.pk).count()
    total_lines = done + plan.lines
    BillingRun.objects.filter(pk=run.pk).update(
        planned_lines=total_lines, progress=(done / total_lines) if total_lines else 0.0, updated_at=timezone.now()
    )
    if len(plan.chunks) > 1:
        _refresh_statistics(plan.lines)
    for keys in plan.chunks:
        for attempt in range(3):
            try:
                done += _bill_chunk(run, entity, plan, keys, done, total_lines)
                break
            except IntegrityError:  # another run billed some of these lines first: re-select
                if attempt == 2:
                    raise
                logger.warning("billing run %s: chunk conflicted, retrying", run.pk)


def _bill_chunk(
    run: BillingRun,
    entity: Entity,
    plan: Plan,
    keys: list[GroupKey],
    done: int,
    total_lines: int,
) -> int:
    with transaction.atomic():
        # 1. finance locks the counter row first: runs of one entity take turns until the commit;
        # 2. under that lock, select and lock the chunk's lines and group them (`chunk_groups`);
        # 3.-4. finance numbers and taxes the invoices, inserts them, their lines and journals.
        issued = invoices_issue(
            entity=entity,
            issue_date=run.issue_date,
            billing_run_id=run.pk,
            groups=lambda: chunk_groups(run, plan, keys),
        )
        if not issued.lines:
            return 0
        # 5. counters and progress, published on commit.
        _chunk_done(run, issued.lines, issued.invoices, issued.total, done, total_lines)
        billing_run_changed_publish(run_id=run.pk)
    return issued.lines


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
        updated_at=timezone.now(),
        heartbeat_at=timezone.now(),  # progress: the run is alive (kserp/base/jobs.py)
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


def chunk_groups(run: BillingRun, plan: Plan, keys: list[GroupKey]) -> list[InvoiceGroup]:
    """Select and lock the chunk's lines (SKIP LOCKED: a re-opening timesheet holds its lines) and
    group and total them in Python, in invoice order."""
    _forget_plans()
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
    groups: dict[GroupKey, InvoiceGroup] = {}
    for line_id, client_id, job_order_id, timesheet_id, amount in rows:
        effective = plan.grouping.get((client_id, job_order_id))
        if effective is None:  # approved after the plan was made: the next run bills it
            continue
        key = _group_key(effective, client_id, job_order_id, timesheet_id)
        if key not in wanted:
            continue
        group = groups.get(key)
        if group is None:
            group = groups[key] = InvoiceGroup(client_id, plan.terms[client_id])
        group.line_ids.append(line_id)
        group.subtotal += amount
    return [groups[key] for key in sorted(groups)]
