"""Writes of the orders domain."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from kserp.errors import ServiceError, ValidationFailed
from kserp.identity.audit import audit_record, instance_snapshot
from kserp.orders.models import JobOrder
from kserp.rates.applicability import job_order_path, why_not
from kserp.rates.compile import hierarchy
from kserp.rates.models import BillAgreement


@transaction.atomic
def job_order_assign_bill_agreement(
    *, job_order: JobOrder, bill_agreement: BillAgreement, actor: Any = None
) -> JobOrder:
    """Set the job order's bill agreement; only an applicable header (docs/design.md §4.4) is accepted."""
    job_order = JobOrder.objects.select_for_update().select_related("entity", "client", "payee").get(pk=job_order.pk)
    levels = hierarchy()
    reason = why_not(bill_agreement, levels, job_order_path(job_order, levels), job_order.start, job_order.end)
    if reason:
        raise ValidationFailed(
            [
                ServiceError(
                    "NOT_APPLICABLE",
                    f"Bill agreement {bill_agreement.name!r} does not apply to job order {job_order.code}: {reason}.",
                    "billAgreement",
                )
            ]
        )
    before = instance_snapshot(job_order)
    job_order.bill_agreement = bill_agreement
    job_order.save(update_fields=["bill_agreement", "updated_at"])
    audit_record(
        actor=actor,
        action="job_order.assign_bill_agreement",
        instance=job_order,
        before=before,
        after=instance_snapshot(job_order),
    )
    return job_order
