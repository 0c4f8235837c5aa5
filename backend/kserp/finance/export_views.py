"""Downloads of the exports (kserp.finance.exports): accounting-package CSVs and list pages as
CSV or XLSX. Signed-in finance staff only (`finance.view_journal`); never portal users."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.db.models import Q
from django.http import HttpRequest, HttpResponse, JsonResponse

from kserp.base.models import Entity
from kserp.finance import exports, selectors
from kserp.finance.models import Invoice, Journal, Receipt
from kserp.finance.receivables import OPEN_STATUSES

VIEW_LEDGER = "finance.view_journal"
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _refusal(request: HttpRequest) -> HttpResponse | None:
    user: Any = request.user
    if not user.is_authenticated:
        return JsonResponse({"error": "Sign in first."}, status=401)
    if getattr(user, "client_id", None) is not None or not user.is_staff or not user.has_perm(VIEW_LEDGER):
        return JsonResponse({"error": "Finance staff only."}, status=403)
    return None


def _period(request: HttpRequest) -> tuple[Entity | None, dt.date, dt.date, str | None]:
    """The `entity` (code), `from` and `to` (ISO dates; default: this year) of the query string."""
    try:
        date_to = dt.date.fromisoformat(request.GET.get("to") or dt.date.today().isoformat())
        date_from = dt.date.fromisoformat(request.GET.get("from") or date_to.replace(month=1, day=1).isoformat())
    except ValueError:
        return None, dt.date.min, dt.date.min, "`from` and `to` are dates (YYYY-MM-DD)."
    entity = Entity.objects.filter(code=request.GET.get("entity", "")).first()
    if entity is None:
        return None, date_from, date_to, "Name the entity: ?entity=CODE."
    return entity, date_from, date_to, None


def _download(content: bytes, filename: str, fmt: str) -> HttpResponse:
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def accounting_export_view(request: HttpRequest, product: str, kind: str) -> HttpResponse:
    """`/exports/<xero|myob>/<invoices|credit-notes|receipts|journals>.csv?entity=&from=&to=`"""
    refused = _refusal(request)
    if refused is not None:
        return refused
    build = exports.EXPORTS.get((product, kind))
    if build is None:
        return JsonResponse({"error": f"No {product} {kind} export."}, status=404)
    entity, date_from, date_to, problem = _period(request)
    if problem or entity is None:
        return JsonResponse({"error": problem}, status=400)
    rows = build(entity=entity, date_from=date_from, date_to=date_to)
    name = f"{product}-{kind}-{entity.code}-{date_from.isoformat()}-{date_to.isoformat()}.csv"
    return _download(exports.rows_csv(rows), name, "csv")


def _invoices(request: HttpRequest, entity: Entity, date_from: dt.date, date_to: dt.date) -> list[exports.Row]:
    found = Invoice.objects.filter(entity=entity, issue_date__gte=date_from, issue_date__lte=date_to)
    if request.GET.get("client"):
        found = found.filter(client__code=request.GET["client"])
    if request.GET.get("status"):
        found = found.filter(status=request.GET["status"])
    if request.GET.get("overdue") == "true":
        found = found.filter(status__in=OPEN_STATUSES, due_date__lt=dt.date.today())
    if request.GET.get("search"):
        text = request.GET["search"]
        found = found.filter(
            Q(number__icontains=text) | Q(client__code__icontains=text) | Q(client__name__icontains=text)
        )
    rows: list[exports.Row] = [
        (
            "Number",
            "Client",
            "Issued",
            "Due",
            "Status",
            "Currency",
            "Subtotal",
            "GST",
            "Total",
            "Paid",
            "Credited",
            "Due amount",
        )
    ]
    for i in found.select_related("client").order_by("number"):
        rows.append(
            (i.number, i.client.code, i.issue_date, i.due_date, i.status, i.currency, i.subtotal, i.tax_total, i.total,
             i.amount_paid, i.amount_credited, i.amount_due)
        )  # fmt: skip
    return rows


def _receipts(request: HttpRequest, entity: Entity, date_from: dt.date, date_to: dt.date) -> list[exports.Row]:
    found = Receipt.objects.filter(entity=entity, received_on__gte=date_from, received_on__lte=date_to)
    if request.GET.get("client"):
        found = found.filter(client__code=request.GET["client"])
    rows: list[exports.Row] = [
        ("Received", "Client", "Reference", "Amount", "Unapplied", "Refunded", "Status", "Invoices")
    ]
    for r in found.select_related("client").prefetch_related("allocations__invoice").order_by("received_on", "id"):
        applied = ", ".join(f"{a.invoice.number} {a.amount}" for a in r.allocations.all())
        rows.append((r.received_on, r.client.code, r.reference, r.amount, r.unapplied, r.refunded, r.status, applied))
    return rows


def _journals(request: HttpRequest, entity: Entity, date_from: dt.date, date_to: dt.date) -> list[exports.Row]:
    rows: list[exports.Row] = [("Journal", "Date", "Source", "Memo", "Account", "Debit", "Credit")]
    journals = Journal.objects.filter(entity=entity, date__gte=date_from, date__lte=date_to).order_by("date", "id")
    for journal in journals.prefetch_related("lines__account"):
        for line in journal.lines.all():
            rows.append(
                (journal.pk, journal.date, journal.source, journal.memo, line.account.code, line.debit, line.credit)
            )
    return rows


def _trial_balance(request: HttpRequest, entity: Entity, date_from: dt.date, date_to: dt.date) -> list[exports.Row]:
    report = selectors.trial_balance(entity=entity, as_of=date_to)
    rows: list[exports.Row] = [("Account", "Name", "Debit", "Credit")]
    rows += [(r.account.code, r.account.name, r.debit, r.credit) for r in report.rows]
    rows.append(("", "Total", report.debit_total, report.credit_total))
    return rows


LISTS: dict[str, Callable[[HttpRequest, Entity, dt.date, dt.date], list[exports.Row]]] = {
    "invoices": _invoices,
    "receipts": _receipts,
    "journals": _journals,
    "trial-balance": _trial_balance,
}


def list_export_view(request: HttpRequest, name: str, fmt: str) -> HttpResponse:
    """`/exports/lists/<invoices|receipts|journals|trial-balance>.<csv|xlsx>?entity=&from=&to=`
    with the list page's own filters (client, status, overdue, search)."""
    refused = _refusal(request)
    if refused is not None:
        return refused
    build = LISTS.get(name)
    if build is None or fmt not in CONTENT_TYPES:
        return JsonResponse({"error": f"No {name}.{fmt} export."}, status=404)
    entity, date_from, date_to, problem = _period(request)
    if problem or entity is None:
        return JsonResponse({"error": problem}, status=400)
    rows = build(request, entity, date_from, date_to)
    content = exports.rows_csv(rows) if fmt == "csv" else exports.rows_xlsx(rows, title=name)
    return _download(content, f"{name}-{entity.code}-{date_to.isoformat()}.{fmt}", fmt)
