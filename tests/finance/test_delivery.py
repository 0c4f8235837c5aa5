"""Email delivery against a real SMTP server (aiosmtpd, started here): the invoice with its PDF,
read back from the server; a refused connection is recorded and retried; never sent twice."""

import datetime as dt
import email
from email import policy

import pytest
from aiosmtpd.controller import Controller

from kserp.errors import ValidationFailed
from kserp.finance.delivery import delivery_queue, delivery_send
from kserp.finance.invoicing import invoice_credit
from kserp.finance.models import DocumentDelivery
from tests.support.finance import three_invoices
from tests.support.services import free_port


class Inbox:
    def __init__(self) -> None:
        self.messages: list[tuple[list[str], bytes]] = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((list(envelope.rcpt_tos), envelope.content))
        return "250 OK"


@pytest.fixture
def smtp(settings):
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    settings.DEFAULT_FROM_EMAIL = "accounts@ks.example"
    yield inbox
    controller.stop()


def test_an_invoice_is_emailed_with_its_pdf_once(db, smtp, django_capture_on_commit_callbacks, monkeypatch):
    invoice, _, _ = three_invoices()
    sent_ids = []
    monkeypatch.setattr("kserp.finance.delivery._send", sent_ids.append)  # the actor's queueing
    with django_capture_on_commit_callbacks(execute=True):
        delivery = delivery_queue(kind="INVOICE", client=invoice.client, invoice=invoice, to=["ap@acme.example"])
    assert sent_ids == [delivery.pk] and delivery.status == "QUEUED"

    delivery_send(delivery_id=delivery.pk)
    delivery_send(delivery_id=delivery.pk)  # run twice: sent once

    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_error) == ("SENT", 1, "")
    ((rcpt, raw),) = smtp.messages
    message = email.message_from_bytes(raw, policy=policy.default)
    assert rcpt == ["ap@acme.example"]
    assert message["Subject"] == "Tax invoice AU-000001 from KSAU Pty Ltd"
    assert message["From"] == "accounts@ks.example"
    assert "quote AU-000001 as the payment reference" in message.get_body(preferencelist=("plain",)).get_content()
    (attachment,) = list(message.iter_attachments())
    assert attachment.get_filename() == "AU-000001.pdf" and attachment.get_content_type() == "application/pdf"
    assert attachment.get_content().startswith(b"%PDF")


def test_a_credit_note_and_a_statement_go_by_the_same_path(db, smtp, monkeypatch):
    invoice, _, _ = three_invoices()
    monkeypatch.setattr("kserp.finance.delivery._send", lambda pk: None)
    note, _ = invoice_credit(invoice=invoice, reason="Wrong PO", issue_date=dt.date(2025, 8, 1))
    for kind, extra in (("CREDIT_NOTE", {"credit_note": note}), ("REMINDER", {})):
        delivery = delivery_queue(kind=kind, client=invoice.client, to=["ap@acme.example"], **extra)
        delivery_send(delivery_id=delivery.pk)
    subjects = [email.message_from_bytes(raw, policy=policy.default)["Subject"] for _, raw in smtp.messages]
    assert subjects == ["Credit note CN-AU-000001 for invoice AU-000001", "Overdue invoices for Acme Pty Ltd"]
    files = [
        next(email.message_from_bytes(raw, policy=policy.default).iter_attachments()).get_filename()
        for _, raw in smtp.messages
    ]
    assert files == ["CN-AU-000001.pdf", "statement-ACME.pdf"]


def test_a_failed_delivery_is_recorded_and_raised_for_a_retry_and_bad_addresses_are_refused(db, settings, monkeypatch):
    invoice, _, _ = three_invoices()
    monkeypatch.setattr("kserp.finance.delivery._send", lambda pk: None)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", free_port(), 2  # nobody listens
    with pytest.raises(ValidationFailed) as bad:
        delivery_queue(kind="INVOICE", client=invoice.client, invoice=invoice, to=["not an address"])
    assert [(e.field, e.code) for e in bad.value.errors] == [("to[0]", "INVALID")]
    delivery = delivery_queue(kind="INVOICE", client=invoice.client, invoice=invoice, to=["ap@acme.example"])

    with pytest.raises(RuntimeError):
        delivery_send(delivery_id=delivery.pk)

    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("FAILED", 1)
    assert "ConnectionRefusedError" in delivery.last_error
    assert DocumentDelivery.objects.count() == 1


def test_a_billing_run_queues_its_invoices_to_the_billing_contacts_when_asked(db, settings, monkeypatch):
    from tests.support.finance import bill_weeks
    from tests.support.orders import make_job_order

    monkeypatch.setattr("kserp.finance.delivery._send", lambda pk: None)
    monkeypatch.setattr("kserp.billing.runs.billing_recipients", lambda client: ["ap@acme.example"])
    monkeypatch.setattr("kserp.finance.delivery.billing_recipients", lambda client: ["ap@acme.example"])
    settings.KSERP_EMAIL_INVOICES_AFTER_RUN = False
    (quiet,) = bill_weeks(make_job_order(), weeks=1)
    assert not DocumentDelivery.objects.exists()

    settings.KSERP_EMAIL_INVOICES_AFTER_RUN = True
    (sent,) = bill_weeks(quiet.lines.first().job_order, weeks=1, first=dt.date(2025, 7, 14))

    assert list(DocumentDelivery.objects.values_list("kind", "invoice_id", "recipients", "status")) == [
        ("INVOICE", sent.pk, ["ap@acme.example"], "QUEUED")
    ]
