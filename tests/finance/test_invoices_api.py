"""Billing through the API and a real dramatiq worker; invoices, credit notes, receipts, PDFs."""

import datetime as dt
import time
from decimal import Decimal

from kserp.billing.models import BillingRun
from kserp.finance.ledger import trial_balance
from tests.support.billing import approve_weeks, assert_ledger_balances, bill_one_invoice
from tests.support.graphql import gql
from tests.support.orders import make_client, make_job_order

D = Decimal
START = """
mutation($input: StartBillingRunInput!) {
  startBillingRun(input: $input) { billingRun { id status } errors { field code message } }
}"""
INVOICES = """
query($filters: InvoiceFilter) {
  invoices(first: 10, filters: $filters) {
    totalCount
    edges { node { id number status issueDate dueDate currency subtotal taxTotal total amountPaid amountDue
      client { code name } entity { code } pdfUrl
      lines { id description payCode quantity unitPrice amount jobOrder { code } timesheet { id } } } }
  }
}"""


def _wait_for_run(run_id: str, timeout: float = 20) -> BillingRun:
    from strawberry import relay

    pk = int(relay.GlobalID.from_id(run_id).node_id)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        run = BillingRun.objects.get(pk=pk)
        if run.status in ("COMPLETED", "FAILED"):
            return run
        time.sleep(0.05)
    raise AssertionError("the billing run did not finish")


def test_start_billing_run_bills_in_the_worker_and_lists_exact_invoices(staff_client, worker):
    approve_weeks(make_job_order())
    started = gql(
        staff_client,
        START,
        {"input": {"entity": "KSAU", "periodEnd": "2025-07-31", "issueDate": "2025-08-01"}},
    )["data"]["startBillingRun"]
    assert started["errors"] == [] and started["billingRun"]["status"] == "QUEUED"

    run = _wait_for_run(started["billingRun"]["id"])

    assert (run.status, run.invoice_count, run.line_count, run.total) == ("COMPLETED", 1, 4, D("1810.30"))
    body = gql(staff_client, INVOICES, {"filters": {"client": "ACME"}})["data"]["invoices"]
    assert body["totalCount"] == 1
    invoice = body["edges"][0]["node"]
    assert {k: invoice[k] for k in ("number", "status", "issueDate", "dueDate", "subtotal", "taxTotal", "total")} == {
        "number": "AU-000001",
        "status": "ISSUED",
        "issueDate": "2025-08-01",
        "dueDate": "2025-08-31",
        "subtotal": "1645.73",
        "taxTotal": "164.57",
        "total": "1810.30",
    }
    assert (invoice["amountPaid"], invoice["amountDue"], invoice["client"]["code"]) == ("0.00", "1810.30", "ACME")
    assert [(line["payCode"], line["amount"]) for line in invoice["lines"]] == [
        ("ORD", "1489.60"),
        ("OT150", "105.00"),
        ("OT200", "28.00"),
        ("MEAL", "23.13"),
    ]
    assert invoice["lines"][0]["jobOrder"] == {"code": "JO-1001"}
    pdf = staff_client.get(invoice["pdfUrl"])
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


def test_start_billing_run_reports_unknown_entity_and_clients(staff_client):
    make_client()
    bad = gql(staff_client, START, {"input": {"entity": "NOPE", "periodEnd": "2025-07-31"}})["data"]["startBillingRun"]
    assert bad["errors"] == [{"field": "entity", "code": "NOT_FOUND", "message": "No entity 'NOPE'."}]
    bad = gql(staff_client, START, {"input": {"entity": "KSAU", "periodEnd": "2025-07-31", "clients": ["ACME", "ZZZ"]}})
    assert [(e["field"], e["code"]) for e in bad["data"]["startBillingRun"]["errors"]] == [("clients[1]", "NOT_FOUND")]
    assert BillingRun.objects.count() == 0


PAY = """
mutation($input: RecordPaymentInput!) {
  recordPayment(input: $input) { invoice { status amountPaid amountDue } errors { field code } }
}"""
CREDIT = """
mutation($input: CreditInvoiceInput!) {
  creditInvoice(input: $input) {
    creditNote { number subtotal taxTotal total } invoice { status amountDue } rebill { number total }
    errors { field code }
  }
}"""


def test_payments_update_amount_due_and_status(staff_client):
    invoice = bill_one_invoice()
    part = gql(
        staff_client, PAY, {"input": {"invoice": invoice.number, "amount": "1000.00", "receivedOn": "2025-08-20"}}
    )
    assert part["data"]["recordPayment"] == {
        "invoice": {"status": "PART_PAID", "amountPaid": "1000.00", "amountDue": "810.30"},
        "errors": [],
    }
    over = gql(staff_client, PAY, {"input": {"invoice": invoice.number, "amount": "810.31"}})
    assert over["data"]["recordPayment"]["errors"] == [{"field": "amount", "code": "OVERPAYMENT"}]
    rest = gql(staff_client, PAY, {"input": {"invoice": invoice.number, "amount": "810.30"}})
    assert rest["data"]["recordPayment"]["invoice"] == {"status": "PAID", "amountPaid": "1810.30", "amountDue": "0.00"}
    assert trial_balance() == {
        "KSAU:1000": D("1810.30"),
        "KSAU:1100": D("0.00"),
        "KSAU:2100": D("-164.57"),
        "KSAU:4000": D("-1645.73"),
    }


def test_a_partial_credit_then_a_full_credit_with_rebill(staff_client):
    invoice = bill_one_invoice()
    meal = invoice.lines.get(pay_code="MEAL")
    partial = gql(
        staff_client,
        CREDIT,
        {"input": {"invoice": invoice.number, "reason": "Meal not claimable", "lines": [str(meal.pk)]}},
    )
    assert partial["data"]["creditInvoice"] == {
        "creditNote": {"number": "CN-AU-000001", "subtotal": "23.13", "taxTotal": "2.31", "total": "25.44"},
        "invoice": {"status": "PART_CREDITED", "amountDue": "1784.86"},
        "rebill": None,
        "errors": [],
    }
    full = gql(staff_client, CREDIT, {"input": {"invoice": invoice.number, "reason": "Wrong PO", "rebill": True}})
    assert full["data"]["creditInvoice"] == {
        "creditNote": {"number": "CN-AU-000002", "subtotal": "1622.60", "taxTotal": "162.26", "total": "1784.86"},
        "invoice": {"status": "CREDITED", "amountDue": "0.00"},
        "rebill": {"number": "AU-000002", "total": "1784.86"},
        "errors": [],
    }
    nothing = gql(staff_client, CREDIT, {"input": {"invoice": invoice.number, "reason": "again"}})
    assert nothing["data"]["creditInvoice"]["errors"] == [{"field": "invoice", "code": "ALREADY_CREDITED"}]
    assert_ledger_balances()


EXPLAINED = """
query {
  invoices(first: 10) {
    edges { node { number lines { payCode amount billLine { payCode billAmount provenance } } } }
  }
}"""


def test_every_billed_line_is_explained_by_its_bill_line_and_a_rebill_line_has_none(staff_client):
    invoice = bill_one_invoice()
    gql(staff_client, CREDIT, {"input": {"invoice": invoice.number, "reason": "Wrong PO", "rebill": True}})

    nodes = {e["node"]["number"]: e["node"] for e in gql(staff_client, EXPLAINED)["data"]["invoices"]["edges"]}

    stored = list(invoice.lines.order_by("position").select_related("bill_line__provenance_record"))
    lines = nodes["AU-000001"]["lines"]
    assert [line["payCode"] for line in lines] == ["ORD", "OT150", "OT200", "MEAL"]
    for line, row in zip(lines, stored, strict=True):
        assert line["billLine"]["payCode"] == line["payCode"] and line["billLine"]["billAmount"] == line["amount"]
        assert line["billLine"]["provenance"] == row.bill_line.provenance
        rule = line["billLine"]["provenance"]["provenance"]
        assert rule["bill_agreement_id"] and rule["rule_id"] and rule["method"]  # the rule that made it
    assert [line["billLine"] for line in nodes["AU-000002"]["lines"]] == [None] * 4  # the re-bill copies


def test_invoice_filters(staff_client):
    bill_one_invoice()

    def count(filters):
        return gql(staff_client, INVOICES, {"filters": filters})["data"]["invoices"]["totalCount"]

    assert count({"status": "ISSUED"}) == 1
    assert count({"status": "PAID"}) == 0
    assert count({"client": "OTHER"}) == 0
    assert count({"issuedFrom": "2025-08-01", "issuedTo": "2025-08-01"}) == 1
    assert count({"issuedFrom": "2025-08-02"}) == 0
    assert count({"overdue": True}) == 1  # due 2025-08-31, long past
    assert count({"overdue": False}) == 0
    assert count({"search": "au-0000"}) == count({"search": "acme"}) == count({"search": " Pty "}) == 1
    assert count({"search": "nothing like it"}) == 0


def test_invoices_filter_by_the_billing_run_that_issued_them(staff_client):
    from strawberry import relay

    invoice = bill_one_invoice()
    other_run = BillingRun.objects.create(
        entity=invoice.entity, period_end=dt.date(2025, 7, 31), issue_date=dt.date(2025, 8, 1)
    )

    def numbers(run_id: str) -> list[str]:
        body = gql(
            staff_client,
            "query($f: InvoiceFilter) { invoices(filters: $f) { edges { node { number } } } }",
            {"f": {"billingRun": run_id}},
        )
        return [edge["node"]["number"] for edge in body["data"]["invoices"]["edges"]]

    assert numbers(str(relay.GlobalID("BillingRun", str(invoice.billing_run_id)))) == [invoice.number]
    assert numbers(str(relay.GlobalID("BillingRun", str(other_run.pk)))) == []
    assert numbers(str(relay.GlobalID("Invoice", str(invoice.pk)))) == []  # not a run's ID
    assert numbers("not-an-id") == []


def test_the_pdf_needs_a_signed_in_staff_user(db, client):
    invoice = bill_one_invoice()
    assert client.get(f"/documents/invoices/{invoice.pk}.pdf").status_code == 401


PARTNER_PAGE = """
query {
  invoices(first: 100) {
    edges { node { number total client { code name } entity { code }
      lines { description payCode quantity unitPrice amount
        jobOrder { code } timesheet { id } billLine { billAmount } } } }
  }
}"""


def _queries_for_partner_page(client) -> tuple[int, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        edges = gql(client, PARTNER_PAGE)["data"]["invoices"]["edges"]
    return len(edges), len(queries)


def test_the_partner_invoice_page_takes_the_same_number_of_queries_for_2_or_12_invoices(staff_client):
    """docs/design.md §11: the read path runs a constant number of SQL queries (no query per row)."""
    from kserp.billing.runs import billing_run_execute, billing_run_start

    client = make_client(grouping="TIMESHEET")
    job_order = make_job_order(client=client)
    approve_weeks(job_order, weeks=2)
    run = billing_run_start(entity=job_order.entity, period_end=dt.date(2025, 12, 31), issue_date=dt.date(2025, 9, 1))
    billing_run_execute(run_id=run.pk)
    small = _queries_for_partner_page(staff_client)

    approve_weeks(make_job_order(code="JO-1002", client=client, payee_code="P002"), weeks=10)
    run = billing_run_start(entity=job_order.entity, period_end=dt.date(2025, 12, 31), issue_date=dt.date(2025, 9, 1))
    billing_run_execute(run_id=run.pk)
    large = _queries_for_partner_page(staff_client)

    assert (small[0], large[0]) == (2, 12)
    assert small[1] == large[1] <= 12, (small, large)


def test_entities_lists_every_entity_for_staff_and_its_own_for_an_entity_bound_token(staff_client, staff_user):
    from kserp.identity.tokens import api_token_issue
    from tests.security.helpers import post
    from tests.support.orders import make_entity

    nz = make_entity(code="KSNZ", prefix="NZ-")
    make_entity()
    query = "{ entities { code currency invoicePrefix } }"

    assert gql(staff_client, query)["data"]["entities"] == [
        {"code": "KSAU", "currency": "AUD", "invoicePrefix": "AU-"},
        {"code": "KSNZ", "currency": "AUD", "invoicePrefix": "NZ-"},
    ]
    token = api_token_issue(user=staff_user, scopes=["read"], entity_id=nz.pk).value
    assert post(query, token=token).json()["data"]["entities"] == [
        {"code": "KSNZ", "currency": "AUD", "invoicePrefix": "NZ-"}
    ]
