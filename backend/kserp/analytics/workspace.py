"""The account manager's reads across domains: the top-bar search and a client's timeline
(docs/workspace.md)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from kserp.crm.models import Activity, Client, Contact, Payee
from kserp.finance.models import Invoice, Receipt
from kserp.orders.models import JobOrder


@dataclass(frozen=True)
class SearchHit:
    """One result of the top-bar search: what it is, its code or number, a title and a subtitle."""

    kind: str  # CLIENT | CONTACT | WORKER | JOB_ORDER | INVOICE
    object_id: int
    code: str
    title: str
    subtitle: str


def search(*, text: str, limit: int = 5, include_workers: bool = True) -> list[SearchHit]:
    """Up to `limit` hits per kind whose code, number or name contains `text` (any case)."""
    text = text.strip()
    if len(text) < 2:
        return []
    hits: list[SearchHit] = []
    for client in Client.objects.filter(code__icontains=text).union(Client.objects.filter(name__icontains=text))[
        :limit
    ]:
        hits.append(SearchHit("CLIENT", client.pk, client.code, client.name, client.get_status_display()))
    contacts = (
        Contact.objects.filter(name__icontains=text) | Contact.objects.filter(email__icontains=text)
    ).select_related("client")
    for contact in contacts.order_by("name", "id")[:limit]:
        hits.append(SearchHit("CONTACT", contact.pk, contact.client.code, contact.name, contact.email or contact.role))
    if include_workers:
        payees = Payee.objects.filter(code__icontains=text) | Payee.objects.filter(name__icontains=text)
        for payee in payees.order_by("code")[:limit]:
            hits.append(SearchHit("WORKER", payee.pk, payee.code, payee.name, payee.get_kind_display()))
    job_orders = (
        JobOrder.objects.filter(code__icontains=text) | JobOrder.objects.filter(title__icontains=text)
    ).select_related("client")
    for job_order in job_orders.order_by("code")[:limit]:
        hits.append(SearchHit("JOB_ORDER", job_order.pk, job_order.code, job_order.title, job_order.client.name))
    invoices = Invoice.objects.filter(number__icontains=text).select_related("client")
    for invoice in invoices.order_by("-id")[:limit]:
        hits.append(SearchHit("INVOICE", invoice.pk, invoice.number, invoice.client.name, invoice.status))
    return hits


@dataclass(frozen=True)
class TimelineEntry:
    """One entry on a client's timeline: recorded activities, invoices and payments, newest first."""

    kind: str
    at: dt.datetime
    summary: str
    body: str
    actor: str
    amount: Decimal | None = None


def client_timeline(*, client: Client, limit: int = 50) -> list[TimelineEntry]:
    def midday(day: dt.date) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(day, dt.time(12)))

    entries = [
        TimelineEntry(a.kind, a.occurred_at, a.summary, a.body, a.actor.get_username() if a.actor else "")
        for a in Activity.objects.filter(client=client).select_related("actor")[:limit]
    ]
    for invoice in Invoice.objects.filter(client=client).order_by("-issue_date", "-id")[:limit]:
        entries.append(TimelineEntry("INVOICE", midday(invoice.issue_date), f"Invoice {invoice.number} issued", "",
                                     "", invoice.total))  # fmt: skip
    for receipt in Receipt.objects.filter(client=client).order_by("-id")[:limit]:
        entries.append(TimelineEntry("PAYMENT", midday(receipt.received_on), f"Payment {receipt.reference}", "",
                                     "", receipt.amount))  # fmt: skip
    entries.sort(key=lambda e: e.at, reverse=True)
    return entries[:limit]
