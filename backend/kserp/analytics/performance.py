"""Consultant performance, worker utilisation, the redeployment list and the morning's to-do list
(docs/analytics.md, "Performance and utilisation")."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, Sum

from kserp.analytics.margins import Window, hour_codes
from kserp.base.money import round_half_up
from kserp.orders.models import BillLine, JobOrder, JobOrderStatus, Timesheet, TimesheetStatus

#: Hours a worker is available in a week of a job order (a full-time week).
STANDARD_WEEK_HOURS = Decimal("38")
#: Days ahead in which a placement's end puts its worker on the redeployment list.
REDEPLOY_DAYS = 28


@dataclass(frozen=True)
class Utilisation:
    payee: str
    name: str
    hours_worked: Decimal
    hours_available: Decimal

    @property
    def percent(self) -> Decimal | None:
        if not self.hours_available:
            return None
        return round_half_up(self.hours_worked * 100 / self.hours_available, 1)


def _weeks_overlapping(start: dt.date, end: dt.date | None, window: Window) -> int:
    """Whole weeks (Monday..Sunday, counted by their Sunday inside the window) the job order runs in."""
    first = window.date_from + dt.timedelta(days=(6 - window.date_from.weekday()))  # the first Sunday
    count = 0
    sunday = first
    while sunday <= window.date_to:
        if start <= sunday and (end is None or end >= sunday - dt.timedelta(days=6)):
            count += 1
        sunday += dt.timedelta(days=7)
    return count


def worker_utilisation(*, window: Window, entity_id: int | None = None) -> list[Utilisation]:
    """Per worker (payee): hours billed in hour-unit pay codes ÷ hours available (38 per week of the
    window each of their job orders ran in), 1 decimal."""
    jobs = JobOrder.objects.filter(start__lte=window.date_to).filter(Q(end__isnull=True) | Q(end__gte=window.date_from))
    jobs = jobs.exclude(status=JobOrderStatus.DRAFT)
    if entity_id is not None:
        jobs = jobs.filter(entity_id=entity_id)
    available: dict[str, Decimal] = defaultdict(Decimal)
    names: dict[str, str] = {}
    for code, name, start, end in jobs.values_list("payee__code", "payee__name", "start", "end"):
        available[code] += STANDARD_WEEK_HOURS * _weeks_overlapping(start, end, window)
        names[code] = name
    worked = dict(
        BillLine.objects.filter(
            job_order__in=jobs,
            pay_code__in=hour_codes(),
            week_ending__gte=window.date_from,
            week_ending__lte=window.date_to,
        )
        .order_by()
        .values_list("job_order__payee__code")
        .annotate(hours=Sum("quantity"))
    )
    return [
        Utilisation(code, names[code], worked.get(code) or Decimal(0), available[code]) for code in sorted(available)
    ]


@dataclass(frozen=True)
class Ending:
    job_order: str
    title: str
    client: str
    payee: str
    payee_name: str
    consultant: str
    end: dt.date | None  # never None: the query asks for an end date


def placements_ending(*, today: dt.date, days: int = REDEPLOY_DAYS, consultant_id: int | None = None) -> list[Ending]:
    """ACTIVE job orders ending from today to today + `days`: the workers to redeploy."""
    jobs = JobOrder.objects.filter(
        status=JobOrderStatus.ACTIVE, end__gte=today, end__lte=today + dt.timedelta(days=days)
    ).order_by("end", "code")
    if consultant_id is not None:
        jobs = jobs.filter(consultant_id=consultant_id)
    return [
        Ending(code, title, client, payee, payee_name, consultant or "", end)
        for code, title, client, payee, payee_name, consultant, end in jobs.values_list(
            "code", "title", "client__code", "payee__code", "payee__name", "consultant__username", "end"
        )
    ]


def timesheets_to_approve(*, consultant_id: int | None = None, client_id: int | None = None) -> int:
    sheets = Timesheet.objects.filter(status=TimesheetStatus.SUBMITTED)
    if consultant_id is not None:
        sheets = sheets.filter(job_order__consultant_id=consultant_id)
    if client_id is not None:
        sheets = sheets.filter(job_order__client_id=client_id)
    return sheets.count()


def active_placements(*, client_id: int | None = None) -> dict[str, int]:
    """Active job orders per consultant username ('' unassigned)."""
    jobs = JobOrder.objects.filter(status=JobOrderStatus.ACTIVE)
    if client_id is not None:
        jobs = jobs.filter(client_id=client_id)
    return {
        (row["consultant__username"] or ""): row["n"]
        for row in jobs.order_by().values("consultant__username").annotate(n=Count("pk"))
    }
