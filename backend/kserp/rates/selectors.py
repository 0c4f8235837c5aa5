"""Reads of the rates domain."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet

from kserp.rates.applicability import JobOrderLike, applicable_filter, applies, job_order_path
from kserp.rates.compile import hierarchy
from kserp.rates.models import BillAgreement, PayAgreement


def bill_agreements_applicable(
    *, job_order: JobOrderLike, levels: tuple[str, ...] | None = None
) -> QuerySet[BillAgreement]:
    """The bill agreement headers that apply to a job order (docs/design.md §4.4)."""
    levels = levels or hierarchy()
    return BillAgreement.objects.filter(applicable_filter(job_order, levels))


def pay_agreements_applicable(
    *, job_order: JobOrderLike, levels: tuple[str, ...] | None = None
) -> QuerySet[PayAgreement]:
    levels = levels or hierarchy()
    return PayAgreement.objects.filter(applicable_filter(job_order, levels))


def applicable_among(
    *, job_order: JobOrderLike, headers: Iterable[BillAgreement], levels: tuple[str, ...]
) -> list[BillAgreement]:
    """The same as `bill_agreements_applicable`, over headers already loaded (no query)."""
    path = job_order_path(job_order, levels)
    return [h for h in headers if applies(h, levels, path, job_order.start, job_order.end)]
