"""Reads of the orders domain."""

from __future__ import annotations

from django.db.models import QuerySet

from kserp.orders.models import JobOrder, Timesheet, TimesheetStatus


def job_order_list() -> QuerySet[JobOrder]:
    return JobOrder.objects.all()


def timesheets_awaiting_approval_count(*, entity_id: int | None = None) -> int:
    """SUBMITTED timesheets (of one entity, or of all): the dashboard's approval queue."""
    rows = Timesheet.objects.filter(status=TimesheetStatus.SUBMITTED)
    return (rows.filter(job_order__entity_id=entity_id) if entity_id is not None else rows).count()
