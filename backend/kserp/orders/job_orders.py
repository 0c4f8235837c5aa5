"""Job order status transitions (DESIGN.md §5): DRAFT → FILLED → ACTIVE → COMPLETED | CANCELLED."""

from __future__ import annotations

from django.db import transaction

from kserp.api.core.errors import ServiceError, ValidationFailed
from kserp.orders import pricing
from kserp.orders.errors import OrdersErrorCode as Code
from kserp.orders.models import JobOrder, JobOrderStatus, TimesheetStatus

#: Allowed transitions. FILLED → DRAFT un-fills a placement; COMPLETED and CANCELLED are final.
JOB_ORDER_TRANSITIONS: dict[str, set[str]] = {
    JobOrderStatus.DRAFT: {JobOrderStatus.FILLED, JobOrderStatus.CANCELLED},
    JobOrderStatus.FILLED: {JobOrderStatus.ACTIVE, JobOrderStatus.DRAFT, JobOrderStatus.CANCELLED},
    JobOrderStatus.ACTIVE: {JobOrderStatus.COMPLETED, JobOrderStatus.CANCELLED},
    JobOrderStatus.COMPLETED: set(),
    JobOrderStatus.CANCELLED: set(),
}


def job_order_transition(*, job_order: JobOrder, to: str) -> JobOrder:
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
        job_order.status = to
        job_order.save(update_fields=["status"])
    return job_order
