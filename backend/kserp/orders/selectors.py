"""Reads of the orders domain."""

from __future__ import annotations

from django.db.models import QuerySet

from kserp.orders.models import JobOrder


def job_order_list() -> QuerySet[JobOrder]:
    return JobOrder.objects.all()
