"""Timesheet writes (docs/design.md §5): submit, approve (interpret and price), reject, re-open.

Every service validates everything first and raises `ValidationFailed` with one `ServiceError`
per problem, each with its input path (`entries[2].end`); nothing is stored then. Billing runs
are in `kserp.billing`; bulk import in `kserp.orders.timesheet_import`.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils import timezone

from kserp.base.bounds import HOURS_PLACES, MAX_QUANTITY, QUANTITY_PLACES, business_date_errors, decimal_places_errors
from kserp.crm.services import client_accepts_work
from kserp.errors import ServiceError, ValidationFailed
from kserp.identity.audit import audit_record, instance_snapshot
from kserp.orders import pricing
from kserp.orders.errors import OrdersErrorCode as Code
from kserp.orders.events import bill_lines_changed_publish, timesheets_changed_publish
from kserp.orders.models import (
    BillLine,
    BillLineProvenance,
    JobOrder,
    JobOrderStatus,
    PayLine,
    Timesheet,
    TimesheetEntry,
    TimesheetStatus,
)
from kserp.rates.engine import EngineError, HoursEntry, ShiftEntry, UnitEntry, interpret_week, price_pay_lines
from kserp.webhooks.services import event_emit

MAX_DAY_MINUTES = 24 * 60


@dataclass(frozen=True)
class EntryInput:
    """One entry as given (API, CSV): a shift, hours, or units of a unit pay code."""

    date: dt.date
    start: dt.time | None = None
    end: dt.time | None = None
    break_minutes: int = 0
    overnight: bool = False
    hours: Decimal | None = None
    pay_code: str | None = None
    quantity: Decimal | None = None


def _minutes(t: dt.time) -> int:
    return t.hour * 60 + t.minute


def _check_shift(entry: EntryInput, path: str, errors: list[ServiceError]) -> tuple[int, int] | None:
    """(start, end) in minutes from the entry's midnight, or None after recording the problem."""
    if entry.start is None:
        errors.append(ServiceError(Code.REQUIRED, "Give the start time.", f"{path}.start"))
        return None
    if entry.end is None:
        errors.append(ServiceError(Code.REQUIRED, "Give the end time.", f"{path}.end"))
        return None
    start, end = _minutes(entry.start), _minutes(entry.end)
    if end <= start:
        if not entry.overnight:
            errors.append(
                ServiceError(
                    Code.END_BEFORE_START,
                    "The end is not after the start (set overnight for a shift ending the next day).",
                    f"{path}.end",
                )
            )
            return None
        end += MAX_DAY_MINUTES
    elif entry.overnight:
        errors.append(ServiceError(Code.INVALID, "An overnight shift must end earlier on the clock.", f"{path}.end"))
        return None
    if entry.break_minutes < 0 or entry.break_minutes >= end - start:
        errors.append(
            ServiceError(Code.INVALID_BREAK, "The break must be shorter than the shift.", f"{path}.breakMinutes")
        )
        return None
    return start, end


def validate_entries(
    *, job_order: JobOrder, week_starting: dt.date, entries: list[EntryInput], prefix: str = "entries"
) -> list[ServiceError]:
    """Every problem of a week's entries, each with its path (`entries[2].end`)."""
    errors: list[ServiceError] = []
    week_end = week_starting + dt.timedelta(days=6)
    unit_codes = pricing.unit_pay_codes()
    worked: dict[dt.date, int] = defaultdict(int)  # minutes worked per day
    intervals: list[tuple[int, int, int]] = []  # (start, end, index) in minutes from the Monday
    for i, entry in enumerate(entries):
        path = f"{prefix}[{i}]"
        if not (week_starting <= entry.date <= week_end):
            errors.append(
                ServiceError(
                    Code.DATE_OUTSIDE_WEEK,
                    f"{entry.date} is not in the week {week_starting}..{week_end}.",
                    f"{path}.date",
                )
            )
        elif entry.date < job_order.start or (job_order.end is not None and entry.date > job_order.end):
            errors.append(
                ServiceError(
                    Code.DATE_OUTSIDE_JOB_ORDER,
                    f"{entry.date} is outside the job order ({job_order.start}..{job_order.end or 'open'}).",
                    f"{path}.date",
                )
            )
        is_shift = entry.start is not None or entry.end is not None
        is_hours = entry.hours is not None
        is_units = entry.pay_code is not None or entry.quantity is not None
        if is_shift + is_hours + is_units != 1:
            errors.append(
                ServiceError(
                    Code.INVALID_ENTRY,
                    "Give either start and end (with breakMinutes), or hours, or payCode and quantity.",
                    path,
                )
            )
            continue
        if is_shift:
            shift = _check_shift(entry, path, errors)
            if shift is None:
                continue
            offset = (entry.date - week_starting).days * MAX_DAY_MINUTES
            intervals.append((offset + shift[0], offset + shift[1], i))
            worked[entry.date] += shift[1] - shift[0] - entry.break_minutes
            if worked[entry.date] > MAX_DAY_MINUTES:
                errors.append(
                    ServiceError(Code.DAY_OVER_24_HOURS, f"More than 24 hours on {entry.date}.", f"{path}.end")
                )
        elif is_hours:
            hours = entry.hours or Decimal(0)
            if hours <= 0 or hours > 24:
                errors.append(
                    ServiceError(Code.INVALID_HOURS, "Hours must be above 0 and at most 24.", f"{path}.hours")
                )
                continue
            if too_precise := decimal_places_errors(hours, field=f"{path}.hours", places=HOURS_PLACES):
                errors += too_precise
                continue
            worked[entry.date] += int(hours * 60)
            if worked[entry.date] > MAX_DAY_MINUTES:
                errors.append(
                    ServiceError(Code.DAY_OVER_24_HOURS, f"More than 24 hours on {entry.date}.", f"{path}.hours")
                )
        else:
            if not entry.pay_code:
                errors.append(ServiceError(Code.REQUIRED, "Give the pay code of the units.", f"{path}.payCode"))
            elif entry.pay_code not in unit_codes:
                errors.append(
                    ServiceError(
                        Code.UNKNOWN_PAY_CODE, f"{entry.pay_code} is not a pay code paid per unit.", f"{path}.payCode"
                    )
                )
            if entry.quantity is None or entry.quantity <= 0:
                errors.append(ServiceError(Code.INVALID_QUANTITY, "The quantity must be above 0.", f"{path}.quantity"))
            elif entry.quantity > MAX_QUANTITY:
                message = f"The quantity must be at most {MAX_QUANTITY}."
                errors.append(ServiceError(Code.INVALID_QUANTITY, message, f"{path}.quantity"))
            else:
                errors += decimal_places_errors(entry.quantity, field=f"{path}.quantity", places=QUANTITY_PLACES)
    intervals.sort()
    for n, (start, _end, index) in enumerate(intervals):
        overlapped = [other for s, e, other in intervals[:n] if e > start]
        if overlapped:
            errors.append(
                ServiceError(
                    Code.OVERLAPPING_ENTRIES, f"Overlaps {prefix}[{overlapped[0]}].", f"{prefix}[{index}].start"
                )
            )
    return errors


def _check_header(*, job_order: JobOrder, week_starting: dt.date) -> list[ServiceError]:
    errors = business_date_errors(week_starting, field="weekStarting")
    if week_starting.weekday() != 0:
        errors.append(ServiceError(Code.NOT_A_MONDAY, f"{week_starting} is not a Monday.", "weekStarting"))
    if job_order.status != JobOrderStatus.ACTIVE:
        errors.append(
            ServiceError(
                Code.JOB_ORDER_NOT_ACTIVE, f"Job order {job_order.code} is {job_order.status}, not ACTIVE.", "jobOrder"
            )
        )
    errors += client_accepts_work(job_order.client, field="jobOrder")  # no new timesheets while on hold
    return errors


def _duplicate(job_order: JobOrder, week_starting: dt.date, status: str) -> ServiceError:
    return ServiceError(
        Code.DUPLICATE_TIMESHEET,
        f"Job order {job_order.code} already has a {status} timesheet for the week of {week_starting}.",
        "weekStarting",
    )


def timesheet_submit(
    *,
    job_order: JobOrder,
    week_starting: dt.date,
    entries: list[EntryInput],
    prefix: str = "entries",
    actor: Any = None,
) -> Timesheet:
    """Store a week's entries as a SUBMITTED timesheet. A DRAFT or REJECTED timesheet of that
    week is replaced (corrected and resubmitted); a SUBMITTED or APPROVED one is a duplicate."""
    errors = _check_header(job_order=job_order, week_starting=week_starting)
    if not business_date_errors(week_starting, field="weekStarting"):  # else the week is no week to check
        errors += validate_entries(job_order=job_order, week_starting=week_starting, entries=entries, prefix=prefix)
    if errors:
        raise ValidationFailed(errors)
    try:
        with transaction.atomic():
            existing = (
                Timesheet.objects.select_for_update().filter(job_order=job_order, week_starting=week_starting).first()
            )
            if existing is not None and existing.status not in (TimesheetStatus.DRAFT, TimesheetStatus.REJECTED):
                raise ValidationFailed([_duplicate(job_order, week_starting, existing.status)])
            now = timezone.now()
            before = _timesheet_snapshot(existing) if existing is not None else None
            if existing is None:
                timesheet = Timesheet.objects.create(
                    job_order=job_order, week_starting=week_starting, status=TimesheetStatus.SUBMITTED, submitted_at=now
                )
            else:
                timesheet = existing
                timesheet.entries.all().delete()
                timesheet.status = TimesheetStatus.SUBMITTED
                timesheet.submitted_at = now
                timesheet.rejection_reason = ""
                timesheet.save(update_fields=["status", "submitted_at", "rejection_reason", "updated_at"])
            TimesheetEntry.objects.bulk_create(
                TimesheetEntry(
                    timesheet=timesheet,
                    position=i,
                    date=e.date,
                    start=e.start,
                    end=e.end,
                    break_minutes=e.break_minutes or 0,
                    overnight=e.overnight,
                    hours=e.hours,
                    pay_code=e.pay_code or "",
                    quantity=e.quantity,
                )
                for i, e in enumerate(entries)
            )
            audit_record(
                actor=actor,
                action="timesheet.submit",
                instance=timesheet,
                before=before,
                after={**_timesheet_snapshot(timesheet), "entries": len(entries)},
            )
            timesheets_changed_publish(timesheet=timesheet)
    except IntegrityError as exc:  # a concurrent submission of the same week won the race
        raise ValidationFailed([_duplicate(job_order, week_starting, TimesheetStatus.SUBMITTED)]) from exc
    return timesheet


def _timesheet_snapshot(timesheet: Timesheet) -> dict[str, Any]:
    return instance_snapshot(timesheet, exclude=("created_at", "updated_at"))


def _entries_for_engine(timesheet: Timesheet) -> tuple[list[Any], list[Any]]:
    shifts: list[Any] = []
    units: list[Any] = []
    for e in timesheet.entries.all():
        if e.start is not None and e.end is not None:
            shifts.append(ShiftEntry(e.date, e.start, e.end, e.break_minutes))
        elif e.hours is not None:
            shifts.append(HoursEntry(e.date, e.hours))
        elif e.pay_code and e.quantity is not None:
            units.append(UnitEntry(e.date, e.pay_code, e.quantity))
    return shifts, units


def timesheet_approve(*, timesheet: Timesheet, user: Any = None) -> Timesheet:
    """Approve a SUBMITTED timesheet: interpret and price its week with the rates engine and store
    the pay lines and bill lines (with provenance) in the same transaction."""
    with transaction.atomic():
        timesheet = (
            Timesheet.objects.select_for_update(of=("self",))
            .select_related(
                "job_order__entity",
                "job_order__client",
                "job_order__payee",
                "job_order__pay_agreement",
                "job_order__bill_agreement",
            )
            .get(pk=timesheet.pk)
        )
        if timesheet.status != TimesheetStatus.SUBMITTED:
            raise ValidationFailed(
                [ServiceError(Code.INVALID_STATE, f"Only a SUBMITTED timesheet can be approved ({timesheet.status}).")]
            )
        before = _timesheet_snapshot(timesheet)
        job_order = timesheet.job_order
        try:
            compiled = pricing.compiled_job_order(job_order)
            shifts, units = _entries_for_engine(timesheet)
            interpretation = interpret_week(compiled, shifts, units)
            priced = price_pay_lines(compiled, interpretation.pay_lines)
        except (EngineError, ValueError) as exc:
            raise ValidationFailed([ServiceError(Code.PRICING_FAILED, f"Cannot price the timesheet: {exc}")]) from exc
        week_ending = timesheet.week_starting + dt.timedelta(days=6)
        PayLine.objects.bulk_create(
            PayLine(
                timesheet=timesheet,
                job_order=job_order,
                position=i,
                pay_code=line.pay_code,
                quantity=line.units,
                pay_rate=line.pay_rate,
                wage=line.wage,
                provenance=line.as_dict(),
            )
            for i, line in enumerate(interpretation.pay_lines)
        )
        names = pricing.pay_code_names()
        bill_lines = BillLine.objects.bulk_create(
            BillLine(
                timesheet=timesheet,
                job_order=job_order,
                client_id=job_order.client_id,
                entity_id=job_order.entity_id,
                position=i,
                work_date=line.on,
                week_ending=week_ending,
                pay_code=line.pay_code,
                description=bill_line_description(names.get(line.pay_code) or line.pay_code, job_order, week_ending),
                quantity=line.units,
                pay_rate=line.pay_rate,
                bill_rate=line.bill_rate,
                wage=line.wage,
                bill_amount=line.bill_amount,
                oncost_total=line.oncost_total,
                gross_margin=line.gross_margin,
            )
            for i, line in enumerate(priced)
        )
        BillLineProvenance.objects.bulk_create(
            BillLineProvenance(bill_line=bill_line, document=line.as_dict())
            for bill_line, line in zip(bill_lines, priced, strict=True)
        )
        timesheet.status = TimesheetStatus.APPROVED
        timesheet.approved_at = timezone.now()
        timesheet.approved_by = user if getattr(user, "is_authenticated", False) else None
        timesheet.save(update_fields=["status", "approved_at", "approved_by", "updated_at"])
        bill_lines_changed_publish(client_id=job_order.client_id, entity_id=job_order.entity_id)
        event_emit(
            type="timesheet.approved", obj=timesheet, client_id=job_order.client_id, entity_id=job_order.entity_id
        )
        audit_record(
            actor=user,
            action="timesheet.approve",
            instance=timesheet,
            before=before,
            after={
                **_timesheet_snapshot(timesheet),
                "pay_lines": len(interpretation.pay_lines),
                "bill_lines": len(priced),
                "bill_total": sum((line.bill_amount for line in priced), Decimal("0")),
            },
        )
        timesheets_changed_publish(timesheet=timesheet)
    return timesheet


def bill_line_description(pay_code_name: str, job_order: JobOrder, week_ending: dt.date) -> str:
    return f"{pay_code_name} - {job_order.code} {job_order.title}, week ending {week_ending.isoformat()}"[:200]


def timesheet_reject(*, timesheet: Timesheet, reason: str, actor: Any = None) -> Timesheet:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed([ServiceError(Code.REQUIRED, "Give a reason.", "reason")])
    if len(reason) > 500:
        raise ValidationFailed([ServiceError(Code.INVALID, "At most 500 characters.", "reason")])
    with transaction.atomic():
        timesheet = Timesheet.objects.select_for_update().get(pk=timesheet.pk)
        if timesheet.status != TimesheetStatus.SUBMITTED:
            raise ValidationFailed(
                [ServiceError(Code.INVALID_STATE, f"Only a SUBMITTED timesheet can be rejected ({timesheet.status}).")]
            )
        before = _timesheet_snapshot(timesheet)
        timesheet.status = TimesheetStatus.REJECTED
        timesheet.rejection_reason = reason
        timesheet.save(update_fields=["status", "rejection_reason", "updated_at"])
        audit_record(
            actor=actor,
            action="timesheet.reject",
            instance=timesheet,
            before=before,
            after=_timesheet_snapshot(timesheet),
        )
        timesheets_changed_publish(timesheet=timesheet)
    return timesheet


def timesheet_reopen(*, timesheet: Timesheet, actor: Any = None) -> Timesheet:
    """Back to DRAFT: an APPROVED timesheet none of whose bill lines is on an invoice uncredited
    (its pay lines and unbilled bill lines are discarded; approving again prices it afresh; lines
    invoiced and credited stay, as the history of the credit note), or a REJECTED one."""
    with transaction.atomic():
        timesheet = Timesheet.objects.select_for_update(of=("self",)).select_related("job_order").get(pk=timesheet.pk)
        was_approved = timesheet.status == TimesheetStatus.APPROVED
        if timesheet.status not in (TimesheetStatus.APPROVED, TimesheetStatus.REJECTED):
            raise ValidationFailed(
                [ServiceError(Code.INVALID_STATE, f"A {timesheet.status} timesheet cannot be re-opened.")]
            )
        # Lock the bill lines first: a billing run holding them makes this wait, then see its invoice.
        line_ids = list(BillLine.objects.select_for_update().filter(timesheet=timesheet).values_list("id", flat=True))
        if BillLine.objects.filter(
            pk__in=line_ids, invoice_line__isnull=False, invoice_line__credit_line__isnull=True
        ).exists():
            raise ValidationFailed(
                [ServiceError(Code.ALREADY_BILLED, "The timesheet is invoiced: credit the invoice instead.")]
            )
        before = {**_timesheet_snapshot(timesheet), "bill_lines": len(line_ids)}
        # Lock the pay lines too (a pay run holding them makes this wait); a paid line is protected
        # by the payment that copied it (the pay run's app owns that row, so it is not named here).
        pay_lines = PayLine.objects.select_for_update().filter(timesheet=timesheet)
        list(pay_lines.values_list("id", flat=True))
        try:
            pay_lines.delete()
        except ProtectedError:
            raise ValidationFailed(
                [ServiceError(Code.ALREADY_PAID, "The timesheet is paid: correct it with a new timesheet.")]
            ) from None
        BillLine.objects.filter(
            timesheet=timesheet, invoice_line__isnull=True
        ).delete()  # credited lines stay, explained
        timesheet.status = TimesheetStatus.DRAFT
        timesheet.approved_at = None
        timesheet.approved_by = None
        timesheet.save(update_fields=["status", "approved_at", "approved_by", "updated_at"])
        if was_approved:  # its priced lines are gone: margins changed
            bill_lines_changed_publish(client_id=timesheet.job_order.client_id, entity_id=timesheet.job_order.entity_id)
        audit_record(
            actor=actor,
            action="timesheet.reopen",
            instance=timesheet,
            before=before,
            after=_timesheet_snapshot(timesheet),
        )
        timesheets_changed_publish(timesheet=timesheet)
    return timesheet


def parse_decimal(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        result = Decimal(str(value).strip())
    except InvalidOperation as exc:
        raise ValueError(f"{value!r} is not a number") from exc
    if not result.is_finite():
        raise ValueError(f"{value!r} is not a number")
    return result
