"""Reads of the finance domain about invoices and receivables: lists, ageing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db.models import DecimalField, ExpressionWrapper, F, Q, Sum
from django.utils import timezone

from kserp.base.models import Entity
from kserp.finance.models import Invoice, InvoiceStatus

ZERO = Decimal("0.00")
OPEN_STATUSES = (InvoiceStatus.ISSUED, InvoiceStatus.PART_PAID, InvoiceStatus.PART_CREDITED)
AMOUNT_DUE = ExpressionWrapper(
    F("total") - F("amount_paid") - F("amount_credited"), output_field=DecimalField(max_digits=16, decimal_places=2)
)
#: (name, lowest, highest) days past due of each ageing bucket; `current` is not yet due.
BUCKETS = (("days1To30", 1, 30), ("days31To60", 31, 60), ("days61To90", 61, 90), ("days90Plus", 91, None))


def receivables_summary(*, entity: Entity, today: dt.date | None = None) -> dict[str, Any]:
    """Outstanding and overdue receivables of an entity, aged by days past the due date."""
    today = today or timezone.localdate()
    aggregates: dict[str, Any] = {
        "outstanding": Sum(AMOUNT_DUE),
        "overdue": Sum(AMOUNT_DUE, filter=Q(due_date__lt=today)),
        "current": Sum(AMOUNT_DUE, filter=Q(due_date__gte=today)),
    }
    for name, low, high in BUCKETS:
        window = Q(due_date__lte=today - dt.timedelta(days=low))
        if high is not None:
            window &= Q(due_date__gte=today - dt.timedelta(days=high))
        aggregates[name] = Sum(AMOUNT_DUE, filter=window)
    row = Invoice.objects.filter(entity=entity, status__in=OPEN_STATUSES).aggregate(**aggregates)
    # Two places always ("700.00", not "700"): SQLite's SUM loses the scale.
    summary: dict[str, Any] = {key: (value or ZERO).quantize(ZERO) for key, value in row.items()}
    summary.update({"entity": entity.code, "currency": entity.currency, "asOf": today})
    return summary


def receivables_payload(summary: dict[str, Any]) -> dict[str, Any]:
    """JSON-friendly (Decimals and dates as strings) for the channel layer."""
    return {key: (str(value) if isinstance(value, Decimal | dt.date) else value) for key, value in summary.items()}
