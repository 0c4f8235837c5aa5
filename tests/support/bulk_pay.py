"""Many approved pay lines, fast (bulk inserts, no engine): for the pay run benchmark and the
kill-the-worker test. Each worker has one job order and one approved week of `per_worker` lines
cycling ORD 7.6 h × $28.00 = $212.80, OT150 2 h × $42.00 = $84.00, OT200 1 h × $56.00 = $56.00 and
MEAL 1 × $18.50. Three workers in four are employees (scales 2, 1 and 4 in turn, super to a fund),
the fourth a contractor (with an ABN, GST registered every other one)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from kserp.base.models import Entity
from kserp.crm.models import Client, Payee
from kserp.finance.bulk import insert_rows
from kserp.orders.models import JobOrder, JobOrderStatus, PayLine, Timesheet, TimesheetStatus
from tests.support.orders import START, WEEK, make_entity, make_rates

D = Decimal
LINES = (("ORD", D("7.6"), D("28"), D("212.80")), ("OT150", D("2"), D("42"), D("84.00")),
         ("OT200", D("1"), D("56"), D("56.00")), ("MEAL", D("1"), D("18.50"), D("18.50")))  # fmt: skip
TAX = (
    {"tfn_provided": True, "tax_free_threshold": True, "foreign_resident": False},
    {"tfn_provided": True, "tax_free_threshold": False, "foreign_resident": False},
    {"tfn_provided": False, "tax_free_threshold": False, "foreign_resident": False},
)


def _payee(prefix: str, n: int) -> Payee:
    bank = {"bank_bsb": "063-000", "bank_account": str(10_000_000 + n), "bank_account_name": f"Worker {n}"}
    if n % 4 == 3:
        return Payee(code=f"{prefix}{n:06d}", name=f"Contractor {n}", kind="CONTRACTOR", abn="51824753556",
                     gst_registered=n % 8 == 3, **bank)  # fmt: skip
    fund = {"super_fund_name": "Example Super", "super_fund_usi": "EXS0001AU", "super_member_number": str(n)}
    return Payee(code=f"{prefix}{n:06d}", name=f"Employee {n}", kind="EMPLOYEE", **TAX[n % 4 % 3], **fund, **bank)


def make_approved_pay_lines(
    *, workers: int, per_worker: int = 10, prefix: str = "W", entity: Entity | None = None
) -> Entity:
    pay, bill = make_rates()
    entity = entity or make_entity()
    now = timezone.now()
    with transaction.atomic():
        client = Client.objects.create(code=f"{prefix}CLIENT", name="Bulk client", entity=entity)
        payees = Payee.objects.bulk_create((_payee(prefix, n) for n in range(workers)), batch_size=5000)
        jobs = JobOrder.objects.bulk_create(
            (
                JobOrder(
                    code=f"{prefix}J{n:06d}",
                    client=client,
                    payee=payee,
                    entity=entity,
                    title="Picker",
                    start=START,
                    path={"state": "NSW"},
                    pay_agreement=pay,
                    bill_agreement=bill,
                    status=JobOrderStatus.ACTIVE,
                )
                for n, payee in enumerate(payees)
            ),
            batch_size=5000,
        )
        sheets = Timesheet.objects.bulk_create(
            (
                Timesheet(
                    job_order=job,
                    week_starting=WEEK,
                    status=TimesheetStatus.APPROVED,
                    submitted_at=now,
                    approved_at=now,
                )
                for job in jobs
            ),
            batch_size=5000,
        )
        insert_rows(
            PayLine,
            ("timesheet_id", "job_order_id", "position", "pay_code", "quantity", "pay_rate", "wage", "provenance"),
            (
                (sheet.pk, sheet.job_order_id, position, *LINES[position % len(LINES)], "{}")
                for sheet in sheets
                for position in range(per_worker)
            ),
        )
    return entity


PERIOD_END = WEEK + dt.timedelta(days=6)
