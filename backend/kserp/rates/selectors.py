"""Reads of the rates domain."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q, QuerySet

from kserp.orders.models import JobOrder
from kserp.rates import engine
from kserp.rates.compile import hierarchy, job_order_path
from kserp.rates.models import BillAgreement, PayAgreement


def _on_path(job_order: JobOrder, levels: tuple[str, ...]) -> Q:
    nodes = job_order_path(job_order, levels).items()
    query = Q(pk__in=[])
    for level, value in nodes:
        query |= Q(node_level=level, node_value=value)
    return query


def _covering(job_order: JobOrder) -> Q:
    """Validity covering the job order's dates (an open-ended job order needs an open header)."""
    ends = Q(valid_to__isnull=True)
    if job_order.end is not None:
        ends |= Q(valid_to__gte=job_order.end)
    return Q(valid_from__lte=job_order.start) & ends


def bill_agreements_applicable(
    *, job_order: JobOrder, levels: tuple[str, ...] | None = None
) -> QuerySet[BillAgreement]:
    """The bill agreement headers that apply to a job order (DESIGN.md §4.4)."""
    levels = levels or hierarchy()
    return BillAgreement.objects.filter(_on_path(job_order, levels) & _covering(job_order))


def pay_agreements_applicable(*, job_order: JobOrder, levels: tuple[str, ...] | None = None) -> QuerySet[PayAgreement]:
    levels = levels or hierarchy()
    return PayAgreement.objects.filter(_on_path(job_order, levels) & _covering(job_order))


def applicable_among(
    *, job_order: JobOrder, headers: Iterable[BillAgreement], levels: tuple[str, ...]
) -> list[BillAgreement]:
    """The same as `bill_agreements_applicable`, over headers already loaded (no query)."""
    path = job_order_path(job_order, levels)
    return [h for h in headers if engine.applicable(h, levels, path, job_order.start, job_order.end)]
