"""Webhooks against a real HTTP receiver started by the test (tests/support/webhooks.py)."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from django.core import mail
from django.db import transaction
from strawberry.relay.utils import to_base64

from kserp.billing.models import BillingRun, BillingRunStatus
from kserp.billing.runs import billing_run_start
from kserp.finance.invoicing import receipt_record
from kserp.finance.models import Invoice
from kserp.identity.models import AuditEvent, User
from kserp.orders.timesheets import timesheet_approve, timesheet_submit
from kserp.webhooks import signing
from kserp.webhooks.events import EVENT_TYPES
from kserp.webhooks.models import DeliveryStatus, WebhookAttempt, WebhookDelivery, WebhookEvent
from kserp.webhooks.services import (
    event_emit,
    webhook_delivery_attempt,
    webhook_delivery_resend,
    webhook_endpoint_create,
    webhook_endpoint_enable,
    webhook_endpoint_rotate_secret,
)
from tests.support.access import two_clients
from tests.support.orders import WEEK, make_job_order, week_entries
from tests.support.webhooks import webhook_receiver

ALL_TYPES = list(EVENT_TYPES)


def _wait(condition, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


@pytest.mark.django_db(transaction=True)
def test_deliveries_are_signed_retried_after_a_500_and_ordered_per_object(worker, settings):
    settings.KSERP_WEBHOOK_RETRY_SCHEDULE = [0.3, 0.3, 0.3]
    with webhook_receiver() as receiver:
        # The first invoice.issued request fails; everything else is accepted.
        receiver.answer = lambda before, event: (
            500 if event["type"] == "invoice.issued" and all(r.event["type"] != event["type"] for r in before) else 200
        )
        endpoint = webhook_endpoint_create(name="Warehouse", url=receiver.url, event_types=ALL_TYPES)
        job_order = make_job_order()
        timesheet = timesheet_submit(job_order=job_order, week_starting=WEEK, entries=week_entries())
        timesheet_approve(timesheet=timesheet)
        run = billing_run_start(entity=job_order.entity, period_end=WEEK + dt.timedelta(days=6))
        _wait(lambda: BillingRun.objects.get(pk=run.pk).status == BillingRunStatus.COMPLETED)
        invoice = Invoice.objects.get()
        receipt_record(invoice=invoice, amount=invoice.total, reference="EFT 1")

        events = list(WebhookEvent.objects.order_by("id"))
        assert [e.type for e in events] == [
            "timesheet.approved",
            "invoice.issued",
            "billing_run.completed",
            "receipt.recorded",
            "invoice.paid",
        ]
        received = receiver.wait_for(lambda rs: len([r for r in rs if r.status == 200]) == len(events))
        time.sleep(0.5)  # nothing more arrives
        assert len(receiver.requests) == len(events) + 1

    for request in received:
        assert signing.signature_verify(endpoint.secret, request.headers[signing.SIGNATURE_HEADER], request.body)
        assert request.headers[signing.EVENT_ID_HEADER] == request.event["id"]
    succeeded = [r.event["id"] for r in received if r.status == 200]
    assert sorted(succeeded) == sorted(e.uid for e in events)  # each event once
    invoice_id = to_base64("Invoice", invoice.pk)
    about_invoice = [(r.event["type"], r.status) for r in received if r.event["data"]["object"]["id"] == invoice_id]
    assert about_invoice == [("invoice.issued", 500), ("invoice.issued", 200), ("invoice.paid", 200)]
    issued = WebhookDelivery.objects.get(event__type="invoice.issued")
    assert issued.status == DeliveryStatus.SUCCEEDED
    assert list(issued.attempt_log.values_list("number", "status_code")) == [(1, 500), (2, 200)]
    first = received[0].event
    assert first == {
        "id": events[0].uid,
        "type": "timesheet.approved",
        "createdAt": events[0].created_at.isoformat(),
        "data": {"object": {"type": "Timesheet", "id": to_base64("Timesheet", timesheet.pk)}},
    }


def test_a_client_bound_endpoint_receives_only_its_clients_events(db):
    agency_hook = webhook_endpoint_create(name="Agency DW", url="https://dw.example/all", event_types=ALL_TYPES)
    clients = two_clients()  # bills, credits and receives for both clients: an unbound endpoint gets it all
    # 10, the two receipts held on account and BETA's entity's pay run (tests/support/access.py)
    assert WebhookEvent.objects.count() == 13
    assert WebhookEvent.objects.filter(type="pay_run.completed").count() == 1
    assert WebhookDelivery.objects.filter(endpoint=agency_hook).count() == 13
    WebhookEvent.objects.all().delete()

    acme_hook = webhook_endpoint_create(
        name="ACME AP", url="https://acme.example/hooks", event_types=ALL_TYPES, client_id=clients.a.client.pk
    )
    nz_hook = webhook_endpoint_create(
        name="NZ warehouse", url="https://dw.example/hooks", event_types=ALL_TYPES, entity_id=clients.b.entity.pk
    )
    for side in (clients.a, clients.b):
        event_emit(type="invoice.issued", obj=side.invoice)
        event_emit(type="billing_run.completed", obj=side.run)
        event_emit(
            type="timesheet.approved",
            obj=side.approved,
            client_id=side.client.pk,
            entity_id=side.entity.pk,
        )

    assert WebhookDelivery.objects.filter(endpoint=agency_hook).count() == 6
    acme = WebhookDelivery.objects.filter(endpoint=acme_hook).select_related("event")
    assert sorted((d.event.type, d.event.client_id) for d in acme) == [
        ("invoice.issued", clients.a.client.pk),
        ("timesheet.approved", clients.a.client.pk),
    ]
    nz = WebhookDelivery.objects.filter(endpoint=nz_hook).select_related("event")
    assert sorted((d.event.type, d.event.entity_id) for d in nz) == [
        ("billing_run.completed", clients.b.entity.pk),
        ("invoice.issued", clients.b.entity.pk),
        ("timesheet.approved", clients.b.entity.pk),
    ]


def test_nothing_is_stored_when_no_endpoint_subscribes(db):
    webhook_endpoint_create(name="Payroll", url="https://payroll.example/hooks", event_types=["pay_run.completed"])
    job_order = make_job_order()
    timesheet = timesheet_submit(job_order=job_order, week_starting=WEEK, entries=week_entries())
    timesheet_approve(timesheet=timesheet)
    assert WebhookEvent.objects.count() == 0
    assert WebhookDelivery.objects.count() == 0


def test_persistent_failure_disables_the_endpoint_tells_the_admins_and_a_resend_delivers(
    db, settings, django_capture_on_commit_callbacks
):
    settings.KSERP_WEBHOOK_RETRY_SCHEDULE = [0, 0]
    User.objects.create_superuser(username="root", email="root@agency.example", password="pw-root-123")
    job_order = make_job_order()
    with webhook_receiver() as receiver:
        receiver.answer = lambda before, event: 503
        endpoint = webhook_endpoint_create(name="Flaky", url=receiver.url, event_types=["timesheet.approved"])
        timesheet = timesheet_submit(job_order=job_order, week_starting=WEEK, entries=week_entries())
        timesheet_approve(timesheet=timesheet)
        delivery = WebhookDelivery.objects.get()
        with django_capture_on_commit_callbacks(execute=True):
            for _ in range(3):
                webhook_delivery_attempt(delivery_id=delivery.pk)
            assert webhook_delivery_attempt(delivery_id=delivery.pk) is None  # no fourth attempt

        delivery.refresh_from_db()
        endpoint.refresh_from_db()
        assert (delivery.status, delivery.attempts, delivery.last_status_code) == (DeliveryStatus.FAILED, 3, 503)
        assert endpoint.is_active is False
        assert endpoint.disabled_reason.startswith(f"Every attempt of delivery {delivery.pk} failed")
        assert AuditEvent.objects.filter(action="webhook_endpoint.disable", object_id=str(endpoint.pk)).count() == 1
        assert [m.to for m in mail.outbox] == [["root@agency.example"]]
        assert mail.outbox[0].subject == "KS-ERP: webhook endpoint Flaky disabled"

        receiver.answer = lambda before, event: 204
        webhook_endpoint_enable(endpoint=endpoint)
        webhook_delivery_resend(delivery=delivery)
        webhook_delivery_attempt(delivery_id=delivery.pk)
        delivery.refresh_from_db()
        assert delivery.status == DeliveryStatus.SUCCEEDED
        assert [r.status for r in receiver.requests] == [503, 503, 503, 204]
        assert {r.event["id"] for r in receiver.requests} == {delivery.event.uid}
        assert WebhookAttempt.objects.filter(delivery=delivery).count() == 4


def test_a_rotated_secret_signs_alongside_the_old_one_until_it_expires(db):
    job_order = make_job_order()
    with webhook_receiver() as receiver:
        endpoint = webhook_endpoint_create(name="Rotating", url=receiver.url, event_types=["timesheet.approved"])
        old_secret = endpoint.secret
        endpoint = webhook_endpoint_rotate_secret(endpoint=endpoint, overlap=dt.timedelta(hours=1))
        with transaction.atomic():
            timesheet = timesheet_submit(job_order=job_order, week_starting=WEEK, entries=week_entries())
            timesheet_approve(timesheet=timesheet)
        webhook_delivery_attempt(delivery_id=WebhookDelivery.objects.get().pk)
        (request,) = receiver.requests
        header = request.headers[signing.SIGNATURE_HEADER]
        assert header.count("v1=") == 2
        assert signing.signature_verify(endpoint.secret, header, request.body)
        assert signing.signature_verify(old_secret, header, request.body)
        assert endpoint.secret != old_secret


def test_a_signature_is_refused_when_stale_or_the_body_changed():
    body = b'{"id":"evt_1"}'
    header = signing.signature_header(["whsec_a"], 1_700_000_000, body)
    assert signing.signature_verify("whsec_a", header, body, now=1_700_000_299)
    assert not signing.signature_verify("whsec_a", header, body, now=1_700_000_301)
    assert not signing.signature_verify("whsec_a", header, body + b" ", now=1_700_000_000)
    assert not signing.signature_verify("whsec_b", header, body, now=1_700_000_000)


def test_an_error_of_ours_while_attempting_frees_the_delivery_for_a_retry(db, monkeypatch):
    job_order = make_job_order()
    with webhook_receiver() as receiver:
        webhook_endpoint_create(name="Steady", url=receiver.url, event_types=["timesheet.approved"])
        timesheet = timesheet_submit(job_order=job_order, week_starting=WEEK, entries=week_entries())
        timesheet_approve(timesheet=timesheet)
        delivery = WebhookDelivery.objects.get()

        def broken(*args, **kwargs):
            raise RuntimeError("database went away")

        monkeypatch.setattr("kserp.webhooks.services._post", broken)
        with pytest.raises(RuntimeError):
            webhook_delivery_attempt(delivery_id=delivery.pk)
        delivery.refresh_from_db()
        assert (delivery.status, delivery.attempts, delivery.locked_until) == (DeliveryStatus.PENDING, 0, None)

        monkeypatch.undo()
        webhook_delivery_attempt(delivery_id=delivery.pk)
        delivery.refresh_from_db()
        assert (delivery.status, delivery.attempts, [r.status for r in receiver.requests]) == (
            DeliveryStatus.SUCCEEDED,
            1,
            [200],
        )
