"""Bulk import of timesheets from CSV (docs/timesheet-import.md).

Rows are grouped by (job_order, week_starting): each group is one timesheet, submitted with
`timesheet_submit` in its own transaction, so a group is stored whole or not at all. Every problem
is reported with the CSV line number (the header is line 1) and the column.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import QuerySet

from kserp.errors import ValidationFailed
from kserp.orders.models import JobOrder
from kserp.orders.timesheets import EntryInput, parse_decimal, timesheet_submit

COLUMNS = (
    "job_order",
    "week_starting",
    "date",
    "start",
    "end",
    "break_minutes",
    "overnight",
    "hours",
    "pay_code",
    "quantity",
)
REQUIRED = ("job_order", "week_starting", "date")
#: Service paths (`entries[i].breakMinutes`) → CSV columns.
FIELD_COLUMNS = {
    "start": "start",
    "end": "end",
    "breakMinutes": "break_minutes",
    "hours": "hours",
    "payCode": "pay_code",
    "quantity": "quantity",
    "date": "date",
}
MAX_ROWS = 100_000


@dataclass(frozen=True)
class RowError:
    row: int  # the CSV line number; the header is line 1
    column: str | None
    code: str
    message: str


@dataclass
class ImportResult:
    imported: int = 0
    rejected: int = 0
    timesheet_ids: list[int] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _parse_row(line: int, row: dict[str, str], errors: list[RowError]) -> tuple[str, dt.date, EntryInput] | None:
    def value(name: str) -> str:
        return (row.get(name) or "").strip()

    before = len(errors)
    for name in REQUIRED:
        if not value(name):
            errors.append(RowError(line, name, "REQUIRED", f"{name} is required."))
    parsed: dict[str, object] = {}
    for name, parse in (
        ("week_starting", dt.date.fromisoformat),
        ("date", dt.date.fromisoformat),
        ("start", dt.time.fromisoformat),
        ("end", dt.time.fromisoformat),
        ("break_minutes", int),
        ("hours", parse_decimal),
        ("quantity", parse_decimal),
    ):
        if value(name):
            try:
                parsed[name] = parse(value(name))
            except ValueError:
                errors.append(RowError(line, name, "INVALID", f"{value(name)!r} is not a valid {name}."))
    overnight = value("overnight").lower()
    if overnight not in ("", "true", "false", "yes", "no", "1", "0"):
        errors.append(RowError(line, "overnight", "INVALID", "Use true or false."))
    if len(errors) > before:
        return None
    entry = EntryInput(
        date=parsed["date"],  # type: ignore[arg-type]
        start=parsed.get("start"),  # type: ignore[arg-type]
        end=parsed.get("end"),  # type: ignore[arg-type]
        break_minutes=parsed.get("break_minutes", 0),  # type: ignore[arg-type]
        overnight=overnight in ("true", "yes", "1"),
        hours=parsed.get("hours"),  # type: ignore[arg-type]
        pay_code=value("pay_code") or None,
        quantity=parsed.get("quantity"),  # type: ignore[arg-type]
    )
    return value("job_order"), parsed["week_starting"], entry  # type: ignore[return-value]


class _RollBack(Exception):
    pass


def timesheets_import_csv(
    *, text: str, all_or_nothing: bool = False, actor: Any = None, job_orders: QuerySet[JobOrder] | None = None
) -> ImportResult:
    """Import every row group that is valid and report every problem of the others; with
    `all_or_nothing`, any problem stores nothing at all. `job_orders`: the job orders the caller
    may reach (others are unknown codes); `actor` is recorded on each timesheet's audit event."""
    if not all_or_nothing:
        return _import(text, actor, job_orders)
    result = ImportResult()
    try:
        with transaction.atomic():
            result = _import(text, actor, job_orders)
            if result.errors:
                raise _RollBack
    except _RollBack:
        result.rejected += result.imported
        result.imported = 0
        result.timesheet_ids = []
    return result


def _import(text: str, actor: Any = None, visible: QuerySet[JobOrder] | None = None) -> ImportResult:
    result = ImportResult()
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [name.strip() for name in (reader.fieldnames or [])]
    missing = [name for name in REQUIRED if name not in header]
    unknown = [name for name in header if name not in COLUMNS]
    if missing or unknown:
        result.errors += [RowError(1, name, "MISSING_COLUMN", f"Column {name} is missing.") for name in missing]
        result.errors += [RowError(1, name, "UNKNOWN_COLUMN", f"Unknown column {name}.") for name in unknown]
        return result
    reader.fieldnames = header
    groups: dict[tuple[str, dt.date], list[tuple[int, EntryInput]]] = defaultdict(list)
    bad_groups: set[tuple[str, dt.date]] = set()
    for index, row in enumerate(reader):
        line = index + 2
        if index >= MAX_ROWS:
            result.errors.append(RowError(line, None, "TOO_MANY_ROWS", f"At most {MAX_ROWS} rows per file."))
            return result
        row_errors: list[RowError] = []
        parsed = _parse_row(line, row, row_errors)
        if parsed is None:
            result.errors += row_errors
            key = ((row.get("job_order") or "").strip(), (row.get("week_starting") or "").strip())
            bad_groups.add(key)  # type: ignore[arg-type]
            continue
        code, week, entry = parsed
        groups[(code, week)].append((line, entry))
    rows_visible = visible if visible is not None else JobOrder.objects.all()
    job_orders = {j.code: j for j in rows_visible.filter(code__in={code for code, _ in groups})}
    bad_keys = {(code, str(week)) for code, week in bad_groups}
    for (code, week), rows in groups.items():
        if (code, week.isoformat()) in bad_keys:  # a row of the group could not be read
            result.rejected += 1
            result.errors += [
                RowError(line, None, "GROUP_REJECTED", "Another row of this timesheet has errors.") for line, _ in rows
            ]
            continue
        job_order = job_orders.get(code)
        if job_order is None:
            result.rejected += 1
            result.errors += [RowError(line, "job_order", "NOT_FOUND", f"No job order {code}.") for line, _ in rows]
            continue
        try:
            timesheet = timesheet_submit(
                job_order=job_order, week_starting=week, entries=[e for _, e in rows], actor=actor
            )
        except ValidationFailed as failed:
            result.rejected += 1
            for error in failed.errors:
                line, column = _locate(error.field, rows)
                result.errors.append(RowError(line, column, error.code, error.message))
            continue
        result.imported += 1
        result.timesheet_ids.append(timesheet.pk)
    result.rejected += len({key for key in bad_keys if key not in {(c, w.isoformat()) for c, w in groups}})
    result.errors.sort(key=lambda e: (e.row, e.column or ""))
    return result


def _locate(path: str | None, rows: list[tuple[int, EntryInput]]) -> tuple[int, str | None]:
    """`entries[2].end` → (the line of the group's third row, "end"); `weekStarting` → first row."""
    if path and path.startswith("entries["):
        index = int(path[len("entries[") : path.index("]")])
        rest = path[path.index("]") + 2 :] if "." in path else ""
        return rows[index][0], FIELD_COLUMNS.get(rest, rest or None)
    column = {"weekStarting": "week_starting", "jobOrder": "job_order"}.get(path or "", path)
    return rows[0][0], column
