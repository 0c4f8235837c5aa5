"""A pay run's plan and chunks (docs/payroll.md, "Pay runs"). Each chunk is one transaction:

1. finance's `pay_documents_post` locks the entity's RCTI counter row: chunks of pay runs of one
   entity take turns, so each sees every line paid before it;
2. under that lock the chunk selects its payees' unpaid pay lines FOR UPDATE SKIP LOCKED (a
   re-opening timesheet holds its lines locked) and works out each payee's payslip or RCTI with
   `kserp.payroll.calc`;
3. finance numbers them gaplessly and posts one balanced journal each;
4. the payments are inserted (COPY), and their lines copied from the pay lines inside the database
   by one INSERT ... SELECT (`PayRunLine.pay_line` is UNIQUE: a pay line is paid at most once).

A killed worker loses only the chunk in flight (rolled back, numbers included).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, F, OuterRef, QuerySet, Sum

from kserp.base.jobs import job_beat
from kserp.base.models import Entity
from kserp.crm.models import Payee, PayeeKind
from kserp.finance.bulk import analyze_if_stale, forget_plans, insert_from_mapping, insert_returning_ids
from kserp.finance.pay_posting import PayDocument, pay_documents_post
from kserp.orders.models import JobOrder, PayLine, Timesheet, TimesheetStatus
from kserp.payroll.calc.figures import PayItem, YearToDate, financial_year_start, payslip_figures, rcti_figures
from kserp.payroll.calc.withholding import Frequency, TaxFacts, WithholdingTable, scale_for
from kserp.payroll.models import PaymentKind, PayRun, PayRunLine, PayRunPayment
from kserp.payroll.tables import PayCodeFacts, SuperRule, pay_code_facts, super_rule, withholding_table

logger = logging.getLogger(__name__)
ZERO = Decimal("0.00")
#: Pay lines per chunk (one transaction); one payee's lines are never split.
CHUNK_LINES = int(os.environ.get("KSERP_PAY_RUN_CHUNK_LINES", "20000"))
#: No TFN declaration on file: withheld at the no-TFN rate, as the ATO requires.
NO_DECLARATION = TaxFacts(tfn_provided=False, tax_free_threshold=False, foreign_resident=False)


def unpaid_lines(run: PayRun) -> QuerySet[PayLine]:
    """The run's candidates: pay lines of the entity's approved timesheets whose week ends by the
    period end and that are on no payment."""
    return PayLine.objects.filter(
        job_order__entity_id=run.entity_id,
        timesheet__status=TimesheetStatus.APPROVED,
        timesheet__week_starting__lte=run.period_end - dt.timedelta(days=6),
    ).filter(~Exists(PayRunLine.objects.filter(pay_line_id=OuterRef("pk"))))


def plan_chunks(run: PayRun) -> tuple[int, list[list[int]]]:
    """(lines still to pay, payee ids in chunks of at most CHUNK_LINES lines). Payees this run has
    already paid are left out: lines approved since wait for the next run."""
    paid = PayRunPayment.objects.filter(pay_run=run).values("payee_id")
    rows = (
        unpaid_lines(run)
        .exclude(job_order__payee_id__in=paid)
        .values_list("job_order__payee_id")
        .annotate(n=Count("id"))
        .order_by("job_order__payee_id")
    )
    chunks: list[list[int]] = []
    current: list[int] = []
    size = total = 0
    for payee_id, n in rows:
        if current and size + n > CHUNK_LINES:
            chunks.append(current)
            current, size = [], 0
        current.append(payee_id)
        size += n
        total += n
    if current:
        chunks.append(current)
    return total, chunks


@dataclass
class Context:
    """What every chunk of a run shares."""

    entity: Entity
    table: WithholdingTable
    frequency: Frequency
    superannuation: SuperRule
    pay_codes: dict[str, PayCodeFacts]


def context_of(run: PayRun) -> Context:
    return Context(
        entity=Entity.objects.get(pk=run.entity_id),
        table=withholding_table(run.pay_date),
        frequency=Frequency(run.frequency),
        superannuation=super_rule(run.pay_date),
        pay_codes=pay_code_facts(),
    )


PAYEE_FIELDS = (
    "id",
    "code",
    "name",
    "kind",
    "abn",
    "gst_registered",
    "tfn_provided",
    "tax_free_threshold",
    "foreign_resident",
    "bank_bsb",
    "bank_account",
    "bank_account_name",
    "super_fund_name",
    "super_fund_usi",
    "super_member_number",
)


@dataclass
class _Payee:
    doc: PayDocument | None = None
    info: dict[str, Any] = field(default_factory=dict)
    line_ids: list[int] = field(default_factory=list)
    items: list[PayItem] = field(default_factory=list)
    ytd: YearToDate = field(default_factory=YearToDate)
    scale: str = ""


def _prior_year_to_date(run: PayRun, payee_ids: list[int]) -> dict[int, YearToDate]:
    rows = (
        PayRunPayment.objects.filter(
            payee_id__in=payee_ids,
            kind=PaymentKind.PAYSLIP,
            pay_date__gte=financial_year_start(run.pay_date),
            pay_date__lte=run.pay_date,
        )
        .exclude(pay_run=run)
        .values("payee_id")
        .annotate(g=Sum("gross"), w=Sum("withholding"), s=Sum("superannuation"), n=Sum("net"))
        .order_by()
    )
    return {r["payee_id"]: YearToDate(r["g"], r["w"], r["s"], r["n"]) for r in rows}


def _figure(run: PayRun, ctx: Context, payee: _Payee) -> PayDocument:
    info = payee.info
    if info["kind"] == PayeeKind.CONTRACTOR:
        rcti = rcti_figures(items=payee.items, gst_registered=info["gst_registered"], has_abn=bool(info["abn"]))
        payee.scale = "" if info["abn"] else "NO_ABN"
        return PayDocument(
            rcti=True,
            gross=rcti.subtotal,
            withholding=rcti.withholding,
            superannuation=ZERO,
            gst=rcti.gst,
            net=rcti.net,
            memo=f"RCTI {info['code']} to {run.period_end.isoformat()}",
        )
    facts = (
        NO_DECLARATION
        if info["tfn_provided"] is None
        else TaxFacts(info["tfn_provided"], info["tax_free_threshold"], info["foreign_resident"])
    )
    super_percent = ctx.superannuation.percent if ctx.superannuation.covers(info["kind"]) else Decimal("0")
    slip = payslip_figures(
        items=payee.items,
        table=ctx.table,
        facts=facts,
        frequency=ctx.frequency,
        super_percent=super_percent,
        prior_year_to_date=payee.ytd,
    )
    payee.scale = scale_for(facts).value
    payee.ytd = slip.year_to_date
    return PayDocument(
        rcti=False,
        gross=slip.gross,
        withholding=slip.withholding,
        superannuation=slip.superannuation,
        gst=ZERO,
        net=slip.net,
        memo=f"Payslip {info['code']} to {run.period_end.isoformat()}",
    )


def _select(run: PayRun, ctx: Context, payee_ids: list[int], payees: dict[int, _Payee]) -> list[PayDocument]:
    """Under the counter lock: lock and read the chunk's lines, work out each payee's figures."""
    paid = PayRunPayment.objects.filter(pay_run=run).values("payee_id")
    rows = (
        unpaid_lines(run)
        .filter(job_order__payee_id__in=payee_ids)
        .exclude(job_order__payee_id__in=paid)
        .select_for_update(skip_locked=True, of=("self",))
        .order_by("job_order__payee_id", "timesheet_id", "position", "id")
        .values_list("id", "job_order__payee_id", "pay_code", "quantity", "pay_rate", "wage")
    )
    ote = ctx.superannuation
    for line_id, payee_id, code, quantity, rate, wage in rows:
        facts = ctx.pay_codes.get(code, PayCodeFacts("ORDINARY", True))
        payee = payees.setdefault(payee_id, _Payee())
        payee.line_ids.append(line_id)
        payee.items.append(PayItem(code, quantity, rate, wage, ote.is_ote(code, facts.type), facts.withholding))
    if not payees:
        return []
    for info in crm_payees(list(payees)):
        payees[info["id"]].info = info
    for payee_id, ytd in _prior_year_to_date(run, list(payees)).items():
        payees[payee_id].ytd = ytd
    docs = []
    for payee in payees.values():
        payee.doc = _figure(run, ctx, payee)
        docs.append(payee.doc)
    return docs


def crm_payees(ids: list[int]) -> list[dict[str, Any]]:
    return list(Payee.objects.filter(pk__in=ids).values(*PAYEE_FIELDS))


PAYMENT_COLUMNS = (
    "pay_run_id",
    "entity_id",
    "pay_date",
    "payee_id",
    "kind",
    "number",
    "gross",
    "withholding",
    "superannuation",
    "gst",
    "net",
    "ytd_gross",
    "ytd_withholding",
    "ytd_superannuation",
    "ytd_net",
    "scale",
    "payee_name",
    "payee_abn",
    "bank_bsb",
    "bank_account",
    "bank_account_name",
    "super_fund_name",
    "super_fund_usi",
    "super_member_number",
    "journal_id",
)


def _payment_row(run: PayRun, payee_id: int, payee: _Payee) -> tuple[Any, ...]:
    doc, info, ytd = payee.doc, payee.info, payee.ytd
    assert doc is not None
    slip = not doc.rcti
    return (
        run.pk,
        run.entity_id,
        run.pay_date,
        payee_id,
        PaymentKind.RCTI if doc.rcti else PaymentKind.PAYSLIP,
        doc.number,
        doc.gross,
        doc.withholding,
        doc.superannuation,
        doc.gst,
        doc.net,
        ytd.gross if slip else ZERO,
        ytd.withholding if slip else ZERO,
        ytd.superannuation if slip else ZERO,
        ytd.net if slip else ZERO,
        payee.scale,
        info["name"],
        info["abn"],
        info["bank_bsb"],
        info["bank_account"],
        info["bank_account_name"],
        info["super_fund_name"],
        info["super_fund_usi"],
        info["super_member_number"],
        doc.journal_id,
    )


@dataclass(frozen=True)
class ChunkResult:
    lines: int
    payments: int


def pay_chunk(run: PayRun, ctx: Context, payee_ids: list[int]) -> ChunkResult:
    """Pay one chunk of payees, in the caller's transaction."""
    payees: dict[int, _Payee] = {}
    docs = pay_documents_post(
        entity=ctx.entity, date=run.pay_date, documents=lambda: _select(run, ctx, payee_ids, payees)
    )
    if not docs:
        return ChunkResult(0, 0)
    order = list(payees)
    payment_ids = insert_returning_ids(
        PayRunPayment, PAYMENT_COLUMNS, [_payment_row(run, payee_id, payees[payee_id]) for payee_id in order]
    )
    _insert_payment_lines(
        [
            (line_id, payment_id)
            for payment_id, payee_id in zip(payment_ids, order, strict=True)
            for line_id in payees[payee_id].line_ids
        ]
    )
    return ChunkResult(lines=sum(len(p.line_ids) for p in payees.values()), payments=len(order))


#: A payment line copies its pay line's code, quantity, rate and wage: one INSERT ... SELECT per
#: chunk. `{mapping}` is the relation m(pay_line_id, payment_id) (`finance.bulk.insert_from_mapping`).
PAYMENT_LINES_SQL = """
INSERT INTO {payment_line} (payment_id, pay_line_id, pay_code, quantity, rate, amount)
SELECT m.payment_id, p.id, p.pay_code, p.quantity, p.pay_rate, p.wage
FROM {mapping} JOIN {pay_line} p ON p.id = m.pay_line_id
"""
PAYMENT_LINES_MAPPING = (("pay_line_id", "bigint"), ("payment_id", "bigint"))


def _insert_payment_lines(rows: list[tuple[int, int]]) -> None:
    sql = PAYMENT_LINES_SQL.replace("{payment_line}", PayRunLine._meta.db_table).replace(
        "{pay_line}", PayLine._meta.db_table
    )
    insert_from_mapping(sql, PAYMENT_LINES_MAPPING, rows)


def _refresh_statistics() -> None:
    """Statistics for the tables the plan and the chunks read (a fresh import planned as if empty
    made the plan's one query of 100,000 lines take a minute instead of a fraction of a second)."""
    for model in (PayLine, Timesheet, JobOrder, Payee):
        analyze_if_stale(model, model._default_manager.count())


def pay(run: PayRun, publish: Callable[[int], None]) -> None:
    """Pay everything the run still has to pay, chunk by chunk."""
    ctx = context_of(run)
    _refresh_statistics()
    planned, chunks = plan_chunks(run)
    done = PayRunLine.objects.filter(payment__pay_run_id=run.pk).count()
    total_lines = done + planned
    PayRun.objects.filter(pk=run.pk).update(
        planned_lines=total_lines, progress=(done / total_lines) if total_lines else 0.0
    )
    for payee_ids in chunks:
        for attempt in range(3):
            try:
                with transaction.atomic():
                    forget_plans()
                    result = pay_chunk(run, ctx, payee_ids)
                    if result.lines:
                        done += result.lines
                        PayRun.objects.filter(pk=run.pk).update(
                            line_count=F("line_count") + result.lines,
                            payment_count=F("payment_count") + result.payments,
                            progress=min(1.0, done / total_lines) if total_lines else 1.0,
                        )
                        publish(run.pk)
                    job_beat(PayRun, run.pk)  # the stale-run watch sees progress (kserp/base/jobs.py)
                break
            except IntegrityError:  # another run paid some of these lines first: select again
                if attempt == 2:
                    raise
                logger.warning("pay run %s: chunk conflicted, retrying", run.pk)
