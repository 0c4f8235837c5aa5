"""A small hand-made data set for the insight tests: bill lines with round figures, written directly
(bill lines are immutable once stored, so each test makes its own)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from kserp.crm.models import Client
from kserp.finance.models import Invoice
from kserp.identity.models import User
from kserp.orders.models import BillLine, JobOrder, Timesheet, TimesheetStatus
from tests.support.orders import make_job_order

D = Decimal


def job(code: str, client: Client, *, division: str = "", consultant: User | None = None, end=None) -> JobOrder:
    order = make_job_order(code, client=client, payee_code=f"P-{code}", end=end)
    JobOrder.objects.filter(pk=order.pk).update(division=division, consultant=consultant)
    order.refresh_from_db()
    return order


def week(order: JobOrder, sunday: str, *, bill: str, wage: str, oncosts: str, hours: str) -> BillLine:
    """One approved week of `order` ending on `sunday`, as one ordinary-hours bill line."""
    end = dt.date.fromisoformat(sunday)
    sheet = Timesheet.objects.create(
        job_order=order, week_starting=end - dt.timedelta(days=6), status=TimesheetStatus.APPROVED
    )
    margin = D(bill) - D(wage) - D(oncosts)
    return BillLine.objects.create(
        timesheet=sheet, job_order=order, client=order.client, entity=order.entity, position=0,
        work_date=end - dt.timedelta(days=6), week_ending=end, pay_code="ORD", description="Ordinary hours",
        quantity=D(hours), pay_rate=D(wage) / D(hours), bill_rate=D(bill) / D(hours), wage=D(wage),
        bill_amount=D(bill), oncost_total=D(oncosts), gross_margin=margin,
    )  # fmt: skip


def invoice(client: Client, number: str, issued: str, due: str, total: str, tax: str = "0") -> Invoice:
    return Invoice.objects.create(
        number=number, entity=client.entity, client=client, issue_date=dt.date.fromisoformat(issued),
        due_date=dt.date.fromisoformat(due), currency="AUD", tax_rate=D("10"), subtotal=D(total) - D(tax),
        tax_total=D(tax), total=D(total),
    )  # fmt: skip
