"""Winning an opportunity: it becomes a DRAFT job order (docs/workspace.md). Here and not in crm,
because crm sits below orders."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from kserp.crm.models import Opportunity, OpportunityStage
from kserp.crm.services import INVALID_STATE, REQUIRED, opportunity_save
from kserp.errors import ServiceError, ValidationFailed
from kserp.orders.job_orders import job_order_create


def opportunity_convert(*, opportunity: Opportunity, job_order_fields: dict[str, Any], actor: Any = None) -> Any:
    """Win the opportunity: a DRAFT job order for its client from `job_order_fields` (as
    `job_order_create` takes them; the opportunity's agreements and start by default)."""
    if opportunity.stage == OpportunityStage.LOST:
        raise ValidationFailed([ServiceError(INVALID_STATE, "A lost opportunity cannot be converted.", "opportunity")])
    fields = {
        "title": opportunity.title,
        "start": opportunity.expected_start,
        "pay_agreement": opportunity.pay_agreement,
        "bill_agreement": opportunity.bill_agreement,
        **{k: v for k, v in job_order_fields.items() if v is not None},
        "client": opportunity.client,
    }
    if fields.get("start") is None:
        raise ValidationFailed([ServiceError(REQUIRED, "Give the job order's start.", "start")])
    with transaction.atomic():
        job_order = job_order_create(fields=fields, actor=actor)
        opportunity.job_orders.add(job_order)
        if opportunity.stage != OpportunityStage.WON:
            opportunity_save(opportunity=opportunity, values={"stage": OpportunityStage.WON},
                             weekly_margin=opportunity.estimated_weekly_margin, actor=actor)  # fmt: skip
    return job_order
