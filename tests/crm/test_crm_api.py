"""The account manager's CRM through the API: clients (ABN checksum, billing cycle, status),
contacts, contracts with document versions and expiry alerts, opportunities, the timeline and the
top-bar search; what portal users see of it."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client as HttpClient

from kserp.base.identifiers import abn_is_valid
from kserp.crm.models import Activity, Client, Contact, Contract, ContractAlert, ContractDocument
from kserp.crm.services import contract_alerts_raise, contract_create
from kserp.identity.models import AuditEvent, User
from kserp.identity.roles import roles_ensure
from kserp.orders.models import JobOrder
from tests.support.graphql import gql
from tests.support.orders import make_client, make_entity, make_rates

CREATE_CLIENT = """
mutation($input: ClientInput!) {
  createClient(input: $input) {
    client { code name abn billingCycle billingCloseDay poRequired creditLimit status entity { code } }
    errors { field code message }
  }
}"""
UPDATE_CLIENT = """
mutation($id: ID!, $input: ClientInput!) {
  updateClient(id: $id, input: $input) { client { code status creditLimit } errors { field code message } }
}"""
CREATE_CONTACT = """
mutation($input: ContactInput!) {
  createContact(input: $input) { contact { id name billing approver } errors { field code message } }
}"""


def _http(role: str, username: str = "amy", **extra) -> HttpClient:
    roles_ensure()
    user = User.objects.create_user(username=username, password="pw-123-xyz", is_staff=True, **extra)
    user.groups.add(Group.objects.get(name=role))
    http = HttpClient()
    http.force_login(user)
    return http


@pytest.fixture
def manager(db) -> HttpClient:
    make_entity("KSAU", "AU-")
    return _http("account_manager")


def test_the_abn_checksum():
    assert [abn_is_valid(v) for v in ("51 824 753 556", "53004085616")] == [True, True]
    assert [abn_is_valid(v) for v in ("51824753557", "5182475355", "01824753556", "5182475355a")] == [False] * 4


def test_an_account_manager_creates_a_client_and_every_bad_field_is_named(manager):
    bad = {"code": "NEWCO", "name": "", "entity": "KSAU", "abn": "51 824 753 557", "billingCycle": "DAILY",
           "creditLimit": "-5", "status": "GONE"}  # fmt: skip
    body = gql(manager, CREATE_CLIENT, {"input": bad})["data"]["createClient"]
    assert body["client"] is None
    assert [(e["field"], e["code"]) for e in body["errors"]] == [
        ("name", "REQUIRED"), ("abn", "INVALID"), ("billingCycle", "INVALID"), ("status", "INVALID"),
        ("creditLimit", "INVALID"),
    ]  # fmt: skip
    assert not Client.objects.filter(code="NEWCO").exists()

    good = {**bad, "name": "New Co", "abn": "51 824 753 556", "billingCycle": "MONTHLY", "billingCloseDay": 31,
            "creditLimit": "50000.00", "status": "PROSPECT", "poRequired": True}  # fmt: skip
    body = gql(manager, CREATE_CLIENT, {"input": good})["data"]["createClient"]
    assert body == {"client": {"code": "NEWCO", "name": "New Co", "abn": "51824753556", "billingCycle": "MONTHLY",
                               "billingCloseDay": 31, "poRequired": True, "creditLimit": "50000.00",
                               "status": "PROSPECT", "entity": {"code": "KSAU"}}, "errors": []}  # fmt: skip
    assert AuditEvent.objects.filter(action="client.create", object_repr="NEWCO").count() == 1

    again = gql(manager, CREATE_CLIENT, {"input": good})["data"]["createClient"]
    assert [(e["field"], e["code"]) for e in again["errors"]] == [("code", "DUPLICATE")]


def test_a_status_change_goes_on_the_timeline_and_code_stays_fixed(manager):
    gql(manager, CREATE_CLIENT, {"input": {"code": "NEWCO", "name": "New Co", "entity": "KSAU"}})
    body = gql(manager, UPDATE_CLIENT, {"id": "NEWCO", "input": {"status": "ON_HOLD", "creditLimit": "100"}})
    assert body["data"]["updateClient"] == {
        "client": {"code": "NEWCO", "status": "ON_HOLD", "creditLimit": "100.00"}, "errors": []
    }  # fmt: skip
    refused = gql(manager, UPDATE_CLIENT, {"id": "NEWCO", "input": {"code": "OTHER"}})["data"]["updateClient"]
    assert refused["errors"] == [
        {"field": "code", "code": "INVALID", "message": "Cannot be changed once the client exists."}
    ]
    summaries = list(Activity.objects.filter(client__code="NEWCO").order_by("id").values_list("kind", "summary"))
    assert summaries == [("STATUS_CHANGE", "Status Active"), ("STATUS_CHANGE", "Status ACTIVE → ON_HOLD")]
    timeline = gql(manager, '{ clients(filters: {code: "NEWCO"}) { edges { node { timeline { kind summary '
                   "actor } } } } }")["data"]["clients"]["edges"][0]["node"]["timeline"]  # fmt: skip
    assert timeline[0] == {"kind": "STATUS_CHANGE", "summary": "Status ACTIVE → ON_HOLD", "actor": "amy"}


def test_contacts_carry_the_billing_and_approver_flags(manager):
    make_client("ACME", entity=None)
    missing_email = {"client": "ACME", "name": "Pat Payable", "billing": True}
    body = gql(manager, CREATE_CONTACT, {"input": missing_email})["data"]["createContact"]
    assert [(e["field"], e["code"]) for e in body["errors"]] == [("email", "REQUIRED")]
    body = gql(manager, CREATE_CONTACT, {"input": {**missing_email, "email": "ap@acme.example", "approver": True}})
    assert body["data"]["createContact"]["contact"]["name"] == "Pat Payable"
    assert list(Contact.objects.values_list("client__code", "billing", "approver")) == [("ACME", True, True)]
    nobody = gql(manager, CREATE_CONTACT, {"input": {"client": "NOPE", "name": "X"}})["data"]["createContact"]
    assert nobody["errors"] == [{"field": "client", "code": "NOT_FOUND", "message": "No client 'NOPE'."}]


PDF = b"%PDF-1.4\n% a contract\n"


def _upload(http: HttpClient, contract_id: str, name: str, content: bytes) -> dict:
    operations = {
        "query": "mutation($c: ID!, $f: Upload!) { uploadContractDocument(contract: $c, file: $f) { contract { "
        "documents { version filename uploadedBy size url } } errors { field code message } } }",
        "variables": {"c": contract_id, "f": None},
    }
    response = http.post("/graphql", data={
        "operations": json.dumps(operations), "map": json.dumps({"0": ["variables.f"]}),
        "0": SimpleUploadedFile(name, content, content_type="application/octet-stream"),
    })  # fmt: skip
    assert response.status_code == 200, response.content
    return response.json()["data"]["uploadContractDocument"]


def test_contract_documents_are_versioned_and_only_pdf_or_docx(manager, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    make_client("ACME", entity=None)
    created = gql(manager, 'mutation { createContract(input: {client: "ACME", title: "MSA 2025", expiresOn: '
                  '"2027-06-30"}) { contract { id kind } errors { field } } }')["data"]["createContract"]  # fmt: skip
    contract_id = created["contract"]["id"]
    assert created["contract"]["kind"] == "MSA"

    refused = _upload(manager, contract_id, "msa.pdf", b"MZ not a pdf")
    assert refused["errors"] == [{"field": "file", "code": "INVALID", "message": "The file is not a PDF document."}]
    assert _upload(manager, contract_id, "msa.exe", PDF)["errors"][0]["code"] == "INVALID"
    first = _upload(manager, contract_id, "msa.pdf", PDF)
    second = _upload(manager, contract_id, "msa-signed.pdf", PDF + b"signed")
    assert first["errors"] == second["errors"] == []
    versions = [(d["version"], d["filename"], d["uploadedBy"], d["size"]) for d in second["contract"]["documents"]]
    assert versions == [(2, "msa-signed.pdf", "amy", len(PDF) + 6), (1, "msa.pdf", "amy", len(PDF))]
    download = manager.get(second["contract"]["documents"][0]["url"])
    assert (download.status_code, b"".join(download.streaming_content)) == (200, PDF + b"signed")
    assert ContractDocument.objects.count() == 2


def test_a_portal_user_sees_their_clients_contacts_and_contracts_only(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    make_entity("KSAU", "AU-")
    acme, beta = make_client("ACME"), make_client("BETA")
    for client in (acme, beta):
        Contact.objects.create(client=client, name=f"{client.code} person")
        contract = contract_create(client=client, kind="MSA", title=f"{client.code} MSA")
        contract.documents.create(version=1, file=SimpleUploadedFile(f"{client.code}.pdf", PDF), filename="x.pdf",
                                  content_type="application/pdf", size=len(PDF))  # fmt: skip
    portal = User.objects.create_user(username="acme.ap", password="pw-acme-123", client=acme)
    http = HttpClient()
    http.force_login(portal)
    body = gql(http, "{ clients { edges { node { code contacts { edges { node { name } } } contracts { edges { node "
               "{ title documents { url } } } } } } } }")  # fmt: skip
    (edge,) = body["data"]["clients"]["edges"]
    assert edge["node"]["code"] == "ACME"
    assert [e["node"]["name"] for e in edge["node"]["contacts"]["edges"]] == ["ACME person"]
    (contract,) = edge["node"]["contracts"]["edges"]
    assert contract["node"]["title"] == "ACME MSA"
    assert http.get(contract["node"]["documents"][0]["url"]).status_code == 200
    beta_document = ContractDocument.objects.get(contract__client=beta)
    assert http.get(f"/documents/contracts/{beta_document.pk}").status_code == 404
    refused = gql(http, "{ clients { edges { node { timeline { summary } } } } }")
    assert [e["extensions"]["code"] for e in refused["errors"]] == ["FORBIDDEN"]


def test_expiry_alerts_come_60_and_30_days_ahead_once_each(db):
    make_entity("KSAU", "AU-")
    acme = make_client("ACME")
    today = dt.date(2026, 1, 1)
    contract = contract_create(client=acme, kind="MSA", title="MSA", expires_on=today + dt.timedelta(days=45))
    contract_create(client=acme, kind="OTHER", title="Far", expires_on=today + dt.timedelta(days=90))
    assert [(a.contract_id, a.days_ahead) for a in contract_alerts_raise(today=today)] == [(contract.pk, 60)]
    assert contract_alerts_raise(today=today) == []  # once
    later = today + dt.timedelta(days=20)  # 25 days left
    assert [a.days_ahead for a in contract_alerts_raise(today=later)] == [30]
    assert contract_alerts_raise(today=later + dt.timedelta(days=1)) == []
    assert ContractAlert.objects.count() == 2
    assert Activity.objects.filter(kind="ALERT").count() == 2


def test_an_opportunity_is_priced_and_converts_into_a_draft_job_order(manager):
    make_rates()
    make_client("ACME", entity=None)
    from kserp.crm.models import Payee

    Payee.objects.create(code="P001", name="Jane Citizen", kind="EMPLOYEE")
    body = gql(
        manager,
        """mutation { createOpportunity(input: {client: "ACME", title: "Forklift drivers", roles: 2,
      weeklyHours: "38", expectedStart: "2025-08-04", payAgreement: "Warehouse award 2025",
      billAgreement: "Standard AU"})
      { opportunity { id stage estimatedWeeklyMargin } errors { field code message } } }""",
    )
    created = body["data"]["createOpportunity"]
    assert created["errors"] == []
    from kserp.orders.pricing import draft_job_order, price_quote
    from kserp.rates.models import BillAgreement, PayAgreement

    job = draft_job_order(
        client=Client.objects.get(code="ACME"),
        start=dt.date(2025, 8, 4),
        pay_agreement=PayAgreement.objects.get(),
        bill_agreement=BillAgreement.objects.get(),
    )
    expected = price_quote(job, "ORD", Decimal("38"), dt.date(2025, 8, 4)).gross_margin * 2
    assert Decimal(created["opportunity"]["estimatedWeeklyMargin"]) == expected.quantize(Decimal("0.01"))
    assert expected > 0

    converted = gql(manager, 'mutation($id: ID!) { convertOpportunity(id: $id, code: "JO-FORK-1", payee: "P001") '
                    "{ jobOrder { code status title start billAgreement { name } } errors { field code } } }",
                    {"id": created["opportunity"]["id"]})["data"]["convertOpportunity"]  # fmt: skip
    assert converted == {"jobOrder": {"code": "JO-FORK-1", "status": "DRAFT", "title": "Forklift drivers",
                                      "start": "2025-08-04", "billAgreement": {"name": "Standard AU"}},
                         "errors": []}  # fmt: skip
    stage = gql(manager, "{ opportunities { edges { node { stage jobOrderCodes } } } }")["data"]["opportunities"]
    assert stage["edges"] == [{"node": {"stage": "WON", "jobOrderCodes": ["JO-FORK-1"]}}]
    assert JobOrder.objects.filter(code="JO-FORK-1").count() == 1


def test_the_top_bar_search_finds_each_kind(manager):
    acme = make_client("ACME", entity=None)
    Contact.objects.create(client=acme, name="Acmeson Smith", email="smith@acme.example")
    body = gql(manager, '{ search(text: "acme") { kind code title } }')["data"]["search"]
    assert body == [{"kind": "CLIENT", "code": "ACME", "title": acme.name},
                    {"kind": "CONTACT", "code": "ACME", "title": "Acmeson Smith"}]  # fmt: skip
    assert gql(manager, '{ search(text: "a") { kind } }')["data"]["search"] == []


def test_contract_without_permission_is_refused_and_not_stored(db):
    make_entity("KSAU", "AU-")
    make_client("ACME")
    payroll = _http("payroll", "pete")
    body = gql(payroll, 'mutation { createContract(input: {client: "ACME", title: "MSA"}) { errors { code } } }')
    assert body["data"]["createContract"]["errors"] == [{"code": "FORBIDDEN"}]
    assert Contract.objects.count() == 0
