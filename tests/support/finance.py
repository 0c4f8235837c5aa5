"""Helpers for finance tests: invoices made by real billing runs, and ledger figures."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from kserp.base.models import Entity
from kserp.billing.runs import billing_run_execute, billing_run_start
from kserp.finance import selectors
from kserp.finance.models import Invoice
from kserp.orders.models import JobOrder
from tests.support.billing import approve_weeks
from tests.support.orders import WEEK, make_job_order


def bill_weeks(job_order: JobOrder, weeks: int, first: dt.date = WEEK) -> list[Invoice]:
    """Approve `weeks` weeks of `job_order` and bill each in its own run (one invoice a week,
    each 1810.30: see tests/support/orders.py), issued the Monday after the week."""
    approve_weeks(job_order, weeks=weeks, first=first)
    invoices = []
    for n in range(weeks):
        week_end = first + dt.timedelta(days=7 * n + 6)
        run = billing_run_start(
            entity=job_order.entity, period_end=week_end, issue_date=week_end + dt.timedelta(days=1)
        )
        billing_run_execute(run_id=run.pk)
        invoices.extend(Invoice.objects.filter(billing_run=run))
    return invoices


def three_invoices() -> list[Invoice]:
    return bill_weeks(make_job_order(), weeks=3)


def balances(entity: Entity, as_of: dt.date = dt.date(2030, 1, 1)) -> dict[str, Decimal]:
    """Account code → balance (debit minus credit) on `as_of`, accounts with a balance only."""
    return {row.account.code: row.balance for row in selectors.trial_balance(entity=entity, as_of=as_of).rows}


def assert_trial_balance_zero(entity: Entity, as_of: dt.date = dt.date(2030, 1, 1)) -> None:
    tb = selectors.trial_balance(entity=entity, as_of=as_of)
    assert tb.debit_total == tb.credit_total
    assert sum((row.balance for row in tb.rows), Decimal("0")) == 0
