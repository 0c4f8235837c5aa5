"""SQL statements per partner request: constant, whatever the page holds (docs/performance.md)."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext

from kserp.billing.runs import billing_run_execute, billing_run_start
from kserp.finance.models import Invoice, InvoiceLine
from tests.security.helpers import issue, post
from tests.support.billing import approve_weeks
from tests.support.orders import make_client, make_job_order

# The partner invoice page of bench/bench_api.py.
PAGE = """{ invoices(first: 100) { edges { node {
  number status issueDate dueDate currency taxRate subtotal taxTotal total amountPaid
  client { code name }
  lines { position description payCode quantity unitPrice amount } } } } }"""


def _bill(job_order, weeks: int) -> None:
    approve_weeks(job_order, weeks=weeks)
    run = billing_run_start(entity=job_order.entity, period_end=dt.date(2025, 12, 31), issue_date=dt.date(2026, 1, 5))
    billing_run_execute(run_id=run.pk)


def _page_statements(token: str) -> tuple[list[str], dict]:
    with CaptureQueriesContext(connection) as captured:
        response = post(PAGE, token=token)
    assert response.status_code == 200
    return [q["sql"].split(" FROM ")[1].split()[0] for q in captured.captured_queries], response.json()


def test_the_invoice_page_costs_three_statements_for_one_invoice_or_many(staff_user):
    token = issue(staff_user)
    _bill(make_job_order(), weeks=1)
    post("{ __typename }", token=token)  # the token is read once, then cached

    few, body = _page_statements(token)
    assert len(body["data"]["invoices"]["edges"]) == Invoice.objects.count() == 1

    other = make_client("GLOBEX", grouping="JOB_ORDER")
    _bill(make_job_order("JO-2001", client=other), weeks=3)
    _bill(make_job_order("JO-2002", client=other), weeks=2)
    many, body = _page_statements(token)
    edges = body["data"]["invoices"]["edges"]
    assert len(edges) == Invoice.objects.count() > 2
    assert sum(len(e["node"]["lines"]) for e in edges) == InvoiceLine.objects.count()

    # invoices, their clients (read under the client type's own scoping rule), their lines; no
    # statement for the token
    expected = ['"finance_invoice"', '"crm_client"', '"finance_invoiceline"']
    assert few == many == expected
