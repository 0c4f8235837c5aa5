"""The forecast's payroll from pay runs and approved pay lines (kserp/analytics/forecast.py,
`outgoings_for`). Today is Monday 2025-10-20: week 0 is 10-20..10-26.

JO-E1 ends on 10-19, so nothing is projected. E1 worked the week of 10-06 (paid by a pay run on
10-15: gross 1,760.10, PAYG 381.00, super 196.22,
net 1,379.10; see tests/payroll/test_pay_run.py) and the week of 10-13, approved after the run and
not paid yet (no public holiday, so Saturday is overtime): ORD 38 × 28 = 1,064.00, OT150 4 × 42 =
168.00, OT200 4.4 × 56 = 246.40, MEAL 18.50: wages 1,496.90.

- The run, not marked paid: its net 1,379.10 (pay date 10-15, before week 0) in week 0; super
  196.22 on 10-22 (week 0); PAYG 381.00 on 11-21 (week 4); payroll tax 5.45 % × 1,760.10 = 95.93 on
  11-07 (week 2).
- The unpaid week, paid on 10-22 (its Sunday 10-19 + 3): net 1,496.90 − 20 % PAYG 299.38 = 1,197.52;
  super 12 % = 179.628 → 179.63 on 10-29; payroll tax 5.45 % = 81.58 on 11-07; PAYG 299.38 on 11-21.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from kserp.analytics.forecast import CashKind, cash_flow
from kserp.orders.models import JobOrder
from kserp.payroll.runs import pay_run_execute, pay_run_mark_paid, pay_run_start
from tests.support.payroll import HOLIDAY_WEEK, make_payee, place, work_the_week

D = Decimal
TODAY = dt.date(2025, 10, 20)
SCALE_2 = {"tfn_provided": True, "tax_free_threshold": True, "foreign_resident": False}
FUND = {"super_fund_name": "Example Super", "super_fund_usi": "EXS0001AU", "super_member_number": "100200"}


def _payroll_items(forecast):
    """(week, kind, amount) of every payment but the BAS."""
    return [
        (n, i.kind, i.amount)
        for n, week in enumerate(forecast.weeks)
        for i in week.items
        if not i.incoming and i.kind != CashKind.GST
    ]


def test_pay_runs_and_approved_unpaid_weeks_are_paid_on_their_dates(db):
    job_order = place(make_payee("E1", **SCALE_2, **FUND), "JO-E1")
    JobOrder.objects.filter(pk=job_order.pk).update(end=dt.date(2025, 10, 19))  # no projected weeks
    work_the_week(job_order)
    run = pay_run_execute(run_id=pay_run_start(entity=job_order.entity, period_end=dt.date(2025, 10, 12)).pk)
    work_the_week(job_order, HOLIDAY_WEEK + dt.timedelta(weeks=1))

    forecast = cash_flow(entity=job_order.entity, today=TODAY, opening_balance=D("0.00"))

    items = _payroll_items(forecast)
    assert sorted(items, key=lambda i: (i[0], i[1].value, i[2])) == [
        (0, CashKind.NET_PAY, D("1197.52")),
        (0, CashKind.NET_PAY, D("1379.10")),
        (0, CashKind.SUPER, D("196.22")),
        (1, CashKind.SUPER, D("179.63")),
        (2, CashKind.PAYROLL_TAX, D("81.58")),
        (2, CashKind.PAYROLL_TAX, D("95.93")),
        (4, CashKind.PAYG, D("299.38")),
        (4, CashKind.PAYG, D("381.00")),
    ]

    pay_run_mark_paid(run=run)
    paid = _payroll_items(cash_flow(entity=job_order.entity, today=TODAY, opening_balance=D("0.00")))
    assert (0, CashKind.NET_PAY, D("1379.10")) not in paid and len(paid) == len(items) - 1
