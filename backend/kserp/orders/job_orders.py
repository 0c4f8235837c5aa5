"""Job order writes (docs/design.md §5): create, update, and status transitions
DRAFT → FILLED → ACTIVE → COMPLETED | CANCELLED."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from kserp.base.bounds import business_date_errors
from kserp.crm.models import InvoiceGrouping
from kserp.errors import ServiceError, ValidationFailed
from kserp.identity.audit import audit_record, instance_snapshot
from kserp.orders import pricing
from kserp.orders.errors import OrdersErrorCode as Code
from kserp.orders.models import JobOrder, JobOrderStatus, TimesheetStatus
from kserp.rates.applicability import job_order_path, why_not
from kserp.rates.compile import hierarchy

#: Allowed transitions. FILLED → DRAFT un-fills a placement; COMPLETED and CANCELLED are final.
JOB_ORDER_TRANSITIONS: dict[str, set[str]] = {
    JobOrderStatus.DRAFT: {JobOrderStatus.FILLED, JobOrderStatus.CANCELLED},
    JobOrderStatus.FILLED: {JobOrderStatus.ACTIVE, JobOrderStatus.DRAFT, JobOrderStatus.CANCELLED},
    JobOrderStatus.ACTIVE: {JobOrderStatus.COMPLETED, JobOrderStatus.CANCELLED},
    JobOrderStatus.COMPLETED: set(),
    JobOrderStatus.CANCELLED: set(),
}


def job_order_transition(*, job_order: JobOrder, to: str, actor: Any = None) -> JobOrder:
    """Move a job order to status `to`. ACTIVE ("submitted to timesheet") needs pay and bill
    agreements that apply to it (node on its path, validity covering its dates); COMPLETED and
    CANCELLED need no timesheet waiting for approval."""
    if to not in JobOrderStatus.values:
        raise ValidationFailed([ServiceError(Code.INVALID, f"Unknown status {to}.", "status")])
    with transaction.atomic():
        job_order = (
            JobOrder.objects.select_for_update(of=("self",))
            .select_related("entity", "client", "payee", "pay_agreement", "bill_agreement")
            .get(pk=job_order.pk)
        )
        current = job_order.status
        if to not in JOB_ORDER_TRANSITIONS[current]:
            raise ValidationFailed(
                [ServiceError(Code.INVALID_TRANSITION, f"A {current} job order cannot become {to}.", "status")]
            )
        errors: list[ServiceError] = []
        if to == JobOrderStatus.ACTIVE:
            if job_order.pay_agreement_id is None:
                errors.append(ServiceError(Code.NO_PAY_AGREEMENT, "Assign a pay agreement first.", "payAgreement"))
            elif not pricing.pay_agreement_applies(job_order):
                errors.append(
                    ServiceError(
                        Code.AGREEMENT_NOT_APPLICABLE,
                        "The pay agreement does not apply to the job order.",
                        "payAgreement",
                    )
                )
            if job_order.bill_agreement_id is None:
                errors.append(ServiceError(Code.NO_BILL_AGREEMENT, "Assign a bill agreement first.", "billAgreement"))
            elif not pricing.bill_agreement_applies(job_order):
                errors.append(
                    ServiceError(
                        Code.AGREEMENT_NOT_APPLICABLE,
                        "The bill agreement does not apply to the job order.",
                        "billAgreement",
                    )
                )
        if to in (JobOrderStatus.COMPLETED, JobOrderStatus.CANCELLED):
            pending = job_order.timesheets.filter(status=TimesheetStatus.SUBMITTED).count()
            if pending:
                errors.append(
                    ServiceError(Code.TIMESHEETS_PENDING, f"{pending} submitted timesheet(s) await approval.", "status")
                )
        if errors:
            raise ValidationFailed(errors)
        before = instance_snapshot(job_order)
        job_order.status = to
        job_order.save(update_fields=["status", "updated_at"])
        audit_record(
            actor=actor,
            action="job_order.transition",
            instance=job_order,
            before=before,
            after=instance_snapshot(job_order),
        )
    return job_order


# --- create and update ---------------------------------------------------------------------------
#: Levels a job order's path takes from elsewhere (entity, client, payee, its own code).
DERIVED_LEVELS = ("country", "brand", "client", "payee", "job_order")
#: Fields `job_order_update` may change (code, client, payee and entity are fixed at creation).
EDITABLE_FIELDS = (
    "title",
    "start",
    "end",
    "path",
    "consultant",
    "division",
    "po_number",
    "pay_agreement",
    "bill_agreement",
    "invoice_grouping",
)


def _check_job_order(job_order: JobOrder, *, creating: bool) -> list[ServiceError]:
    """Every problem of a job order about to be stored, each with its input path."""
    errors: list[ServiceError] = []
    if creating:
        if not job_order.code.strip():
            errors.append(ServiceError(Code.REQUIRED, "Give the job order a code.", "code"))
        elif len(job_order.code) > 32:
            errors.append(ServiceError(Code.INVALID, "At most 32 characters.", "code"))
        elif JobOrder.objects.filter(code=job_order.code).exists():
            errors.append(ServiceError(Code.DUPLICATE, f"Job order {job_order.code} exists already.", "code"))
        if job_order.entity_id != job_order.client.entity_id:
            errors.append(
                ServiceError(Code.INVALID, f"Client {job_order.client.code} belongs to another entity.", "entity")
            )
    if not job_order.title.strip():
        errors.append(ServiceError(Code.REQUIRED, "Give the job order a title.", "title"))
    elif len(job_order.title) > 200:
        errors.append(ServiceError(Code.INVALID, "At most 200 characters.", "title"))
    errors += business_date_errors(job_order.start, field="start") + business_date_errors(job_order.end, field="end")
    if job_order.end is not None and job_order.end < job_order.start:
        errors.append(ServiceError(Code.DATE_ORDER, "The end is before the start.", "end"))
    for name, limit in (("division", 100), ("po_number", 64)):
        if len(getattr(job_order, name)) > limit:
            field = "poNumber" if name == "po_number" else name
            errors.append(ServiceError(Code.INVALID, f"At most {limit} characters.", field))
    if job_order.invoice_grouping and job_order.invoice_grouping not in InvoiceGrouping.values:
        errors.append(
            ServiceError(
                Code.INVALID,
                f"Use one of {', '.join(InvoiceGrouping.values)}, or nothing for the client's.",
                "invoiceGrouping",
            )
        )
    if job_order.consultant is not None and not (
        job_order.consultant.is_staff and job_order.consultant.client_id is None
    ):
        errors.append(ServiceError(Code.INVALID, "The consultant must be a member of staff.", "consultant"))
    levels = hierarchy()
    path_ok = True
    for level, value in (job_order.path or {}).items():
        if level in DERIVED_LEVELS:
            path_ok = False
            errors.append(
                ServiceError(Code.DERIVED_LEVEL, f"{level} comes from the job order itself.", f"path.{level}")
            )
        elif level not in levels:
            path_ok = False
            errors.append(ServiceError(Code.UNKNOWN_LEVEL, f"No hierarchy level {level!r}.", f"path.{level}"))
        elif not isinstance(value, str) or not value.strip():
            path_ok = False
            errors.append(ServiceError(Code.REQUIRED, "Give a value.", f"path.{level}"))
    dates_ok = job_order.end is None or job_order.end >= job_order.start
    if path_ok and dates_ok:
        path = job_order_path(job_order, levels)
        agreements = ((job_order.pay_agreement, "payAgreement"), (job_order.bill_agreement, "billAgreement"))
        for agreement, field in agreements:
            if agreement is None:
                continue
            reason = why_not(agreement, levels, path, job_order.start, job_order.end)
            if reason:
                errors.append(
                    ServiceError(
                        Code.NOT_APPLICABLE,
                        f"Agreement {agreement.name!r} does not apply to the job order: {reason}.",
                        field,
                    )
                )
    if not creating and job_order.status == JobOrderStatus.ACTIVE:
        if job_order.pay_agreement is None:
            errors.append(
                ServiceError(Code.NO_PAY_AGREEMENT, "An ACTIVE job order needs a pay agreement.", "payAgreement")
            )
        if job_order.bill_agreement is None:
            errors.append(
                ServiceError(Code.NO_BILL_AGREEMENT, "An ACTIVE job order needs a bill agreement.", "billAgreement")
            )
    return errors


def job_order_create(*, fields: dict[str, Any], actor: Any = None) -> JobOrder:
    """A DRAFT job order from `fields` (model field names: code, client, payee, entity (default:
    the client's), title, start, end, path, consultant, division, po_number, pay_agreement,
    bill_agreement, invoice_grouping). Agreements must apply to it; nothing is stored on error."""
    values = {"path": {}, "division": "", "po_number": "", "invoice_grouping": "", **fields}
    values.setdefault("entity", values["client"].entity)
    job_order = JobOrder(status=JobOrderStatus.DRAFT, **values)
    with transaction.atomic():
        errors = _check_job_order(job_order, creating=True)
        if errors:
            raise ValidationFailed(errors)
        job_order.save()
        audit_record(actor=actor, action="job_order.create", instance=job_order, before=None,
                     after=instance_snapshot(job_order))  # fmt: skip
    return job_order


def job_order_update(*, job_order: JobOrder, changes: dict[str, Any], actor: Any = None) -> JobOrder:
    """Change some of `EDITABLE_FIELDS` (model field names). The result is checked as a whole:
    agreements must still apply to the new path and dates, an ACTIVE job order keeps both
    agreements, and its approved or submitted weeks must stay inside its dates."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationFailed([ServiceError(Code.INVALID, "Cannot be changed.", name) for name in sorted(unknown)])
    with transaction.atomic():
        job_order = (
            JobOrder.objects.select_for_update(of=("self",))
            .select_related("entity", "client", "payee", "consultant", "pay_agreement", "bill_agreement")
            .get(pk=job_order.pk)
        )
        before = instance_snapshot(job_order)
        for name, value in changes.items():
            setattr(job_order, name, value)
        errors = _check_job_order(job_order, creating=False)
        if "start" in changes or "end" in changes:
            weeks = job_order.timesheets.exclude(status=TimesheetStatus.DRAFT).values_list("week_starting", flat=True)
            outside = [
                w
                for w in weeks
                if w + dt.timedelta(days=6) < job_order.start or (job_order.end is not None and w > job_order.end)
            ]
            if outside:
                errors.append(
                    ServiceError(
                        Code.CONFLICT,
                        f"The timesheet of the week of {min(outside)} would fall outside the job order's dates.",
                        "start" if min(outside) + dt.timedelta(days=6) < job_order.start else "end",
                    )
                )
        if errors:
            raise ValidationFailed(errors)
        job_order.save(update_fields=[*changes, "updated_at"])
        audit_record(actor=actor, action="job_order.update", instance=job_order, before=before,
                     after=instance_snapshot(job_order))  # fmt: skip
    return job_order
