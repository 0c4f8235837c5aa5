"""Reads of the orders domain."""

from __future__ import annotations

from django.db.models import QuerySet

from kserp.orders.models import JobOrder


def job_order_list() -> QuerySet[JobOrder]:
    return JobOrder.objects.all()


def job_order_by_code(*, code: str) -> JobOrder | None:
    return (
        JobOrder.objects.select_related("entity", "client", "payee", "pay_agreement", "bill_agreement")
        .filter(code=code)
        .first()
    )
