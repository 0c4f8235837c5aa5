"""The web app shows each user only what they may do: `viewer.permissions` lists the permissions
held, and a refusal says in words what is missing (never a codename such as identity.run_billing)."""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import Client as HttpClient

from kserp.billing.models import BillingRun
from kserp.identity.models import User
from tests.support.graphql import gql

VIEWER = "{ viewer { username permissions } }"
START = """mutation { startBillingRun(input: {entity: "AU1", periodEnd: "2026-11-30"}) {
  billingRun { id } errors { code message } } }"""


def _signed_in(role: str | None, **extra) -> HttpClient:
    call_command("ensure_roles", verbosity=0)
    user = User.objects.create_user(username=f"u-{role}", password="pw-123-abc", is_staff=True, **extra)
    if role:
        user.groups.add(Group.objects.get(name=role))
    client = HttpClient()
    client.force_login(user)
    return client


def test_an_account_manager_is_told_what_they_may_do(db):
    body = gql(_signed_in("account_manager"), VIEWER)
    assert body["data"]["viewer"]["permissions"] == [
        "view_confidential", "manage_agreements", "manage_job_orders", "submit_timesheet", "approve_timesheet",
    ]  # fmt: skip


def test_finance_may_bill_credit_and_record_payments(db):
    permissions = gql(_signed_in("finance"), VIEWER)["data"]["viewer"]["permissions"]
    assert {"run_billing", "credit_invoice", "record_payment", "view_pay_details"} <= set(permissions)
    assert "import_configuration" not in permissions


def test_staff_without_a_role_and_portal_users_hold_nothing(db, portal_user):
    assert gql(_signed_in(None), VIEWER)["data"]["viewer"]["permissions"] == []
    portal = HttpClient()
    portal.force_login(portal_user)
    assert gql(portal, VIEWER)["data"]["viewer"] == {"username": "acme.ap", "permissions": []}


def test_a_refusal_says_what_is_missing_in_words(db, entity):
    body = gql(_signed_in("account_manager"), START)
    assert body["data"]["startBillingRun"] == {
        "billingRun": None,
        "errors": [
            {
                "code": "FORBIDDEN",
                "message": "You may not start or retry billing runs (this needs the admin or finance role).",
            }
        ],
    }
    assert BillingRun.objects.count() == 0
