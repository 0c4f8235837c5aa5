"""A client turning late. ACME has 30 days' terms; the policy counts its last 2 receipts and flags a
drift of more than 7 days. Three invoices of 1,000.00 paid in 30, 31 and 45 days, then one in 50.

After three receipts: recent = (1000 × 31 + 1000 × 45) / 2000 = 38.0 days, drift 8.0 → late.
After two: (30 + 31) / 2 = 30.5, drift 0.5 → not late.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core import mail

from kserp.analytics.late_payers import dso_at, late_payer_notifications_send, late_payers
from kserp.analytics.models import LatePayerPolicy, Notification
from kserp.finance.invoicing import receipt_record
from kserp.identity.models import User
from tests.analytics.insight_data import invoice, job
from tests.support.orders import make_client

D = Decimal


def _pay(inv, on: str) -> None:
    receipt_record(invoice=inv, amount=inv.total, received_on=dt.date.fromisoformat(on))


def _acme():
    LatePayerPolicy.objects.create(pk=1, drift_days=7, recent_receipts=2, email_account_manager=True)
    cara = User.objects.create_user(username="cara", password="pw-cara-123", email="cara@example.com", is_staff=True)
    acme = make_client("ACME", terms=30)
    job("JO-1", acme, consultant=cara)
    _pay(invoice(acme, "AU-1", "2025-06-01", "2025-07-01", "1000.00"), "2025-07-01")
    _pay(invoice(acme, "AU-2", "2025-07-01", "2025-07-31", "1000.00"), "2025-08-01")
    return acme, cara


def test_a_client_turns_late_when_recent_days_to_pay_drift_past_terms(db):
    acme, _ = _acme()
    before = late_payers(entity=acme.entity, today=dt.date(2025, 8, 2))
    _pay(invoice(acme, "AU-3", "2025-08-01", "2025-08-31", "1000.00"), "2025-09-15")

    after = late_payers(entity=acme.entity, today=dt.date(2025, 9, 16))

    assert [(p.client, p.recent_days_to_pay, p.drift, p.late) for p in before] == [("ACME", D("30.5"), D("0.5"), False)]
    assert [(p.client, p.recent_days_to_pay, p.drift, p.late) for p in after] == [("ACME", D("38.0"), D("8.0"), True)]


def test_the_account_manager_is_notified_once_in_app_and_by_email(db, django_capture_on_commit_callbacks):
    acme, cara = _acme()
    _pay(invoice(acme, "AU-3", "2025-08-01", "2025-08-31", "1000.00"), "2025-09-15")

    with django_capture_on_commit_callbacks(execute=True):
        first = late_payer_notifications_send(entity_id=acme.entity_id, today=dt.date(2025, 9, 16))
    second = late_payer_notifications_send(entity_id=acme.entity_id, today=dt.date(2025, 9, 20))

    assert (first, second) == (1, 0)
    assert list(Notification.objects.values_list("user__username", "kind", "key")) == [
        ("cara", "LATE_PAYER", "ACME:2025-09")
    ]
    assert [(m.to, m.subject) for m in mail.outbox] == [(["cara@example.com"], "Late payer: Acme Pty Ltd")]
    assert (
        cara.notifications.get().message == "Acme Pty Ltd (ACME) now pays in 38.0 days on average against 30-day terms."
    )


def test_dso_is_receivable_over_90_days_sales(db):
    acme = make_client("ACME", terms=30)
    invoice(acme, "AU-1", "2025-08-01", "2025-08-31", "3000.00")
    _pay(invoice(acme, "AU-2", "2025-09-01", "2025-10-01", "6000.00"), "2025-09-20")

    # On 09-30: owed 3,000.00 of 9,000.00 sold in the 90 days → 3000 × 90 / 9000 = 30.0 days.
    assert dso_at(entity=acme.entity, day=dt.date(2025, 9, 30)) == {acme.pk: D("30.0")}
