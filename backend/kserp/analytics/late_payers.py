"""Late payers: DSO per client and its trend, drift of recent days-to-pay past terms, ageing
drill-down, and the notification sent when a client turns late (docs/analytics.md, "Late payers")."""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from functools import partial
from typing import Any

from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import F, Q, Sum

from kserp.analytics.events import notifications_publish
from kserp.analytics.models import LatePayerPolicy, Notification, NotificationKind
from kserp.analytics.selectors import money
from kserp.base.models import Entity
from kserp.base.money import round_half_up
from kserp.crm.models import Client
from kserp.finance.models import CreditNote, Invoice, Receipt, ReceiptAllocation, ReceiptStatus
from kserp.finance.receivables import AMOUNT_DUE, OPEN_STATUSES
from kserp.orders.models import JobOrder

logger = logging.getLogger(__name__)
#: DSO looks at sales of this many days before each point.
DSO_DAYS = 90


def policy() -> LatePayerPolicy:
    return LatePayerPolicy.objects.filter(pk=1).first() or LatePayerPolicy(pk=1)


def _outstanding_at(entity: Entity, day: dt.date) -> dict[int, Decimal]:
    """Per client id: invoiced − received − credited, counting documents dated on or before `day`."""
    result: dict[int, Decimal] = defaultdict(Decimal)
    for cid, total in (
        Invoice.objects.filter(entity=entity, issue_date__lte=day).values_list("client_id").annotate(t=Sum("total"))
    ):
        result[cid] += total or 0
    for cid, total in (
        Receipt.objects.filter(entity=entity, received_on__lte=day, status=ReceiptStatus.ACTIVE)
        .values_list("client_id")
        .annotate(t=Sum(F("amount") - F("refunded")))  # cash held on account counts; refunds and bounces do not
    ):
        result[cid] -= total or 0
    for cid, total in (
        CreditNote.objects.filter(entity=entity, issue_date__lte=day)
        .values_list("invoice__client_id")
        .annotate(t=Sum("total"))
    ):
        result[cid] -= total or 0
    return result


def dso_at(*, entity: Entity, day: dt.date) -> dict[int, Decimal | None]:
    """Per client id: days sales outstanding on `day` = receivable ÷ sales of the 90 days to `day`
    × 90, 1 decimal; None without sales in those days."""
    since = day - dt.timedelta(days=DSO_DAYS - 1)
    sales = dict(
        Invoice.objects.filter(entity=entity, issue_date__gte=since, issue_date__lte=day)
        .order_by()
        .values_list("client_id")
        .annotate(t=Sum("total"))
    )
    outstanding = _outstanding_at(entity, day)
    return {
        cid: round_half_up(max(Decimal(0), outstanding.get(cid, Decimal(0))) * DSO_DAYS / sales[cid], 1)
        if sales.get(cid)
        else None
        for cid in set(sales) | set(outstanding)
    }


@dataclass(frozen=True)
class LatePayer:
    client_id: int
    client: str
    name: str
    terms: int
    recent_receipts: int
    recent_days_to_pay: Decimal | None
    drift: Decimal | None  # recent days to pay − terms
    late: bool
    outstanding: Decimal
    overdue: Decimal
    dso: Decimal | None


def late_payers(*, entity: Entity, today: dt.date) -> list[LatePayer]:
    """Every client of the entity with receipts or open invoices: recent days to pay (amount-
    weighted over its last `recent_receipts` receipts) against its terms; late when it exceeds
    terms + `drift_days`."""
    rules = policy()
    recent: dict[int, list[tuple[Decimal, int]]] = defaultdict(list)
    rows = (  # what each active receipt applied to each invoice, on the day it was applied
        ReceiptAllocation.objects.filter(
            receipt__entity=entity, receipt__status=ReceiptStatus.ACTIVE, allocated_on__lte=today
        )
        .order_by("receipt__client_id", "-allocated_on", "-id")
        .values_list("receipt__client_id", "amount", "allocated_on", "invoice__issue_date")
    )
    for cid, amount, received, issued in rows:
        if len(recent[cid]) < rules.recent_receipts:
            recent[cid].append((amount, (received - issued).days))
    open_rows = {
        row["client_id"]: row
        for row in Invoice.objects.filter(entity=entity, status__in=OPEN_STATUSES)
        .order_by()
        .values("client_id")
        .annotate(outstanding=Sum(AMOUNT_DUE), overdue=Sum(AMOUNT_DUE, filter=Q(due_date__lt=today)))
    }
    dso = dso_at(entity=entity, day=today)
    result = []
    for client in Client.objects.filter(pk__in=set(recent) | set(open_rows)).order_by("code"):
        pairs = recent.get(client.pk, [])
        weight = sum((a for a, _ in pairs), Decimal(0))
        days = round_half_up(sum((a * d for a, d in pairs), Decimal(0)) / weight, 1) if weight else None
        drift = days - client.payment_terms_days if days is not None else None
        row: dict[str, Any] = dict(open_rows.get(client.pk) or {})
        result.append(
            LatePayer(
                client_id=client.pk,
                client=client.code,
                name=client.name,
                terms=client.payment_terms_days,
                recent_receipts=len(pairs),
                recent_days_to_pay=days,
                drift=drift,
                late=drift is not None and drift > rules.drift_days,
                outstanding=money(row.get("outstanding")),
                overdue=money(row.get("overdue")),
                dso=dso.get(client.pk),
            )
        )
    return result


def dso_trend(
    *, entity: Entity, today: dt.date, client_id: int | None = None, points: int = 13
) -> list[tuple[dt.date, Decimal | None]]:
    """DSO each week (Sundays, the last `points` of them up to `today`) of one client, or of the
    whole entity when `client_id` is None."""
    result = []
    last = today + dt.timedelta(days=(6 - today.weekday()) - 7) if today.weekday() != 6 else today
    for n in range(points - 1, -1, -1):
        day = last - dt.timedelta(weeks=n)
        if client_id is not None:
            result.append((day, dso_at(entity=entity, day=day).get(client_id)))
            continue
        since = day - dt.timedelta(days=DSO_DAYS - 1)
        sales = Invoice.objects.filter(entity=entity, issue_date__gte=since, issue_date__lte=day).aggregate(
            t=Sum("total")
        )["t"]
        owed = sum(_outstanding_at(entity, day).values(), Decimal(0))
        result.append((day, round_half_up(max(Decimal(0), owed) * DSO_DAYS / sales, 1) if sales else None))
    return result


def account_managers(client: Client) -> list[int]:
    """The consultants of the client's job orders (its account managers)."""
    return sorted(
        set(JobOrder.objects.filter(client=client, consultant__isnull=False).values_list("consultant_id", flat=True))
    )


def late_payer_notifications_send(*, entity_id: int, today: dt.date) -> int:
    """Notify each account manager (in the app, and by email when the policy says so) of each
    client of the entity that is late, once per client and month. Safe to run twice. Returns the
    number of notifications created."""
    entity = Entity.objects.get(pk=entity_id)
    rules = policy()
    created = 0
    users = get_user_model().objects
    for payer in late_payers(entity=entity, today=today):
        if not payer.late:
            continue
        client = Client.objects.get(pk=payer.client_id)
        message = (
            f"{payer.name} ({payer.client}) now pays in {payer.recent_days_to_pay} days on average "
            f"against {payer.terms}-day terms."
        )
        for user_id in account_managers(client):
            try:
                with transaction.atomic():
                    Notification.objects.create(
                        user_id=user_id,
                        kind=NotificationKind.LATE_PAYER,
                        key=f"{payer.client}:{today:%Y-%m}",
                        client=client,
                        message=message,
                    )
            except IntegrityError:
                continue  # already told this month
            created += 1
            notifications_publish(user_id=user_id)
            email = users.filter(pk=user_id).values_list("email", flat=True).first()
            if rules.email_account_manager and email:
                subject = f"Late payer: {payer.name}"
                transaction.on_commit(partial(_email, email, subject, message))
    return created


def _email(to: str, subject: str, message: str) -> None:
    try:
        send_mail(subject, message, None, [to])
    except OSError:
        logger.exception("late-payer email to %s failed", to)


@dataclass(frozen=True)
class OpenInvoice:
    number: str
    client: str
    issue_date: dt.date
    due_date: dt.date
    total: Decimal
    amount_due: Decimal
    days_overdue: int

    @property
    def bucket(self) -> str:
        if self.days_overdue <= 0:
            return "current"
        for name, low, high in (("days1To30", 1, 30), ("days31To60", 31, 60), ("days61To90", 61, 90)):
            if low <= self.days_overdue <= high:
                return name
        return "days90Plus"


def open_invoices(
    *, entity: Entity, today: dt.date, client_id: int | None = None, bucket: str | None = None
) -> list[OpenInvoice]:
    """The open invoices behind an ageing figure (a client's, a bucket's), oldest due first."""
    invoices = Invoice.objects.filter(entity=entity, status__in=OPEN_STATUSES)
    if client_id is not None:
        invoices = invoices.filter(client_id=client_id)
    rows = [
        OpenInvoice(number, client, issued, due, total, money(due_amount), (today - due).days)
        for number, client, issued, due, total, due_amount in invoices.annotate(due_amount=AMOUNT_DUE)
        .values_list("number", "client__code", "issue_date", "due_date", "total", "due_amount")
        .order_by("due_date", "number")
    ]
    return [r for r in rows if bucket is None or r.bucket == bucket]
