"""The summaries (kserp/analytics/summary.py) stay equal to a from-scratch computation over the
lines through approval, billing, a partial credit, a credit-and-reopen with the week approved again,
receipts (one applied in two goes, one reversed) and a pay run; and margins and payment behaviour
read from them equal the same figures read from the lines."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from kserp.analytics import margins, selectors, summary
from kserp.analytics.models import ClientSummary, PlacementWeek
from kserp.billing.corrections import invoice_credit_and_reopen
from kserp.billing.runs import billing_run_execute, billing_run_start
from kserp.finance.cash import AllocationIn, receipt_allocate, receipt_create, receipt_reverse
from kserp.finance.invoicing import invoice_credit, receipt_record
from kserp.finance.models import Invoice
from kserp.orders.models import BillLine, JobOrder
from kserp.payroll.models import PayRunStatus
from kserp.payroll.runs import pay_run_execute, pay_run_start
from kserp.rates.models import PayCode
from tests.support.orders import make_client
from tests.support.payroll import HOLIDAY_WEEK, make_payee, place, work_the_week

D = Decimal
WEEK_2 = HOLIDAY_WEEK + dt.timedelta(weeks=1)
SCALE_2 = {"tfn_provided": True, "tax_free_threshold": True, "foreign_resident": False}
FUND = {"super_fund_name": "Example Super", "super_fund_usi": "EXS0001AU", "super_member_number": "100200"}
WINDOW = margins.Window(HOLIDAY_WEEK, WEEK_2 + dt.timedelta(days=6))


def _from_lines(monkeypatch, fn):
    """`fn()` computed from the bill lines, as on SQLite."""
    monkeypatch.setattr(summary, "in_use", lambda: False)
    try:
        return fn()
    finally:
        monkeypatch.undo()


def _sums(job_order) -> tuple[Decimal, ...]:
    row = PlacementWeek.objects.get(job_order=job_order, week_ending=HOLIDAY_WEEK + dt.timedelta(days=6))
    return (row.lines, row.bill_amount, row.unbilled, row.credits, row.credited_lines)


def test_summary_equals_the_lines_after_billing_crediting_reopening_and_a_pay_run(db, monkeypatch):
    first = place(make_payee("E1", **SCALE_2, **FUND), "JO-E1")
    second = place(make_payee("E2", **SCALE_2, **FUND), "JO-E2")
    JobOrder.objects.filter(pk=second.pk).update(client=make_client("BETA", entity=first.entity))  # its own invoice
    second.refresh_from_db()
    for job_order in (first, second):
        work_the_week(job_order)
    work_the_week(first, WEEK_2)
    lines = BillLine.objects.filter(job_order=first, week_ending=HOLIDAY_WEEK + dt.timedelta(days=6))
    week_bill = sum(lines.values_list("bill_amount", flat=True))
    assert summary.summary_drift() == []
    assert _sums(first)[:3] == (6, week_bill, week_bill)  # approved, not billed

    run = billing_run_start(entity=first.entity, period_end=HOLIDAY_WEEK + dt.timedelta(days=6))
    billing_run_execute(run_id=run.pk)
    assert _sums(first)[2] == D("0.00")  # billed
    invoice_of = {i.lines.first().job_order_id: i for i in Invoice.objects.filter(billing_run=run)}
    meal = invoice_of[first.pk].lines.filter(pay_code="MEAL").order_by("position").first()
    invoice_credit(invoice=invoice_of[first.pk], reason="Meal not claimable", line_ids=[meal.pk])
    assert _sums(first)[3:] == (meal.amount, 1)
    invoice_credit_and_reopen(invoice=invoice_of[second.pk], reason="Wrong week")
    assert summary.summary_drift() == []
    work_the_week(second)  # approved again: new lines, not billed

    # Cash: a receipt applied in two goes (one receipt), and one recorded then reversed (none).
    owed = Invoice.objects.get(pk=invoice_of[first.pk].pk)
    due, part = owed.amount_due, D("500.00")
    receipt = receipt_create(
        client=owed.client, amount=due, received_on=dt.date(2025, 11, 20),
        allocations=[AllocationIn(invoice=owed, amount=part)],
    )  # fmt: skip
    bounced = receipt_record(invoice=owed, amount=D("10.00"), received_on=dt.date(2025, 11, 21))
    receipt_reverse(receipt=bounced, reason="Dishonoured", on=dt.date(2025, 11, 24))
    receipt_allocate(
        receipt=receipt, allocations=[AllocationIn(invoice=owed, amount=due - part)], on=dt.date(2025, 12, 1)
    )
    cash = ClientSummary.objects.get(client=owed.client)
    assert (cash.receipts, cash.paid) == (1, due)
    assert summary.summary_drift() == []

    pay = pay_run_start(entity=first.entity, period_end=WEEK_2 + dt.timedelta(days=6))
    assert pay_run_execute(run_id=pay.pk).status == PayRunStatus.COMPLETED

    assert summary.summary_drift() == []
    assert PlacementWeek.objects.count() == 3
    by_client = margins.margin_by(dimension=margins.Dimension.CLIENT, window=WINDOW)
    trend = margins.margin_trend(weeks=2, last_week_ending=WINDOW.date_to)
    report = selectors.margin_report(entity_id=first.entity_id)
    behaviour = selectors.payment_behaviour(entity=first.entity)
    assert behaviour == _from_lines(monkeypatch, lambda: selectors.payment_behaviour(entity=first.entity))
    assert behaviour[owed.client_id].receipts == 1
    assert by_client.totals.credits == meal.amount + invoice_of[second.pk].subtotal and by_client.totals.hours > 0
    assert by_client == _from_lines(
        monkeypatch, lambda: margins.margin_by(dimension=margins.Dimension.CLIENT, window=WINDOW)
    )
    assert trend == _from_lines(monkeypatch, lambda: margins.margin_trend(weeks=2, last_week_ending=WINDOW.date_to))
    assert report == _from_lines(monkeypatch, lambda: selectors.margin_report(entity_id=first.entity_id))


def test_a_pay_code_changing_unit_recounts_the_hours(db):
    job_order = place(make_payee("E1", **SCALE_2, **FUND), "JO-E1")
    work_the_week(job_order)
    hours = PlacementWeek.objects.get().hours

    PayCode.objects.filter(code="ORD").update(unit="EACH")

    assert PlacementWeek.objects.get().hours < hours
    assert summary.summary_drift() == []
