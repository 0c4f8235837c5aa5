"""Email delivery of invoices, credit notes, statements and overdue reminders (docs/finance.md,
"Delivery"): Django's email framework (SMTP from the environment, the console in embedded mode),
one `DocumentDelivery` row per email, sent by a dramatiq actor after commit, retried on failure,
never sent twice (a SENT row is left alone)."""

from __future__ import annotations

import datetime as dt
import io
import logging
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table

from kserp.crm.models import Client
from kserp.errors import ServiceError, ValidationFailed
from kserp.finance.errors import FinanceErrorCode as Code
from kserp.finance.models import (
    CreditNote,
    DeliveryKind,
    DeliveryStatus,
    DocumentDelivery,
    Invoice,
)
from kserp.finance.pdf import credit_note_pdf, invoice_pdf
from kserp.finance.receivables import OPEN_STATUSES
from kserp.identity.audit import audit_record

logger = logging.getLogger(__name__)
ZERO = Decimal("0.00")


def billing_recipients(client: Client) -> list[str]:
    """The client's billing contacts' addresses, when contacts are recorded (crm contacts marked
    `billing`); else none, and the caller names the recipients."""
    contacts = getattr(client, "contacts", None)
    if contacts is None:
        return []
    try:
        return sorted({c.email for c in contacts.filter(billing=True) if getattr(c, "email", "")})
    except Exception:  # contacts without a billing flag
        return []


def _recipients(client: Client, to: Sequence[str] | None) -> list[str]:
    chosen = [address.strip() for address in (to or []) if address.strip()] or billing_recipients(client)
    errors = []
    for i, address in enumerate(chosen):
        try:
            validate_email(address)
        except ValidationError:
            errors.append(ServiceError(Code.INVALID, f"{address!r} is not an email address.", f"to[{i}]"))
    if not chosen:
        errors.append(ServiceError(Code.REQUIRED, f"{client.code} has no billing contact: name the recipients.", "to"))
    if errors:
        raise ValidationFailed(errors)
    return chosen


def delivery_queue(
    *,
    kind: str,
    client: Client,
    to: Sequence[str] | None = None,
    invoice: Invoice | None = None,
    credit_note: CreditNote | None = None,
    actor: Any = None,
) -> DocumentDelivery:
    """Queue one email: stored now, sent by the `document_delivery_actor` after commit."""
    recipients = _recipients(client, to)
    with transaction.atomic():
        delivery = DocumentDelivery.objects.create(
            kind=kind, client=client, invoice=invoice, credit_note=credit_note, recipients=recipients
        )
        audit_record(
            actor=actor,
            action="delivery.queue",
            instance=delivery,
            before=None,
            after={"kind": kind, "to": recipients, "invoice": invoice.number if invoice else None},
        )
        transaction.on_commit(lambda: _send(delivery.pk))
    return delivery


def _send(delivery_id: int) -> None:
    from kserp.finance.actors import document_delivery_actor

    document_delivery_actor.send(delivery_id)


def overdue_reminders_queue(
    *, entity_id: int, today: dt.date | None = None, actor: Any = None
) -> list[DocumentDelivery]:
    """A reminder (with the client's statement) to every client of the entity owing overdue
    invoices and having billing contacts."""
    today = today or timezone.localdate()
    clients = Client.objects.filter(
        invoices__entity_id=entity_id, invoices__status__in=OPEN_STATUSES, invoices__due_date__lt=today
    ).distinct()
    queued = []
    for client in clients:
        if billing_recipients(client):
            queued.append(delivery_queue(kind=DeliveryKind.REMINDER, client=client, actor=actor))
    return queued


# --- sending (the actor's body) ------------------------------------------------------------------
def delivery_send(*, delivery_id: int) -> DocumentDelivery | None:
    """Send one queued email. A SENT delivery is left alone (safe to run twice); a failure is
    recorded (`attempts`, `last_error`, FAILED) and raised again so that dramatiq retries."""
    with transaction.atomic():
        delivery = (
            DocumentDelivery.objects.select_for_update(of=("self",))
            .select_related("client", "invoice__entity", "invoice__client", "credit_note__invoice__client")
            .filter(pk=delivery_id)
            .first()
        )
        if delivery is None or delivery.status == DeliveryStatus.SENT:
            return delivery
        delivery.attempts += 1
        try:
            _message(delivery).send(fail_silently=False)
        except Exception as exc:
            delivery.status = DeliveryStatus.FAILED
            delivery.last_error = f"{type(exc).__name__}: {exc}"[:500]
            delivery.save(update_fields=["attempts", "status", "last_error"])
            logger.warning("delivery %s failed: %s", delivery_id, delivery.last_error)
        else:
            delivery.status = DeliveryStatus.SENT
            delivery.sent_at = timezone.now()
            delivery.last_error = ""
            delivery.save(update_fields=["attempts", "status", "last_error", "sent_at"])
            return delivery
    raise RuntimeError(f"delivery {delivery_id} failed: {delivery.last_error}")


def _message(delivery: DocumentDelivery) -> EmailMessage:
    client = delivery.client
    if delivery.kind == DeliveryKind.INVOICE and delivery.invoice is not None:
        invoice = delivery.invoice
        subject = f"Tax invoice {invoice.number} from {invoice.entity.name}"
        body = (
            f"Dear {client.name},\n\nPlease find attached tax invoice {invoice.number} for "
            f"{invoice.currency} {invoice.total:,.2f}, due {invoice.due_date.isoformat()}.\n"
            f"Please quote {invoice.number} as the payment reference.\n"
        )
        attachment = (f"{invoice.number}.pdf", invoice_pdf(invoice))
    elif delivery.kind == DeliveryKind.CREDIT_NOTE and delivery.credit_note is not None:
        note = delivery.credit_note
        subject = f"Credit note {note.number} for invoice {note.invoice.number}"
        body = f"Dear {client.name},\n\nPlease find attached credit note {note.number}: {note.reason}.\n"
        attachment = (f"{note.number}.pdf", credit_note_pdf(note))
    else:
        statement = client_statement_pdf(client)
        reminder = delivery.kind == DeliveryKind.REMINDER
        subject = f"{'Overdue invoices' if reminder else 'Statement of account'} for {client.name}"
        body = f"Dear {client.name},\n\n" + (
            "Our records show invoices past their due date; the attached statement lists them.\n"
            if reminder
            else "Please find attached your statement of account.\n"
        )
        attachment = (f"statement-{client.code}.pdf", statement)
    message = EmailMessage(
        subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=list(delivery.recipients)
    )
    message.attach(attachment[0], attachment[1], "application/pdf")
    return message


def client_statement_pdf(client: Client, today: dt.date | None = None) -> bytes:
    """The client's open invoices with what is due on each, overdue ones marked."""
    today = today or timezone.localdate()
    styles = getSampleStyleSheet()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, title=f"Statement {client.code}", leftMargin=15 * mm)
    rows: list[list[str]] = [["Invoice", "Issued", "Due", "Total", "Amount due", ""]]
    total = ZERO
    for invoice in Invoice.objects.filter(client=client, status__in=OPEN_STATUSES).order_by("due_date", "number"):
        due = invoice.amount_due
        total += due
        overdue = "overdue" if invoice.due_date < today else ""
        rows.append(
            [invoice.number, invoice.issue_date.isoformat(), invoice.due_date.isoformat(), f"{invoice.total:,.2f}",
             f"{due:,.2f}", overdue]
        )  # fmt: skip
    rows.append(["", "", "", "Total due", f"{total:,.2f}", ""])
    doc.build(
        [
            Paragraph(f"Statement of account: {client.name} ({client.code})", styles["Heading2"]),
            Paragraph(f"As of {today.isoformat()}", styles["Normal"]),
            Spacer(1, 6 * mm),
            Table(rows),
        ]
    )
    return buffer.getvalue()
