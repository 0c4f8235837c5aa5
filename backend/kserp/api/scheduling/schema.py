"""The dashboard's next billing runs, with what each would bill (a dry run: nothing stored)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import strawberry
from django.utils import timezone
from strawberry.types import Info

from kserp.api.core.permissions import IsStaff, Require, viewer_access
from kserp.billing.runs import billing_run_preview
from kserp.scheduling.selectors import next_runs


@strawberry.type(description="What a run would bill for one client.")
class PreviewClient:
    code: str
    invoice_count: int
    total: Decimal


@strawberry.type(description="A billing cycle's next run and, for a due one, what it would bill now.")
class NextBillingRun:
    entity: str = strawberry.field(description="The entity's code.")
    cycle: str = strawberry.field(description="WEEKLY | FORTNIGHTLY | MONTHLY")
    close_day: int
    period_end: dt.date
    due: bool = strawberry.field(description="The period has closed and the scheduler has not started its run yet.")
    clients: list[str] = strawberry.field(description="Codes of the ACTIVE clients on this cycle.")
    invoice_count: int
    line_count: int
    subtotal: Decimal
    tax_total: Decimal
    total: Decimal
    by_client: list[PreviewClient]


@strawberry.type
class SchedulingQuery:
    @strawberry.field(
        description="Per entity and billing cycle: the next run (the due one first) and what it would bill if it "
        "ran now: invoices, lines and totals (a dry run) (staff).",
        extensions=[Require(IsStaff())],
    )
    def next_billing_runs(self, info: Info, on: dt.date | None = None) -> list[NextBillingRun]:
        entity_id = viewer_access(info).entity_id
        found = []
        for run in next_runs(today=on or timezone.localdate(), entity_ids={entity_id} if entity_id else None):
            preview = billing_run_preview(entity=run.entity, period_end=run.period_end, client_codes=run.client_codes)
            found.append(
                NextBillingRun(
                    entity=run.entity.code,
                    cycle=run.cycle,
                    close_day=run.close_day,
                    period_end=run.period_end,
                    due=run.due,
                    clients=run.client_codes,
                    invoice_count=preview.invoice_count,
                    line_count=preview.line_count,
                    subtotal=preview.subtotal,
                    tax_total=preview.tax_total,
                    total=preview.total,
                    by_client=[PreviewClient(code=c, invoice_count=n, total=t) for c, n, t in preview.clients],
                )
            )
        return found
