"""Many approved bill lines, fast (bulk inserts, no engine): for the billing benchmark and the
kill-the-worker test. Amounts are exact and deterministic: every line is 7.6 h × $39.20 = $297.92."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from kserp.base.models import Entity
from kserp.crm.models import Client, Payee
from kserp.orders.models import BillLine, BillLineProvenance, JobOrder, JobOrderStatus, Timesheet, TimesheetStatus
from tests.support.orders import START, WEEK, make_entity, make_rates

GROUPINGS = ("CLIENT", "JOB_ORDER", "TIMESHEET")
CODES = ("ORD", "OT150", "OT200", "MEAL")
LINE_AMOUNT = Decimal("297.92")
#: A provenance document the size of a real one (about 1 kB: the engine's record of the header,
#: rule, line, pay rate and three oncosts), so bulk-made bill lines are as wide as priced ones.
PROVENANCE = {
    "date": "2025-07-07",
    "wage": "212.80",
    "units": "7.6",
    "pay_code": "ORD",
    "pay_rate": "28.0000",
    "bill_rate": "39.20",
    "provenance": {
        "cost": "31.36000000",
        "rate": "39.2000",
        "scope": "ALL",
        "value": "20.0000",
        "method": "MARGIN_PERCENT",
        "places": 2,
        "line_id": 4,
        "oncosts": [
            {
                "bill": False,
                "code": "PRT_NSW",
                "kind": "PERCENT",
                "value": "5.4500",
                "amount": "11.60",
                "per_unit": "1.52600000",
                "value_id": 2,
                "oncost_id": 2,
                "passed_through": False,
            },
            {
                "bill": True,
                "code": "SUPER",
                "kind": "PERCENT",
                "value": "12.0000",
                "amount": "25.54",
                "per_unit": "3.36000000",
                "value_id": 1,
                "oncost_id": 1,
                "passed_through": True,
            },
            {
                "bill": True,
                "code": "WC_NSW",
                "kind": "PERCENT",
                "value": "2.1000",
                "amount": "4.47",
                "per_unit": "0.58800000",
                "value_id": 3,
                "oncost_id": 3,
                "passed_through": False,
            },
        ],
        "rule_id": 2,
        "rounding": "ROUND_HALF_UP",
        "rule_node": ["client", "ACME"],
        "pay_rate_source": "rule 2",
        "pay_rate_rule_id": 2,
        "bill_agreement_id": 1,
        "bill_agreement_name": "Standard AU",
    },
    "bill_amount": "297.92",
    "gross_margin": "59.58",
    "oncost_total": "25.54",
    "margin_percent": "20.00",
    "bulk": True,
}


def _store(lines: list[BillLine]) -> None:
    BillLine.objects.bulk_create(lines)
    BillLineProvenance.objects.bulk_create(BillLineProvenance(bill_line=line, document=PROVENANCE) for line in lines)


def make_approved_bill_lines(
    *,
    lines: int,
    timesheets: int,
    job_orders: int,
    clients: int,
    prefix: str = "B",
    entity: Entity | None = None,
    amount_of: Callable[[int], Decimal] | None = None,
) -> Entity:
    """`lines` approved, unbilled bill lines over `timesheets` timesheets of `job_orders` job
    orders of `clients` clients (groupings cycling CLIENT, JOB_ORDER, TIMESHEET). Every line bills
    LINE_AMOUNT, or `amount_of(n)` for the n-th line made (bill lines are immutable once stored)."""
    assert lines % timesheets == 0 and timesheets % job_orders == 0 and job_orders % clients == 0
    pay, bill = make_rates()
    entity = entity or make_entity()
    now = timezone.now()
    with transaction.atomic():
        client_rows = Client.objects.bulk_create(
            Client(
                code=f"{prefix}C{n:04d}",
                name=f"Client {n}",
                entity=entity,
                payment_terms_days=14 + n % 3 * 8,
                invoice_grouping=GROUPINGS[n % 3],
            )
            for n in range(clients)
        )
        payees = Payee.objects.bulk_create(
            Payee(code=f"{prefix}P{n:05d}", name=f"Payee {n}", kind="EMPLOYEE") for n in range(job_orders)
        )
        per_client = job_orders // clients
        jobs = JobOrder.objects.bulk_create(
            JobOrder(
                code=f"{prefix}J{n:05d}",
                client=client_rows[n // per_client],
                payee=payees[n],
                entity=entity,
                title="Warehouse operator",
                start=START,
                path={"state": "NSW"},
                pay_agreement=pay,
                bill_agreement=bill,
                status=JobOrderStatus.ACTIVE,
            )
            for n in range(job_orders)
        )
        weeks = timesheets // job_orders
        sheets = Timesheet.objects.bulk_create(
            (
                Timesheet(
                    job_order=job,
                    week_starting=WEEK + dt.timedelta(days=7 * w),
                    status=TimesheetStatus.APPROVED,
                    submitted_at=now,
                    approved_at=now,
                )
                for job in jobs
                for w in range(weeks)
            ),
            batch_size=5000,
        )
        per_sheet = lines // timesheets
        job_by_id = {job.pk: job for job in jobs}
        batch: list[BillLine] = []
        made = 0
        for sheet in sheets:
            job = job_by_id[sheet.job_order_id]
            week_ending = sheet.week_starting + dt.timedelta(days=6)
            for position in range(per_sheet):
                code = CODES[position % len(CODES)]
                batch.append(
                    BillLine(
                        timesheet_id=sheet.pk,
                        job_order_id=job.pk,
                        client_id=job.client_id,
                        entity_id=entity.pk,
                        position=position,
                        work_date=sheet.week_starting,
                        week_ending=week_ending,
                        pay_code=code,
                        description=f"{code} - {job.code} Warehouse operator, week ending {week_ending}",
                        quantity=Decimal("7.6"),
                        pay_rate=Decimal("28"),
                        bill_rate=Decimal("39.20"),
                        wage=Decimal("212.80"),
                        bill_amount=LINE_AMOUNT if amount_of is None else amount_of(made),
                        oncost_total=Decimal("25.54"),
                        gross_margin=Decimal("59.58"),
                    )
                )
                made += 1
            if len(batch) >= 5000:
                _store(batch)
                batch = []
        _store(batch)
    return entity
