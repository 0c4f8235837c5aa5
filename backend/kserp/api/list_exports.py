"""CSV and XLSX downloads of the clients, job orders and timesheets list pages (docs/finance.md,
"List exports"): `/exports/lists/<clients|job-orders|timesheets>.<csv|xlsx>` with the list
page's own filters in the query string, read through the same field paths as the GraphQL filters.

Signed-in staff holding the list's view permission only (never portal users). Dates are ISO
(YYYY-MM-DD); amounts and hours are numbers (XLSX: number cells with at least 2 decimal places).
The workbook and CSV writers are finance's (`kserp.finance.exports`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse

from kserp.api.core.filters import contains_any
from kserp.crm.selectors import client_list
from kserp.finance import exports
from kserp.orders.models import Timesheet, TimesheetEntry
from kserp.orders.selectors import job_order_list

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
MAX_ROWS = 50_000


def _param(request: HttpRequest, name: str) -> str:
    return (request.GET.get(name) or "").strip()


def _exact(request: HttpRequest, **paths: str) -> Q:
    """`?param=value` → `path=value` for each given param that is present."""
    query = Q()
    for param, path in paths.items():
        if value := _param(request, param):
            query &= Q(**{path: value})
    return query


def _clients(request: HttpRequest) -> list[exports.Row]:
    # ClientFilter: search (code or name), entity (code), code, name, status.
    found: QuerySet[Any] = client_list().filter(
        contains_any(_param(request, "search"), "", "code", "name"),
        _exact(request, entity="entity__code", code="code", name="name", status="status"),
    )
    rows: list[exports.Row] = [
        ("Code", "Name", "Entity", "Status", "ABN", "Payment terms (days)", "Billing cycle", "PO required",
         "Credit limit", "Updated")
    ]  # fmt: skip
    for c in found.select_related("entity").order_by("code")[:MAX_ROWS]:
        rows.append(
            (c.code, c.name, c.entity.code, c.status, c.abn, c.payment_terms_days, c.billing_cycle,
             "yes" if c.po_required else "no", c.credit_limit, c.updated_at.date())
        )  # fmt: skip
    return rows


def _job_orders(request: HttpRequest) -> list[exports.Row]:
    # JobOrderFilter: search (code, title, client name, payee name), code, status, division,
    # client (code), payee (code).
    found: QuerySet[Any] = job_order_list().filter(
        contains_any(_param(request, "search"), "", "code", "title", "client__name", "payee__name"),
        _exact(request, code="code", status="status", division="division", client="client__code", payee="payee__code"),
    )
    rows: list[exports.Row] = [
        ("Code", "Title", "Client", "Worker", "Entity", "Status", "Division", "Start", "End", "PO number")
    ]
    for j in found.select_related("client", "payee", "entity").order_by("code")[:MAX_ROWS]:
        rows.append(
            (j.code, j.title, j.client.code, j.payee.code, j.entity.code, j.status, j.division, j.start, j.end,
             j.po_number)
        )  # fmt: skip
    return rows


def _entry_hours(entry: TimesheetEntry) -> Decimal:
    """Hours worked of an entry: its hours, or its shift (end - start, next day when overnight)
    less the unpaid break; a unit pay code's entry (a quantity) counts none."""
    if entry.hours is not None:
        return entry.hours
    if entry.start is None or entry.end is None:
        return Decimal("0")
    day = dt.date(2000, 1, 1)
    end = dt.datetime.combine(day + dt.timedelta(days=1 if entry.overnight else 0), entry.end)
    minutes = int((end - dt.datetime.combine(day, entry.start)).total_seconds() // 60) - entry.break_minutes
    return (Decimal(minutes) / 60).quantize(Decimal("0.0001"))


def _timesheets(request: HttpRequest) -> list[exports.Row]:
    # TimesheetFilter: status (the page's view; ALL or absent: any), weekStarting, jobOrder (code),
    # client (code).
    status = _param(request, "status")
    found: QuerySet[Any] = Timesheet.objects.filter(
        _exact(request, weekStarting="week_starting", jobOrder="job_order__code", client="job_order__client__code"),
    )
    if status and status != "ALL":
        found = found.filter(status=status)
    found = found.select_related("job_order__client", "job_order__payee").prefetch_related("entries")
    rows: list[exports.Row] = [
        ("Week starting", "Job order", "Client", "Worker", "Status", "Hours", "Submitted", "Approved")
    ]
    for t in found.order_by("-week_starting", "-id")[:MAX_ROWS]:
        hours = sum((_entry_hours(e) for e in t.entries.all()), Decimal("0"))
        submitted = t.submitted_at.date() if t.submitted_at else None
        approved = t.approved_at.date() if t.approved_at else None
        job = t.job_order
        rows.append((t.week_starting, job.code, job.client.code, job.payee.code, t.status, hours, submitted, approved))
    return rows


#: list → (builder, the permission to read the list)
LISTS: dict[str, tuple[Callable[[HttpRequest], list[exports.Row]], str]] = {
    "clients": (_clients, "crm.view_client"),
    "job-orders": (_job_orders, "orders.view_joborder"),
    "timesheets": (_timesheets, "orders.view_timesheet"),
}


def staff_list_export_view(request: HttpRequest, name: str, fmt: str) -> HttpResponse:
    """`/exports/lists/<clients|job-orders|timesheets>.<csv|xlsx>?<the list's filters>`"""
    user: Any = request.user
    if not user.is_authenticated:
        return JsonResponse({"error": "Sign in first."}, status=401)
    entry = LISTS.get(name)
    if entry is None or fmt not in CONTENT_TYPES:
        return JsonResponse({"error": f"No {name}.{fmt} export."}, status=404)
    build, permission = entry
    if getattr(user, "client_id", None) is not None or not user.is_staff or not user.has_perm(permission):
        return JsonResponse({"error": f"Only staff who may see {name.replace('-', ' ')} may export them."}, status=403)
    try:
        rows = build(request)
    except (ValueError, ValidationError):  # a malformed date or value in the filters
        return JsonResponse({"error": "A filter is not valid (dates are YYYY-MM-DD)."}, status=400)
    content = exports.rows_csv(rows) if fmt == "csv" else exports.rows_xlsx(rows, title=name)
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    response["Cache-Control"] = "private, no-store"
    return response
