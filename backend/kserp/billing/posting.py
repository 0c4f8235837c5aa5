"""A billing run's chunks (docs/billing.md): plan the invoice groups, pack them into chunks, and
bill each chunk in one transaction through finance's `invoices_issue`.

Python reads what it needs to group and total the invoices (id, client, job order, timesheet and
amount of each line); finance numbers, taxes and inserts them. Two PostgreSQL planner traps are
handled on the way (`_refresh_statistics`, `_forget_plans`).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Sum
from django.utils import timezone

from kserp.base.models import Entity
from kserp.billing.events import billing_run_changed_publish
from kserp.billing.models import BillingRun
from kserp.crm.models import InvoiceGrouping
from kserp.finance.bulk import analyze_if_stale, forget_plans
from kserp.finance.invoicing import InvoiceGroup, invoices_issue, tax_of
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
    analyze_if_stale(BillLine, lines)


def _forget_plans() -> None:
    forget_plans()


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


# --- what a run would bill (the dashboard's dry run) -----------------------------------------------
@dataclass(frozen=True)
class RunPreview:
    """What a run of `entity` to `period_end` would bill now, stored nowhere: its invoices (one per
    group, as the run groups them), lines and totals, tax per invoice as the run computes it."""

    invoice_count: int
    line_count: int
    subtotal: Decimal
    tax_total: Decimal
    total: Decimal
    clients: list[tuple[str, int, Decimal]]  # (client code, invoices, total incl. tax)


def run_preview(*, entity: Entity, period_end: dt.date, client_codes: Sequence[str] = ()) -> RunPreview:
    run = BillingRun(entity=entity, entity_id=entity.pk, period_end=period_end, client_codes=list(client_codes))
    rows = (
        unbilled_lines(run)
        .values_list(
            "client__code",
            "client_id",
            "job_order_id",
            "timesheet_id",
            "client__invoice_grouping",
            "job_order__invoice_grouping",
        )
        .annotate(n=Count("id"), amount=Sum("bill_amount"))
        .order_by()
    )
    groups: dict[GroupKey, tuple[str, int, Decimal]] = {}
    for code, client_id, job_order_id, timesheet_id, client_grouping, job_grouping, n, amount in rows:
        key = _group_key(job_grouping or client_grouping, client_id, job_order_id, timesheet_id)
        _, lines, subtotal = groups.get(key, (code, 0, ZERO))
        groups[key] = (code, lines + n, subtotal + amount)
    per_client: dict[str, tuple[int, Decimal]] = {}
    subtotal_all = tax_all = ZERO
    for code, _, subtotal in groups.values():
        tax = tax_of(subtotal, entity.tax_rate)
        subtotal_all, tax_all = subtotal_all + subtotal, tax_all + tax
        count, total = per_client.get(code, (0, ZERO))
        per_client[code] = (count + 1, total + subtotal + tax)
    return RunPreview(
        invoice_count=len(groups),
        line_count=sum(lines for _, lines, _ in groups.values()),
        subtotal=subtotal_all,
        tax_total=tax_all,
        total=subtotal_all + tax_all,
        clients=[(code, n, total) for code, (n, total) in sorted(per_client.items())],
    )
