"""Paying PAYG to the tax office and super to funds (recordPayrollRemittance), the payables that
shows what is still owed, and the pay runs list's sync arguments (updatedSince, orderBy)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.utils import timezone

from kserp.finance.models import Journal
from kserp.finance.periods import period_lock
from kserp.identity.models import User
from kserp.identity.roles import roles_ensure
from kserp.payroll.models import PayRun, Remittance
from kserp.payroll.runs import pay_run_execute, pay_run_start
from tests.support.finance import assert_trial_balance_zero, balances
from tests.support.graphql import gql
from tests.support.payroll import HOLIDAY_WEEK, make_payee, place, work_the_week

D = Decimal
PAY_DATE = "2025-10-15"
FUND = {"super_fund_name": "Example Super", "super_fund_usi": "EXS0001AU", "super_member_number": "100200"}
SCALE_2 = {"tfn_provided": True, "tax_free_threshold": True, "foreign_resident": False}

REMIT = """mutation($input: RecordPayrollRemittanceInput!) { recordPayrollRemittance(input: $input) {
  remittance { kind payDate counterparty fundUsi amount paidOn reference outstanding }
  errors { field code message } } }"""
PAYABLES = '{ payables(entity: "KSAU") { kind counterparty payDate dueDate amount paid fundUsi } }'


def _session(username: str, role: str) -> Client:
    roles_ensure()
    user = User.objects.create_user(username=username, password="pw-123456", is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    client = Client()
    client.force_login(User.objects.get(pk=user.pk))
    return client


@pytest.fixture
def paid_week(db):
    """E1 (scale 2, Example Super) paid for the holiday week: PAYG 381.00 and super 196.22 owed."""
    job_order = place(make_payee("E1", **SCALE_2, **FUND), "JO-E1")
    work_the_week(job_order)
    run = pay_run_start(entity=job_order.entity, period_end=HOLIDAY_WEEK + dt.timedelta(days=6))
    pay_run_execute(run_id=run.pk)
    return job_order.entity


def _remit(client: Client, **fields) -> dict:
    payload = {"entity": "KSAU", "kind": "PAYG", "payDate": PAY_DATE, "amount": "381.00", "paidOn": "2025-11-20"}
    return gql(client, REMIT, {"input": {**payload, **fields}})["data"]["recordPayrollRemittance"]


def test_paying_payg_and_super_clears_the_liabilities_and_the_payables(paid_week):
    finance = _session("fiona", "finance")
    owed = gql(finance, PAYABLES)["data"]["payables"]
    assert [(p["kind"], p["amount"], p["paid"]) for p in owed if p["kind"] != "NET_PAY"] == [
        ("SUPER", "196.22", "0.00"),
        ("PAYG", "381.00", "0.00"),
    ]

    part = _remit(finance, amount="200.00", reference="BPAY 1")
    assert part["errors"] == []
    assert part["remittance"] == {
        "kind": "PAYG",
        "payDate": PAY_DATE,
        "counterparty": "Australian Taxation Office",
        "fundUsi": "",
        "amount": "200.00",
        "paidOn": "2025-11-20",
        "reference": "BPAY 1",
        "outstanding": "181.00",
    }
    payg = [p for p in gql(finance, PAYABLES)["data"]["payables"] if p["kind"] == "PAYG"]
    assert [(p["amount"], p["paid"], p["payDate"], p["dueDate"]) for p in payg] == [
        ("181.00", "200.00", PAY_DATE, "2025-11-21")
    ]
    assert _remit(finance, amount="181.00")["errors"] == []
    done = _remit(finance, kind="SUPER", fund="EXS0001AU", amount="196.22", paidOn="2025-10-20")
    assert (done["errors"], done["remittance"]["counterparty"], done["remittance"]["outstanding"]) == (
        [],
        "Example Super",
        "0.00",
    )

    assert [p["kind"] for p in gql(finance, PAYABLES)["data"]["payables"]] == ["NET_PAY"]
    after = balances(paid_week, dt.date(2025, 12, 31))
    assert (after.get("2200", D(0)), after.get("2210", D(0))) == (D(0), D(0))  # PAYG and super cleared
    assert after["1000"] == D("-577.22")  # 381.00 + 196.22 left the bank
    assert_trial_balance_zero(paid_week)
    assert Remittance.objects.count() == 3


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"amount": "381.01"}, ("amount", "OVERPAYMENT", "Only 381.00 is still owed for pay date 2025-10-15.")),
        ({"amount": "0"}, ("amount", "INVALID_AMOUNT", "The amount must be above 0.")),
        ({"amount": "1.001"}, ("amount", "TOO_PRECISE", None)),
        ({"payDate": "2025-10-08"}, ("payDate", "NOT_FOUND", "No PAYG was withheld on pay date 2025-10-08.")),
        ({"paidOn": "2025-10-14"}, ("paidOn", "INVALID", "Paid before the pay date it pays for.")),
        ({"kind": "SUPER"}, ("fund", "REQUIRED", "Name the fund (its USI or name) this super was paid to.")),
        ({"kind": "SUPER", "fund": "Other Super", "amount": "1.00"}, ("fund", "NOT_FOUND", None)),
        ({"fund": "EXS0001AU"}, ("fund", "INVALID", "PAYG is paid to the tax office: leave the fund out.")),
        ({"entity": "NOPE"}, ("entity", "NOT_FOUND", "No entity 'NOPE'.")),
    ],
    ids=[
        "overpaid",
        "zero",
        "sub-cent",
        "no-payg-then",
        "before-pay-day",
        "no-fund",
        "unknown-fund",
        "fund-on-payg",
        "no-entity",
    ],
)
def test_a_bad_remittance_is_refused_by_field_and_posts_nothing(paid_week, fields, error):
    finance = _session("fiona", "finance")
    journals = Journal.objects.count()
    result = _remit(finance, **fields)
    (got,) = result["errors"]
    assert (got["field"], got["code"]) == error[:2]
    if error[2] is not None:
        assert got["message"] == error[2]
    assert result["remittance"] is None
    assert (Journal.objects.count(), Remittance.objects.count()) == (journals, 0)


def test_a_remittance_in_a_locked_period_is_refused(paid_week):
    finance = _session("fiona", "finance")
    period_lock(entity=paid_week, through=dt.date(2025, 11, 30))
    result = _remit(finance)
    assert [(e["field"], e["code"]) for e in result["errors"]] == [("paidOn", "PERIOD_LOCKED")]
    assert not Remittance.objects.exists()
    assert _remit(finance, paidOn="2025-12-01")["errors"] == []


def test_only_finance_records_remittances(paid_week):
    manager = _session("adam", "payroll")
    result = _remit(manager)
    assert result["errors"][0]["code"] == "FORBIDDEN"
    assert not Remittance.objects.exists()


# --- payRuns: updatedSince and orderBy (docs/partners.md) ------------------------------------
RUNS = """query($filters: PayRunFilter, $orderBy: PayRunOrder) {
  payRuns(first: 10, filters: $filters, orderBy: $orderBy) {
    totalCount edges { node { periodEnd status updatedAt } } } }"""


def test_pay_runs_sync_by_updated_since_and_sort_by_order_by(paid_week):
    finance = _session("fiona", "finance")
    first = PayRun.objects.get()
    later = pay_run_start(entity=paid_week, period_end=dt.date(2025, 10, 19))
    since = timezone.now()
    PayRun.objects.filter(pk=first.pk).update(updated_at=since - dt.timedelta(hours=1))
    PayRun.objects.filter(pk=later.pk).update(updated_at=since + dt.timedelta(seconds=1))

    changed = gql(finance, RUNS, {"filters": {"updatedSince": since.isoformat()}})["data"]["payRuns"]
    assert [e["node"]["periodEnd"] for e in changed["edges"]] == ["2025-10-19"]
    oldest_first = gql(finance, RUNS, {"orderBy": {"field": "PERIOD_END", "direction": "ASC"}})["data"]["payRuns"]
    assert [e["node"]["periodEnd"] for e in oldest_first["edges"]] == ["2025-10-12", "2025-10-19"]
    by_update = gql(finance, RUNS, {"orderBy": {"field": "UPDATED_AT"}})["data"]["payRuns"]
    assert [e["node"]["periodEnd"] for e in by_update["edges"]] == ["2025-10-12", "2025-10-19"]
    default = gql(finance, RUNS)["data"]["payRuns"]
    assert [e["node"]["periodEnd"] for e in default["edges"]] == ["2025-10-19", "2025-10-12"]  # newest first


def test_a_completed_run_moves_its_updated_at(paid_week):
    run = pay_run_start(entity=paid_week, period_end=dt.date(2025, 10, 19))
    PayRun.objects.filter(pk=run.pk).update(updated_at=timezone.now() - dt.timedelta(days=1))
    before = PayRun.objects.get(pk=run.pk).updated_at
    pay_run_execute(run_id=run.pk)
    assert PayRun.objects.get(pk=run.pk).updated_at > before + dt.timedelta(hours=23)
