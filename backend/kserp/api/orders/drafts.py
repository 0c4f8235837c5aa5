"""Before a job order is saved: which agreements apply to it (and why the others do not), and
what it would bill and pay (a rate quote of the unsaved job order)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import strawberry
from strawberry.scalars import JSON
from strawberry.types import Info

from kserp.api.core.permissions import Confidential, IsStaff, Require
from kserp.api.orders.mutations._job_order_fields import resolve
from kserp.api.rates.queries import quote_of
from kserp.api.rates.types import RateQuote
from kserp.orders.pricing import draft_job_order
from kserp.rates.applicability import job_order_path, why_not
from kserp.rates.compile import hierarchy
from kserp.rates.models import BillAgreement, PayAgreement


@strawberry.input(description="A job order as the form has it so far (nothing is stored).")
class DraftJobOrderInput:
    client: strawberry.ID
    start: dt.date
    end: dt.date | None = None
    payee: strawberry.ID | None = None
    path: JSON | None = strawberry.field(default=None, description='Non-derived levels, e.g. {"state": "NSW"}.')
    pay_agreement: strawberry.ID | None = None
    bill_agreement: strawberry.ID | None = None


@strawberry.type(description="An agreement and whether it applies to the job order; if not, why not.")
class AgreementChoice:
    id: strawberry.ID
    name: str
    applies: bool
    reason: str = strawberry.field(description="Empty when it applies.")


def _draft(input: DraftJobOrderInput) -> Any:
    references = ("client", "payee", "path", "pay_agreement", "bill_agreement")
    fields, errors = resolve({name: getattr(input, name) for name in references})
    if errors:
        raise ValueError("; ".join(f"{e.field}: {e.message}" for e in errors))
    job = draft_job_order(client=fields["client"], start=input.start, payee=fields["payee"], path=fields["path"],
                          pay_agreement=fields["pay_agreement"], bill_agreement=fields["bill_agreement"])  # fmt: skip
    job.end = input.end
    return job


def _choices(headers: Any, type_name: str, job: Any) -> list[AgreementChoice]:
    levels = hierarchy()
    path = job_order_path(job, levels)
    found = []
    for header in headers:
        reason = why_not(header, levels, path, job.start, job.end) or ""
        gid = strawberry.relay.to_base64(type_name, header.pk)
        found.append(AgreementChoice(id=strawberry.ID(gid), name=header.name, applies=not reason, reason=reason))
    return sorted(found, key=lambda c: (not c.applies, c.name))


@strawberry.type
class DraftsQuery:
    @strawberry.field(
        description="Every bill agreement, those that apply to this job order first, with the reason for each that "
        "does not (staff).",
        extensions=[Require(IsStaff())],
    )
    def bill_agreement_choices(self, info: Info, input: DraftJobOrderInput) -> list[AgreementChoice]:
        return _choices(BillAgreement.objects.order_by("name"), "BillAgreement", _draft(input))

    @strawberry.field(
        description="Every pay agreement, those that apply first, with the reason for each that does not "
        "(staff holding view_confidential).",
        extensions=[Require(Confidential())],
    )
    def pay_agreement_choices(self, info: Info, input: DraftJobOrderInput) -> list[AgreementChoice]:
        return _choices(PayAgreement.objects.order_by("name"), "PayAgreement", _draft(input))

    @strawberry.field(
        description="A rate quote of a job order not saved yet (its agreements as chosen on the form) (staff; pay, "
        "cost and margin figures need view_confidential).",
        extensions=[Require(IsStaff())],
    )
    def draft_rate_quote(
        self, info: Info, input: DraftJobOrderInput, pay_code: str, quantity: Decimal, date: dt.date
    ) -> RateQuote:
        job = _draft(input)
        if job.bill_agreement is None or job.pay_agreement is None:
            raise ValueError("Choose the pay and bill agreements first.")
        return quote_of(job, pay_code, quantity, date)
