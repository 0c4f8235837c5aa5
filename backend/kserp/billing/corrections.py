"""Credit and re-price (docs/finance.md, "Corrections"): when hours or a rate were wrong, finance
credits the invoice (or some of its lines) and the timesheets of the credited lines re-open for
correction; corrected and approved again, they are billed by the next run. The credit note, the
credited invoice and the new invoice are linked through the timesheet (`invoice_corrections`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from kserp.errors import ServiceError, ValidationFailed
from kserp.finance.invoicing import invoice_credit
from kserp.finance.models import CreditNote, Invoice, InvoiceLine
from kserp.orders.errors import OrdersErrorCode as Code
from kserp.orders.models import Timesheet, TimesheetStatus
from kserp.orders.timesheets import timesheet_reopen


def invoice_credit_and_reopen(
    *,
    invoice: Invoice,
    reason: str,
    line_ids: Sequence[int] | None = None,
    issue_date: dt.date | None = None,
    actor: Any = None,
) -> tuple[CreditNote, list[Timesheet]]:
    """Credit the lines and re-open their timesheets, all or nothing. Every invoiced line of such a
    timesheet must be credited by now (else the uncredited ones would be billed twice)."""
    with transaction.atomic():
        note, _ = invoice_credit(
            invoice=invoice, reason=reason, line_ids=line_ids, reopen=True, issue_date=issue_date, actor=actor
        )
        timesheet_ids = sorted(
            {pk for pk in note.lines.values_list("invoice_line__timesheet_id", flat=True) if pk is not None}
        )
        if not timesheet_ids:
            raise ValidationFailed(
                [
                    ServiceError(
                        Code.INVALID_STATE, "The credited lines come from no timesheet: nothing to re-open.", "lines"
                    )
                ]
            )
        open_lines = (
            InvoiceLine.objects.filter(
                timesheet_id__in=timesheet_ids, credit_line__isnull=True, bill_line__isnull=False
            )
            .order_by("invoice__number")
            .values_list("invoice__number", "timesheet_id")
            .distinct()
        )
        errors = [
            ServiceError(
                Code.INVALID_STATE,
                f"Invoice {number} still bills other lines of the same timesheet: credit them too to re-open it.",
                "lines",
            )
            for number, _timesheet in open_lines
        ]
        if errors:
            raise ValidationFailed(errors)
        reopened = [
            timesheet_reopen(timesheet=timesheet, actor=actor)
            for timesheet in Timesheet.objects.filter(pk__in=timesheet_ids, status=TimesheetStatus.APPROVED)
        ]
    return note, reopened


@dataclass(frozen=True)
class Correction:
    """How an invoice was corrected: its credit notes and the invoices that billed the same
    timesheets again after a re-price."""

    credit_notes: list[CreditNote]
    rebilled_by: list[Invoice]


def invoice_corrections(*, invoice: Invoice) -> Correction:
    notes = list(invoice.credit_notes.order_by("number"))
    timesheets = [
        pk
        for pk in InvoiceLine.objects.filter(invoice=invoice, credit_line__credit_note__reopened=True)
        .order_by()
        .values_list("timesheet_id", flat=True)
        .distinct()
        if pk is not None
    ]
    later = (
        Invoice.objects.filter(lines__timesheet_id__in=timesheets, lines__bill_line__isnull=False)
        .exclude(pk=invoice.pk)
        .filter(created_at__gte=invoice.created_at)
        .distinct()
        .order_by("number")
    )
    return Correction(credit_notes=notes, rebilled_by=list(later))
