"""`createJobOrder` and `updateJobOrder`: agreements must apply, every error has its path, and
nothing is stored on error; account managers and admins only."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import Group
from django.test import Client as HttpClient

from kserp.crm.models import Payee
from kserp.identity.models import User
from kserp.identity.roles import roles_ensure
from kserp.orders.models import JobOrder, JobOrderStatus
from kserp.rates.models import BillAgreement
from tests.support.graphql import gql
from tests.support.orders import START, make_client, make_job_order, make_rates

CREATE = """
mutation($input: CreateJobOrderInput!) {
  createJobOrder(input: $input) {
    jobOrder { code title status start end division poNumber invoiceGrouping path
               client { code } payee { code } payAgreement { name } billAgreement { name } }
    errors { field code message }
  }
}"""
UPDATE = """
mutation($id: ID!, $input: UpdateJobOrderInput!) {
  updateJobOrder(id: $id, input: $input) {
    jobOrder { code title end path billAgreement { name } }
    errors { field code message }
  }
}"""


def _http(role: str | None, username: str = "amy") -> HttpClient:
    roles_ensure()
    user = User.objects.create_user(username=username, password="pw-123-xyz", is_staff=True)
    if role:
        user.groups.add(Group.objects.get(name=role))
    http = HttpClient()
    http.force_login(user)
    return http


@pytest.fixture
def manager(db) -> HttpClient:
    return _http("account_manager")


@pytest.fixture
def setup(db):
    make_rates()
    acme = make_client("ACME")
    make_client("GLOBEX")
    Payee.objects.create(code="P001", name="Jane Citizen", kind="EMPLOYEE")
    globex_only = BillAgreement.objects.create(
        name="Globex only", node_level="client", node_value="GLOBEX", valid_from=START
    )
    return acme, globex_only


def _input(**overrides) -> dict:
    return {
        "code": "JO-2001", "client": "ACME", "payee": "P001", "title": "Picker packer", "start": "2025-08-04",
        "path": {"state": "NSW", "cost_centre": "CC10"}, "consultant": "amy", "division": "Industrial",
        "poNumber": "PO-1", "payAgreement": "Warehouse award 2025", "billAgreement": "Standard AU", **overrides,
    }  # fmt: skip


def test_create_a_draft_job_order(manager, setup):
    body = gql(manager, CREATE, {"input": _input()})

    assert body == {
        "data": {
            "createJobOrder": {
                "jobOrder": {
                    "code": "JO-2001", "title": "Picker packer", "status": "DRAFT", "start": "2025-08-04", "end": None,
                    "division": "Industrial", "poNumber": "PO-1", "invoiceGrouping": "",
                    "path": {"country": "AU", "brand": "KS", "state": "NSW", "client": "ACME", "cost_centre": "CC10",
                             "payee": "P001", "job_order": "JO-2001"},
                    "client": {"code": "ACME"}, "payee": {"code": "P001"},
                    "payAgreement": {"name": "Warehouse award 2025"}, "billAgreement": {"name": "Standard AU"},
                },
                "errors": [],
            }
        }
    }  # fmt: skip
    stored = JobOrder.objects.get(code="JO-2001")
    assert (stored.consultant.username, stored.entity.code, stored.status) == ("amy", "KSAU", JobOrderStatus.DRAFT)


def test_create_reports_every_problem_with_its_path_and_stores_nothing(manager, setup):
    make_job_order(code="JO-1001")
    before = JobOrder.objects.count()

    body = gql(
        manager,
        CREATE,
        {"input": _input(code="JO-1001", end="2025-08-01", path={"client": "X", "region": "North"},
                         billAgreement="Globex only", invoiceGrouping="WEEKLY")},
    )  # fmt: skip

    assert body["data"]["createJobOrder"]["jobOrder"] is None
    assert [(e["field"], e["code"]) for e in body["data"]["createJobOrder"]["errors"]] == [
        ("code", "DUPLICATE"),
        ("end", "DATE_ORDER"),
        ("invoiceGrouping", "INVALID"),
        ("path.client", "DERIVED_LEVEL"),
        ("path.region", "UNKNOWN_LEVEL"),
    ]
    assert JobOrder.objects.count() == before


def test_create_refuses_an_agreement_that_does_not_apply(manager, setup):
    body = gql(manager, CREATE, {"input": _input(billAgreement="Globex only")})

    assert body["data"]["createJobOrder"]["errors"] == [
        {
            "field": "billAgreement",
            "code": "NOT_APPLICABLE",
            "message": "Agreement 'Globex only' does not apply to the job order: its node client=GLOBEX is not on "
            "the job order's path.",
        }
    ]
    assert not JobOrder.objects.filter(code="JO-2001").exists()


def test_create_names_unknown_references(manager, setup):
    body = gql(manager, CREATE, {"input": _input(client="NOPE", consultant="nobody", payAgreement="Missing")})

    assert body["data"]["createJobOrder"]["errors"] == [
        {"field": "client", "code": "NOT_FOUND", "message": "No client 'NOPE'."},
        {"field": "consultant", "code": "NOT_FOUND", "message": "No staff member 'nobody'."},
        {"field": "payAgreement", "code": "NOT_FOUND", "message": "No pay agreement 'Missing'."},
    ]
    assert not JobOrder.objects.filter(code="JO-2001").exists()


def test_update_changes_only_the_fields_given(manager, setup):
    job_order = make_job_order(code="JO-1001")

    body = gql(manager, UPDATE, {"id": "JO-1001", "input": {"title": "Team leader", "end": "2025-12-31",
                                                            "path": {"state": "VIC"}}})  # fmt: skip

    assert body["data"]["updateJobOrder"] == {
        "jobOrder": {
            "code": "JO-1001", "title": "Team leader", "end": "2025-12-31",
            "path": {"country": "AU", "brand": "KS", "state": "VIC", "client": "ACME", "payee": "P001",
                     "job_order": "JO-1001"},
            "billAgreement": {"name": "Standard AU"},
        },
        "errors": [],
    }  # fmt: skip
    job_order.refresh_from_db()
    assert (job_order.division, job_order.start, job_order.status) == ("", START, JobOrderStatus.ACTIVE)


def test_update_checks_the_result_as_a_whole_and_stores_nothing_on_error(manager, setup):
    job_order = make_job_order(code="JO-1001")

    body = gql(manager, UPDATE, {"id": "JO-1001", "input": {"title": "Changed", "billAgreement": None,
                                                            "payAgreement": "Warehouse award 2025",
                                                            "start": "2025-06-01"}})  # fmt: skip

    assert [(e["field"], e["code"]) for e in body["data"]["updateJobOrder"]["errors"]] == [
        ("payAgreement", "NOT_APPLICABLE"),  # the award starts on 2025-07-01
        ("billAgreement", "NO_BILL_AGREEMENT"),  # an ACTIVE job order keeps both
    ]
    job_order.refresh_from_db()
    assert (job_order.title, job_order.start, job_order.bill_agreement.name) == (
        "Warehouse operator", START, "Standard AU"
    )  # fmt: skip


def test_update_keeps_worked_weeks_inside_the_dates(manager, setup):
    from tests.support.billing import approve_weeks

    job_order = make_job_order(code="JO-1001")
    approve_weeks(job_order)  # the week of 2025-07-07

    body = gql(manager, UPDATE, {"id": "JO-1001", "input": {"end": "2025-07-06"}})

    assert body["data"]["updateJobOrder"]["errors"] == [
        {
            "field": "end",
            "code": "CONFLICT",
            "message": "The timesheet of the week of 2025-07-07 would fall outside the job order's dates.",
        }
    ]
    job_order.refresh_from_db()
    assert job_order.end is None


def test_update_refuses_clearing_the_title_and_unknown_job_orders(manager, setup):
    make_job_order(code="JO-1001")
    assert gql(manager, UPDATE, {"id": "JO-1001", "input": {"title": None}})["data"]["updateJobOrder"]["errors"] == [
        {"field": "title", "code": "REQUIRED", "message": "Cannot be cleared."}
    ]
    assert gql(manager, UPDATE, {"id": "JO-9", "input": {}})["data"]["updateJobOrder"]["errors"] == [
        {"field": "id", "code": "NOT_FOUND", "message": "No job order 'JO-9'."}
    ]


@pytest.mark.parametrize("role", ["finance", "payroll", None], ids=["finance", "payroll", "no-role"])
def test_only_account_managers_and_admins_manage_job_orders(setup, role):
    job_order = make_job_order(code="JO-1001")
    http = _http(role, username="other")

    created = gql(http, CREATE, {"input": _input()})["data"]["createJobOrder"]
    updated = gql(http, UPDATE, {"id": "JO-1001", "input": {"title": "Changed"}})["data"]["updateJobOrder"]

    for payload in (created, updated):
        assert payload["jobOrder"] is None
        assert [e["code"] for e in payload["errors"]] == ["FORBIDDEN"]
    assert not JobOrder.objects.filter(code="JO-2001").exists()
    job_order.refresh_from_db()
    assert job_order.title == "Warehouse operator"


def test_admins_create_job_orders_too(setup):
    body = gql(_http("admin"), CREATE, {"input": _input(code="JO-3001", consultant=None, end="2025-12-31")})
    assert body["data"]["createJobOrder"]["errors"] == []
    assert JobOrder.objects.get(code="JO-3001").end == dt.date(2025, 12, 31)
