"""The Idempotency-Key header: a retried mutation posts once (docs/partners.md)."""

from __future__ import annotations

import datetime as dt
import json
import threading
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client as HttpClient
from django.utils import timezone

from kserp.api.models import IdempotencyKey
from kserp.billing.runs import billing_run_execute, billing_run_start
from kserp.finance.models import Invoice, Receipt
from kserp.identity.models import User
from tests.security.helpers import issue
from tests.support.billing import approve_weeks
from tests.support.orders import make_job_order

PAY = """mutation($input: RecordPaymentInput!) {
  recordPayment(input: $input) { receipt { amount } invoice { status amountPaid } errors { field code message } }
}"""


def _invoice() -> Invoice:
    job_order = make_job_order()
    approve_weeks(job_order)
    run = billing_run_start(entity=job_order.entity, period_end=dt.date(2025, 7, 31), issue_date=dt.date(2025, 8, 1))
    billing_run_execute(run_id=run.pk)
    return Invoice.objects.get()


def _pay(token: str, key: str | None, amount: str = "100.00", invoice: str = "AU-000001"):
    headers = {"Authorization": f"Bearer {token}"}
    if key is not None:
        headers["Idempotency-Key"] = key
    body = {"query": PAY, "variables": {"input": {"invoice": invoice, "amount": amount, "reference": "EFT 7"}}}
    return HttpClient().post("/graphql", data=json.dumps(body), content_type="application/json", headers=headers)


def test_the_same_key_and_request_replay_the_first_response_and_post_once(staff_user):
    _invoice()
    token = issue(staff_user, "read", "write")
    first = _pay(token, "pay-7f3a")
    again = _pay(token, "pay-7f3a")
    assert first.status_code == again.status_code == 200
    assert first.json()["data"]["recordPayment"] == {
        "receipt": {"amount": "100.00"},
        "invoice": {"status": "PART_PAID", "amountPaid": "100.00"},
        "errors": [],
    }
    assert again.content == first.content
    assert again["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first
    assert Receipt.objects.count() == 1


def test_the_same_key_with_another_request_is_refused_and_posts_nothing(staff_user):
    _invoice()
    token = issue(staff_user, "read", "write")
    assert _pay(token, "pay-1").status_code == 200
    refused = _pay(token, "pay-1", amount="50.00")
    assert refused.status_code == 422
    assert refused.json() == {
        "errors": [
            {
                "message": "This Idempotency-Key was used with another request in the last 24 hours.",
                "extensions": {"code": "IDEMPOTENCY_KEY_REUSED"},
            }
        ]
    }
    assert list(Receipt.objects.values_list("amount", flat=True)) == [Decimal("100.00")]


def test_keys_are_per_user_and_expire_after_24_hours(staff_user):
    _invoice()
    other = User.objects.create_user(username="fin2", password="pw-fin2-123", is_staff=True)
    other.user_permissions.set(staff_user.user_permissions.all())
    assert _pay(issue(staff_user, "read", "write"), "k-1").status_code == 200
    assert _pay(issue(other, "read", "write"), "k-1").json()["data"]["recordPayment"]["errors"] == []
    assert Receipt.objects.count() == 2
    IdempotencyKey.objects.update(created_at=timezone.now() - dt.timedelta(hours=24, seconds=1))
    assert "Idempotent-Replayed" not in _pay(issue(staff_user, "read", "write"), "k-1")
    assert Receipt.objects.count() == 3


def test_without_a_key_or_on_a_query_nothing_is_stored(staff_user):
    _invoice()
    token = issue(staff_user, "read", "write")
    _pay(token, None)
    _pay(token, None)
    query = HttpClient().post(
        "/graphql",
        data=json.dumps({"query": "{ viewer { username } }"}),
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}", "Idempotency-Key": "q-1"},
    )
    assert query.json() == {"data": {"viewer": {"username": "sam"}}}
    assert Receipt.objects.count() == 2
    assert IdempotencyKey.objects.count() == 0


def test_a_malformed_key_is_refused(staff_user):
    _invoice()
    response = _pay(issue(staff_user, "read", "write"), "two words")
    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"] == {"code": "IDEMPOTENCY_KEY_INVALID"}
    assert Receipt.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_requests_with_one_key_post_once(staff_user):
    _invoice()
    token = issue(staff_user, "read", "write")
    start = threading.Barrier(2)
    responses = []

    def send() -> None:
        try:
            start.wait()
            responses.append(_pay(token, "concurrent-1"))
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)

    assert [r.status_code for r in responses] == [200, 200]
    assert responses[0].content == responses[1].content
    assert sorted(r.get("Idempotent-Replayed", "") for r in responses) == ["", "true"]
    assert Receipt.objects.count() == 1
