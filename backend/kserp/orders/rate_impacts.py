"""What a rate change does to job orders, before it is saved (docs/workspace.md).

`rate_change_preview` answers "which job orders' rates move, and by how much" by running the real
change in a savepoint, pricing the job orders before and after, and rolling it back: the preview
passes exactly the checks the change will, and stores nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet

from kserp.orders.models import JobOrder, JobOrderStatus
from kserp.orders.pricing import price_quote
from kserp.rates import engine


@dataclass(frozen=True)
class RateImpact:
    """One job order whose rates for `pay_code` on `on` move with the change."""

    job_order: Any
    pay_code: str
    on: dt.date
    bill_before: Decimal | None
    bill_after: Decimal | None
    pay_before: Decimal | None
    pay_after: Decimal | None

    @property
    def bill_difference(self) -> Decimal | None:
        if self.bill_before is None or self.bill_after is None:
            return None
        return self.bill_after - self.bill_before


class _Preview(Exception):
    """Raised to roll the savepoint back once the prices after the change are known."""


def open_job_orders(valid_from: dt.date, **agreement: Any) -> QuerySet[Any]:
    """Job orders not ended before `valid_from`, not completed or cancelled, with both agreements."""
    return (
        JobOrder.objects.filter(**agreement)
        .filter(Q(end__isnull=True) | Q(end__gte=valid_from))
        .exclude(status__in=[JobOrderStatus.COMPLETED, JobOrderStatus.CANCELLED])
        .exclude(pay_agreement__isnull=True)
        .exclude(bill_agreement__isnull=True)
        .select_related("entity", "client", "payee", "pay_agreement", "bill_agreement")
        .order_by("code")
    )


def _prices(job_orders: Iterable[Any], pay_code: str, valid_from: dt.date) -> dict[int, tuple[Any, Any]]:
    prices: dict[int, tuple[Any, Any]] = {}
    for job_order in job_orders:
        on = max(valid_from, job_order.start)
        try:
            line = price_quote(job_order, pay_code, Decimal("1"), on)
        except engine.EngineError:
            prices[job_order.pk] = (None, None)
            continue
        prices[job_order.pk] = (line.bill_rate, line.pay_rate)
    return prices


def rate_change_preview(
    *, change: Callable[[], Any], job_orders: QuerySet[Any], pay_code: str, valid_from: dt.date
) -> list[RateImpact]:
    """The job orders whose bill or pay rate for `pay_code` changes if `change()` runs (it raises
    `ValidationFailed` as it would for real). Nothing is stored."""
    candidates = list(job_orders)
    before = _prices(candidates, pay_code, valid_from)
    after: dict[int, tuple[Any, Any]] = {}
    try:
        with transaction.atomic():
            change()
            after = _prices(candidates, pay_code, valid_from)
            raise _Preview
    except _Preview:
        pass
    return [
        RateImpact(job, pay_code, max(valid_from, job.start), *_pair(before[job.pk], after[job.pk]))
        for job in candidates
        if before[job.pk] != after[job.pk]
    ]


def _pair(before: tuple[Any, Any], after: tuple[Any, Any]) -> tuple[Any, Any, Any, Any]:
    return before[0], after[0], before[1], after[1]
