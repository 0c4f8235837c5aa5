"""The pay API: pay runs, payments, the ABA file, payables, the trial balance, payees; who is refused."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from kserp.crm.models import Payee
from kserp.identity.models import User
from kserp.identity.roles import roles_ensure
from kserp.payroll.models import PayRun
from kserp.payroll.runs import pay_run_execute
from tests.payroll.aba_parser import parse
from tests.support.graphql import gql
from tests.support.payroll import make_payee, place, work_the_week

SCALE_2 = {"tfn_provided": True, "tax_free_threshold": True, "foreign_resident": False}


def _client(username: str, role: str | None = None, **fields) -> Client:
    roles_ensure()
    user = User.objects.create_user(
        username=username, password="pw-123456", is_staff=fields.pop("is_staff", True), **fields
    )
    if role:
        user.groups.add(Group.objects.get(name=role))
    client = Client()
    client.force_login(User.objects.get(pk=user.pk))
    return client


@pytest.fixture
def finance(db) -> Client:
    return _client("fiona", "finance")


@pytest.fixture
def manager(db) -> Client:
    return _client("adam", "account_manager")


def _paid_week():
    job_order = place(make_payee("E1", **SCALE_2), "JO-E1")
    work_the_week(job_order)
    entity = job_order.entity
    entity.bank_bsb, entity.bank_account, entity.bank_account_name = "062-000", "10203040", "KS Staffing"
    entity.bank_mnemonic, entity.apca_id, entity.abn = "CBA", "301500", "51824753556"
    entity.save()
    return entity


START = """mutation($input: StartPayRunInput!) { startPayRun(input: $input) {
  payRun { id status periodEnd payDate } errors { field code message } } }"""
RUN = """query($id: ID!) { node(id: $id) { ... on PayRun { status progress paymentCount total
  payments { kind number payee { code name } gross withholding superannuation gst net
             lines { payCode quantity rate amount } pdfUrl } abaFile } } }"""


def test_finance_runs_pays_and_downloads(finance, django_capture_on_commit_callbacks):
    entity = _paid_week()
    with django_capture_on_commit_callbacks():  # the actor message is sent on commit; run it here
        body = gql(finance, START, {"input": {"entity": "KSAU", "periodEnd": "2025-10-12"}})
    started = body["data"]["startPayRun"]
    assert (started["errors"], started["payRun"]["status"], started["payRun"]["payDate"]) == (
        [],
        "QUEUED",
        "2025-10-15",
    )
    run = PayRun.objects.get()
    pay_run_execute(run_id=run.pk)

    data = gql(finance, RUN, {"id": started["payRun"]["id"]})["data"]["node"]
    assert (data["status"], data["progress"], data["paymentCount"], data["total"]) == ("COMPLETED", 1.0, 1, "1379.10")
    payment = data["payments"][0]
    assert (payment["kind"], payment["number"], payment["gross"], payment["withholding"], payment["net"]) == (
        "PAYSLIP",
        "PS-AU-000001",
        "1760.10",
        "381.00",
        "1379.10",
    )
    assert {"payCode": "PH", "quantity": "7.6000", "rate": "70.0000", "amount": "532.00"} in payment["lines"]
    aba = parse(data["abaFile"])
    assert [(d.code, d.cents) for d in aba.details] == [("53", 137910), ("13", 137910)]
    pdf = finance.get(payment["pdfUrl"])
    assert (pdf.status_code, pdf["Content-Type"], pdf.content[:5]) == (200, "application/pdf", b"%PDF-")

    owed = gql(finance, '{ payables(entity: "KSAU") { kind payee { code } counterparty dueDate amount } }')
    assert [p["kind"] for p in owed["data"]["payables"]] == ["NET_PAY", "SUPER", "PAYG"]
    paid = gql(finance, "mutation($id: ID!) { markPayRunPaid(id: $id) { payRun { paidAt } errors { code } } }",
               {"id": started["payRun"]["id"]})  # fmt: skip
    assert paid["data"]["markPayRunPaid"]["errors"] == []
    balance = gql(finance, '{ trialBalance(entity: "KSAU", asOf: "2025-10-31") { debitTotal creditTotal '
                  "rows { account { code } debit credit } } }")["data"]["trialBalance"]  # fmt: skip
    # wages 1760.10 + super 196.22 = bank 1379.10 + PAYG 381.00 + super payable 196.22
    assert balance["debitTotal"] == balance["creditTotal"] == "1956.32"
    assert entity.code == "KSAU"


def test_an_account_manager_is_refused_pay_details_and_starts_nothing(manager):
    _paid_week()
    body = gql(manager, START, {"input": {"entity": "KSAU", "periodEnd": "2025-10-12"}})
    assert body["data"]["startPayRun"]["errors"][0]["code"] == "FORBIDDEN"
    assert not PayRun.objects.exists()
    refused = gql(manager, "{ payees(first: 5) { edges { node { code bank { accountMasked } } } } }")
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert gql(manager, '{ payables(entity: "KSAU") { amount } }')["errors"][0]["extensions"]["code"] == "FORBIDDEN"


def test_a_portal_user_is_refused_payslips_and_bank_facts(db):
    entity = _paid_week()
    from kserp.crm.models import Client as Customer

    portal = _client("acme.ap", is_staff=False, client=Customer.objects.get(entity=entity))
    body = gql(portal, '{ trialBalance(entity: "KSAU", asOf: "2025-10-31") { debitTotal } }')
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    body = gql(portal, "{ payRuns(first: 1) { totalCount } }")
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"


CREATE = """mutation($input: PayeeInput!) { createPayee(input: $input) {
  payee { code kind bank { bsb account accountMasked name } tax { tfnProvided } abn gstRegistered }
  errors { field code message } } }"""


def test_payees_are_created_with_errors_by_field(finance):
    bad = gql(
        finance,
        CREATE,
        {
            "input": {
                "code": "C9",
                "name": "Raj",
                "kind": "CONTRACTOR",
                "abn": "51824753557",
                "bank": {"bsb": "83-004", "account": "987654321", "name": "R Patel"},
            }
        },
    )
    assert [(e["field"], e["code"]) for e in bad["data"]["createPayee"]["errors"]] == [
        ("bank.bsb", "INVALID"),
        ("abn", "INVALID"),
    ]
    assert not Payee.objects.filter(code="C9").exists()
    good = gql(
        finance,
        CREATE,
        {
            "input": {
                "code": "C9",
                "name": "Raj",
                "kind": "CONTRACTOR",
                "abn": "51 824 753 556",
                "gstRegistered": True,
                "bank": {"bsb": "083004", "account": "987654321", "name": "R Patel"},
            }
        },
    )
    assert good["data"]["createPayee"] == {
        "payee": {
            "code": "C9",
            "kind": "CONTRACTOR",
            "bank": {"bsb": "083-004", "account": "987654321", "accountMasked": "******321", "name": "R Patel"},
            "tax": None,
            "abn": "51824753556",
            "gstRegistered": True,
        },
        "errors": [],
    }


def test_an_account_manager_may_rename_a_worker_but_not_set_bank_facts(manager):
    payee = make_payee("E5")
    update = """mutation($id: ID!, $input: PayeeInput!) { updatePayee(id: $id, input: $input) {
      payee { name } errors { field code } } }"""
    refused = gql(manager, update, {"id": "E5", "input": {"bank": {"bsb": "063-000", "account": "1", "name": "X"}}})
    assert refused["data"]["updatePayee"]["errors"] == [{"field": "bank", "code": "FORBIDDEN"}]
    renamed = gql(manager, update, {"id": "E5", "input": {"name": "Eve Five"}})
    assert renamed["data"]["updatePayee"] == {"payee": {"name": "Eve Five"}, "errors": []}
    payee.refresh_from_db()
    assert (payee.name, payee.bank_account) == ("Eve Five", str(100000 + ord("E") + ord("5")))  # bank kept
