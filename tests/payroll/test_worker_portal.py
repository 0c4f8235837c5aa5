"""The worker portal: a worker (a user linked to a payee) sees their own timesheets and payslips
(with the PDF), nothing of another worker's, and nothing else of the agency's."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError
from django.test import Client

from kserp.crm.models import Client as Customer
from kserp.identity.models import User
from kserp.payroll.models import PayRunPayment
from kserp.payroll.runs import pay_run_execute, pay_run_start
from tests.support.graphql import gql
from tests.support.payroll import HOLIDAY_WEEK, make_payee, place, work_the_week

SCALE_2 = {"tfn_provided": True, "tax_free_threshold": True, "foreign_resident": False}

MY_TIMESHEETS = """{ myTimesheets(first: 10) { totalCount edges { node { id status weekStarting
  jobOrder { code title clientName } entries { date hours payCode quantity }
  payLines { payCode quantity rate amount } } } } }"""
MY_PAYSLIPS = """{ myPayslips(first: 10) { totalCount edges { node { id kind number payDate periodEnd
  payee { code } gross withholding net lines { payCode amount } pdfUrl } } } }"""


def _signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def two_workers(db):
    """E1 and E2 each worked the holiday week; one pay run paid both; E1 can sign in."""
    e1, e2 = make_payee("E1", **SCALE_2), make_payee("E2", **SCALE_2)
    for payee, code in ((e1, "JO-E1"), (e2, "JO-E2")):
        work_the_week(place(payee, code))
    entity = Customer.objects.get().entity
    pay_run_execute(run_id=pay_run_start(entity=entity, period_end=HOLIDAY_WEEK + dt.timedelta(days=6)).pk)
    # E1 works a second week, submitted and not yet approved nor paid
    from kserp.orders.models import JobOrder
    from kserp.orders.timesheets import timesheet_submit
    from tests.support.payroll import holiday_week_entries

    later = HOLIDAY_WEEK + dt.timedelta(days=7)
    timesheet_submit(
        job_order=JobOrder.objects.get(code="JO-E1"), week_starting=later, entries=holiday_week_entries(later)
    )
    worker = User.objects.create_user(username="e1", password="pw-e1-12345", payee=e1)
    return _signed_in(User.objects.get(pk=worker.pk))


def test_a_worker_sees_their_own_timesheets_with_their_pay(two_workers):
    body = gql(two_workers, MY_TIMESHEETS)
    assert "errors" not in body, body
    page = body["data"]["myTimesheets"]
    assert page["totalCount"] == 2
    weeks = [(e["node"]["weekStarting"], e["node"]["status"]) for e in page["edges"]]
    assert weeks == [("2025-10-13", "SUBMITTED"), ("2025-10-06", "APPROVED")]
    approved = page["edges"][1]["node"]
    assert approved["jobOrder"] == {"code": "JO-E1", "title": "Warehouse operator", "clientName": "Acme Pty Ltd"}
    assert {"payCode": "PH", "quantity": "7.6000", "rate": "70.0000", "amount": "532.00"} in approved["payLines"]
    assert {"date": "2025-10-07", "hours": None, "payCode": "MEAL", "quantity": "1.0000"} in approved["entries"]
    assert "JO-E2" not in str(body)


def test_a_worker_sees_their_own_payslips_and_downloads_only_their_own_pdf(two_workers):
    body = gql(two_workers, MY_PAYSLIPS)
    assert "errors" not in body, body
    (edge,) = body["data"]["myPayslips"]["edges"]
    mine = edge["node"]
    assert (mine["kind"], mine["payee"], mine["gross"], mine["withholding"], mine["net"]) == (
        "PAYSLIP",
        {"code": "E1"},
        "1760.10",
        "381.00",
        "1379.10",
    )
    assert (mine["payDate"], mine["periodEnd"]) == ("2025-10-15", "2025-10-12")
    own = PayRunPayment.objects.get(payee__code="E1")
    assert mine["number"] == own.number and own.net == own.gross - own.withholding
    pdf = two_workers.get(mine["pdfUrl"])
    assert (pdf.status_code, pdf["Content-Type"]) == (200, "application/pdf")
    theirs = PayRunPayment.objects.get(payee__code="E2")
    assert two_workers.get(f"/documents/payments/{theirs.pk}.pdf").status_code == 404
    assert theirs.number not in str(body)


@pytest.mark.parametrize(
    "query",
    [
        "{ payRuns(first: 5) { totalCount } }",
        "{ timesheets(first: 5) { totalCount } }",
        "{ invoices(first: 5) { totalCount } }",
        "{ payees(first: 5) { totalCount } }",
        '{ payables(entity: "KSAU") { amount } }',
        "{ jobOrders(first: 5) { totalCount } }",
    ],
    ids=["payRuns", "timesheets", "invoices", "payees", "payables", "jobOrders"],
)
def test_a_worker_is_refused_the_agencys_lists(two_workers, query):
    body = gql(two_workers, query)
    assert [e["extensions"]["code"] for e in body["errors"]] == ["FORBIDDEN"], body
    assert body["data"] is None or not any(body["data"].values())


def test_another_workers_payslip_is_null_through_node(two_workers):
    theirs = PayRunPayment.objects.get(payee__code="E2")
    mine = PayRunPayment.objects.get(payee__code="E1")
    query = "query($id: ID!) { node(id: $id) { id } }"
    from strawberry import relay

    assert gql(two_workers, query, {"id": str(relay.GlobalID("WorkerPayslip", str(theirs.pk)))})["data"]["node"] is None
    assert gql(two_workers, query, {"id": str(relay.GlobalID("PayRun", str(mine.pay_run_id)))})["data"]["node"] is None
    found = gql(two_workers, query, {"id": str(relay.GlobalID("WorkerPayslip", str(mine.pk)))})["data"]["node"]
    assert found == {"id": str(relay.GlobalID("WorkerPayslip", str(mine.pk)))}


def test_the_viewer_names_the_worker_and_staff_are_refused_the_worker_lists(two_workers):
    viewer = gql(two_workers, "{ viewer { username isStaff client { code } payee { code name kind } } }")
    assert viewer["data"]["viewer"] == {
        "username": "e1",
        "isStaff": False,
        "client": None,
        "payee": {"code": "E1", "name": "Worker E1", "kind": "EMPLOYEE"},
    }
    staff = _signed_in(User.objects.create_superuser(username="root", password="pw-root-12345"))
    body = gql(staff, "{ myPayslips(first: 1) { totalCount } }")
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"


def test_a_user_is_a_client_portal_user_or_a_worker_never_both(two_workers):
    with pytest.raises(IntegrityError):
        User.objects.create_user(
            username="both",
            password="pw-both-12345",
            client=Customer.objects.get(),
            payee=User.objects.get(username="e1").payee,
        )


def _statements(client: Client, query: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        body = gql(client, query)
    assert "errors" not in body, body
    return len(captured.captured_queries)


def test_the_worker_lists_cost_the_same_statements_for_one_row_or_many(two_workers):
    from kserp.orders.models import Timesheet
    from kserp.orders.timesheets import timesheet_approve

    gql(two_workers, "{ viewer { username } }")  # the session and user are read once
    before = (_statements(two_workers, MY_TIMESHEETS), _statements(two_workers, MY_PAYSLIPS))
    timesheet_approve(timesheet=Timesheet.objects.get(status="SUBMITTED"))
    entity = Customer.objects.get().entity
    pay_run_execute(run_id=pay_run_start(entity=entity, period_end=HOLIDAY_WEEK + dt.timedelta(days=13)).pk)
    assert PayRunPayment.objects.filter(payee__code="E1").count() == 2
    after = (_statements(two_workers, MY_TIMESHEETS), _statements(two_workers, MY_PAYSLIPS))
    # timesheets: session, user, the page with its total, job orders, entries, pay lines and the
    # optimizer's own lookups; payslips: session, user, the page (payee and run joined), lines
    assert after == before == (9, 4)
