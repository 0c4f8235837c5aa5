"""SQL statements per partner request: constant, whatever the page holds (docs/performance.md)."""

import datetime as dt
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from kserp.billing.runs import billing_run_execute, billing_run_start
from kserp.finance.models import Invoice, InvoiceLine
from tests.security.helpers import issue, post
from tests.support.billing import approve_weeks
from tests.support.orders import make_client, make_entity, make_job_order

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


def test_the_invoice_page_costs_two_statements_for_one_invoice_or_many(staff_user):
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

    assert {e["node"]["client"]["code"] for e in edges} == {"ACME", "GLOBEX"}

    # the invoices with their clients (a join), their lines; no statement for the token
    expected = ['"finance_invoice"', '"finance_invoiceline"']
    assert few == many == expected


def test_a_joined_client_is_still_refused_where_the_client_type_s_rule_would_refuse_it(staff_user):
    """The client comes with the invoice in one statement; ClientType's scoping rule is applied to
    the loaded row: an entity-bound token sees no client of another entity, even on an invoice of
    its own entity (inconsistent data, made here on purpose)."""
    entity = make_entity()
    foreign = make_client("KIWI", entity=make_entity("KSNZ", prefix="NZ-"))
    Invoice.objects.create(
        number="AU-000001", entity=entity, client=foreign, issue_date=dt.date(2025, 8, 1),
        due_date=dt.date(2025, 8, 31), currency="AUD", tax_rate=Decimal("10"), subtotal=Decimal("100.00"),
        tax_total=Decimal("10.00"), total=Decimal("110.00"),
    )  # fmt: skip
    bound = issue(staff_user, entity_id=entity.pk)
    body = post("{ invoices(first: 5) { edges { node { number client { code } } } } }", token=bound).json()
    assert body["data"] is None or body["data"]["invoices"] is None
    assert "KIWI" not in str(body) and body["errors"]
    unbound = post("{ invoices(first: 5) { edges { node { client { code } } } } }", token=issue(staff_user)).json()
    assert unbound["data"]["invoices"]["edges"] == [{"node": {"client": {"code": "KIWI"}}}]
