"""The books through GraphQL: recordReceipt, lockPeriod/unlockPeriod, trialBalance, reports,
manual journals; who may do what."""

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.test import Client as HttpClient

from kserp.finance.models import Journal, PeriodLock, Receipt
from kserp.identity.models import AuditEvent, User
from kserp.identity.roles import ACCOUNT_MANAGER, ADMIN, FINANCE, roles_ensure
from tests.support.finance import three_invoices
from tests.support.graphql import gql

D = Decimal
RECORD = """
mutation($input: RecordReceiptInput!) {
  recordReceipt(input: $input) {
    receipt { id amount unapplied allocations { invoice { number } amount } }
    errors { field code message }
  }
}"""
LOCK = """
mutation($entity: ID!, $through: Date!) {
  lockPeriod(entity: $entity, through: $through) {
    periodLock { through entity { code } }
    errors { field code message }
  }
}"""
UNLOCK = """
mutation($entity: ID!, $through: Date, $reason: String!) {
  unlockPeriod(entity: $entity, through: $through, reason: $reason) { periodLock { through } errors { field code } }
}"""
TRIAL_BALANCE = """
query($entity: ID!, $asOf: Date!) {
  trialBalance(entity: $entity, asOf: $asOf) {
    entity { code } asOf debitTotal creditTotal rows { account { code name } debit credit }
  }
}"""
JOURNAL = """
mutation($input: PostJournalInput!) {
  postJournal(input: $input) {
    journal { source memo createdBy lines { account { code } debit credit } }
    errors { field code }
  }
}"""


def _login(role: str) -> HttpClient:
    roles_ensure()
    user = User.objects.create_user(username=f"{role}-user", password="pw-123-role", is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    client = HttpClient()
    client.force_login(user)
    return client


def _remittance(invoices, amounts) -> dict:
    return {
        "input": {
            "client": "ACME",
            "amount": "4000.00",
            "date": "2025-08-20",
            "reference": "REMIT 0042",
            "allocations": [{"invoice": i.number, "amount": a} for i, a in zip(invoices, amounts, strict=True)],
        }
    }


def test_record_receipt_allocates_a_remittance_and_reports_errors_by_allocation(db):
    invoices = three_invoices()
    finance = _login(FINANCE)

    bad = gql(finance, RECORD, _remittance(invoices, ["1810.30", "1810.31", "-1"]))["data"]["recordReceipt"]
    assert bad["receipt"] is None
    assert [(e["field"], e["code"]) for e in bad["errors"]] == [
        ("allocations[1].amount", "OVERPAYMENT"),
        ("allocations[2].amount", "INVALID_AMOUNT"),
    ]
    assert Receipt.objects.count() == 0

    good = gql(finance, RECORD, _remittance(invoices, ["1810.30", "1810.30", "300.00"]))["data"]["recordReceipt"]
    assert good["errors"] == []
    assert good["receipt"]["amount"] == "4000.00" and good["receipt"]["unapplied"] == "79.40"
    assert good["receipt"]["allocations"] == [
        {"invoice": {"number": "AU-000001"}, "amount": "1810.30"},
        {"invoice": {"number": "AU-000002"}, "amount": "1810.30"},
        {"invoice": {"number": "AU-000003"}, "amount": "300.00"},
    ]
    tb = gql(finance, TRIAL_BALANCE, {"entity": "KSAU", "asOf": "2025-08-31"})["data"]["trialBalance"]
    assert tb["debitTotal"] == tb["creditTotal"] == "5510.30"  # bank 4000 + AR 1510.30
    assert tb["rows"] == [
        {"account": {"code": "1000", "name": "Bank"}, "debit": "4000.00", "credit": "0.00"},
        {"account": {"code": "1100", "name": "Accounts receivable"}, "debit": "1510.30", "credit": "0.00"},
        {"account": {"code": "2100", "name": "GST/VAT payable"}, "debit": "0.00", "credit": "493.71"},
        {
            "account": {"code": "2400", "name": "Unapplied receipts (client credits)"},
            "debit": "0.00",
            "credit": "79.40",
        },
        {"account": {"code": "4000", "name": "Revenue: labour hire"}, "debit": "0.00", "credit": "4937.19"},
    ]
    before = gql(finance, TRIAL_BALANCE, {"entity": "KSAU", "asOf": "2025-07-20"})["data"]["trialBalance"]
    assert before["debitTotal"] == before["creditTotal"] == "1810.30"  # the first invoice only


def test_a_posting_in_a_locked_period_is_refused_naming_the_lock(db):
    invoices = three_invoices()
    finance = _login(FINANCE)
    locked = gql(finance, LOCK, {"entity": "KSAU", "through": "2025-08-31"})["data"]["lockPeriod"]
    assert locked == {"periodLock": {"through": "2025-08-31", "entity": {"code": "KSAU"}}, "errors": []}
    journals = Journal.objects.count()

    refused = gql(finance, RECORD, _remittance(invoices[:1], ["1810.30"]))["data"]["recordReceipt"]
    assert [(e["field"], e["code"]) for e in refused["errors"]] == [("date", "PERIOD_LOCKED")]
    assert "locked through 2025-08-31" in refused["errors"][0]["message"]
    manual = gql(
        finance,
        JOURNAL,
        {
            "input": {
                "entity": "KSAU",
                "date": "2025-08-15",
                "reason": "Owner's contribution",
                "lines": [{"account": "1000", "debit": "10.00"}, {"account": "3000", "credit": "10.00"}],
            }
        },
    )["data"]["postJournal"]
    assert manual["errors"] == [{"field": "date", "code": "PERIOD_LOCKED"}]
    assert (Journal.objects.count(), Receipt.objects.count()) == (journals, 0)

    # Finance cannot move the lock back; an admin can, with a reason, in the audit trail.
    back = gql(finance, LOCK, {"entity": "KSAU", "through": "2025-07-31"})["data"]["lockPeriod"]
    assert back["errors"][0]["field"] == "through"
    refused_unlock = gql(finance, UNLOCK, {"entity": "KSAU", "through": "2025-07-31", "reason": "Late remittance"})
    assert refused_unlock["data"]["unlockPeriod"]["errors"][0]["code"] == "FORBIDDEN"
    assert PeriodLock.objects.get().through == dt.date(2025, 8, 31)
    admin = _login(ADMIN)
    unlocked = gql(admin, UNLOCK, {"entity": "KSAU", "through": "2025-07-31", "reason": "Late remittance"})
    assert unlocked["data"]["unlockPeriod"] == {"periodLock": {"through": "2025-07-31"}, "errors": []}
    event = AuditEvent.objects.filter(action="period.unlock").get()
    assert (event.actor_username, event.before, event.after) == (
        "admin-user",
        {"through": "2025-08-31"},
        {"through": "2025-07-31", "reason": "Late remittance"},
    )
    accepted = gql(finance, RECORD, _remittance(invoices[:1], ["1810.30"]))["data"]["recordReceipt"]
    assert accepted["errors"] == []


def test_manual_journals_balance_and_account_managers_may_not_post_or_lock(db):
    three_invoices()
    manager = _login(ACCOUNT_MANAGER)
    journals = Journal.objects.count()
    payload = {
        "input": {
            "entity": "KSAU",
            "date": "2025-09-01",
            "reason": "Owner's contribution",
            "lines": [{"account": "1000", "debit": "100.00"}, {"account": "3000", "credit": "99.99"}],
        }
    }
    assert gql(manager, JOURNAL, payload)["data"]["postJournal"]["errors"][0]["code"] == "FORBIDDEN"
    assert (
        gql(manager, LOCK, {"entity": "KSAU", "through": "2025-08-31"})["data"]["lockPeriod"]["errors"][0]["code"]
        == "FORBIDDEN"
    )
    assert (Journal.objects.count(), PeriodLock.objects.count()) == (journals, 0)

    finance = _login(FINANCE)
    unbalanced = gql(finance, JOURNAL, payload)["data"]["postJournal"]
    assert unbalanced == {"journal": None, "errors": [{"field": "lines", "code": "UNBALANCED"}]}
    payload["input"]["lines"][1]["credit"] = "100.00"
    payload["input"]["lines"].append({"account": "9999", "debit": "1.00"})
    assert gql(finance, JOURNAL, payload)["data"]["postJournal"]["errors"] == [
        {"field": "lines[2].account", "code": "NOT_FOUND"}
    ]
    payload["input"]["lines"].pop()
    posted = gql(finance, JOURNAL, payload)["data"]["postJournal"]
    assert posted == {
        "journal": {
            "source": "MANUAL",
            "memo": "Owner's contribution",
            "createdBy": "finance-user",
            "lines": [
                {"account": {"code": "1000"}, "debit": "100.00", "credit": "0.00"},
                {"account": {"code": "3000"}, "debit": "0.00", "credit": "100.00"},
            ],
        },
        "errors": [],
    }


@pytest.mark.parametrize("query", [TRIAL_BALANCE])
def test_portal_users_are_refused_the_ledger(db, query):
    from tests.support.orders import make_client

    three_invoices()
    user = User.objects.create_user(username="portal", password="pw-123-portal", client=make_client())
    client = HttpClient()
    client.force_login(user)
    body = gql(client, query, {"entity": "KSAU", "asOf": "2025-08-31"})
    assert body["data"] is None
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
