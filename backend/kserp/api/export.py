"""Table exports as XLSX (docs/analytics.md, "Exports"): the app posts the table it shows (already
read through the API with the caller's permissions) and gets it back as a workbook. Staff only;
nothing is read from the database here, so nothing can leak that the table did not already show."""

from __future__ import annotations

import io
import json
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.http import require_POST
from openpyxl import Workbook

MAX_ROWS = 20_000
MAX_COLUMNS = 50


def _cell(value: Any) -> Any:
    """Numbers written as strings by the API ("1234.50") become numbers; the rest stays text."""
    if isinstance(value, bool) or value is None:
        return "" if value is None else str(value)
    if isinstance(value, int | float):
        return value
    text = str(value)[:1000]
    if re.fullmatch(r"-?\d+(\.\d+)?", text):
        try:
            return Decimal(text)
        except InvalidOperation:
            return text
    return text.lstrip("=+-@") if text[:1] in "=+@" else text  # never a formula


@require_POST
def table_xlsx_view(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated or not request.user.is_staff or getattr(request.user, "client_id", None):
        return JsonResponse({"error": "Only staff may export."}, status=403)
    try:
        table = json.loads(request.body)
        title = str(table["title"])[:31] or "Table"
        columns = [str(c) for c in table["columns"]][:MAX_COLUMNS]
        rows = table["rows"]
        if not isinstance(rows, list) or len(rows) > MAX_ROWS:
            raise ValueError("rows")
    except (ValueError, KeyError, TypeError):
        return JsonResponse({"error": "Send {title, columns, rows}."}, status=400)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = re.sub(r"[\[\]:*?/\\]", " ", title)
    sheet.append(columns)
    for row in rows:
        sheet.append([_cell(v) for v in (row if isinstance(row, list) else [])][: len(columns)])
    out = io.BytesIO()
    book.save(out)
    response = HttpResponse(
        out.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    filename = re.sub(r"[^A-Za-z0-9_-]+", "-", title).strip("-") or "table"
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    response["Cache-Control"] = "private, no-store"
    return response
