from __future__ import annotations

import datetime as dt
from decimal import Decimal

import strawberry
import strawberry_django
from django.db.models import QuerySet
from strawberry import relay
from strawberry.types import Info
from strawberry_django.relay import DjangoListConnection

from kserp.api.core.lookup import by_id_or_code
from kserp.api.core.permissions import Confidential, IsStaff, Require, scope_queryset_to_viewer
from kserp.api.rates.types import (
    BillAgreementType,
    OncostAmountType,
    OncostType,
    PayAgreementType,
    PayCodeType,
    RateQuote,
    RateRule,
)
from kserp.orders.models import JobOrder
from kserp.rates import engine
from kserp.rates.compile import compiled_job_order
from kserp.rates.models import BillAgreement, HierarchyLevel, Oncost, PayAgreement, PayCode


def rate_quote(info: Info, job_order: strawberry.ID, pay_code: str, quantity: Decimal, date: dt.date) -> RateQuote:
    jobs = JobOrder.objects.select_related("entity", "client", "payee", "pay_agreement", "bill_agreement")
    job = by_id_or_code(
        scope_queryset_to_viewer(jobs, info, client_field="client", entity_field="entity"),
        str(job_order),
        type_name="JobOrder",
    )
    if job is None:
        raise ValueError(f"Unknown job order {job_order!r}.")
    if job.bill_agreement is None:
        raise ValueError(f"Job order {job.code} has no bill agreement.")
    return quote_of(job, pay_code, quantity, date)


def quote_of(job: JobOrder, pay_code: str, quantity: Decimal, date: dt.date) -> RateQuote:
    """The quote of a job order, saved or not (the job order form quotes before saving)."""
    try:
        line = engine.price_line(compiled_job_order(job), pay_code, quantity, date)
    except engine.EngineError as exc:
        raise ValueError(str(exc)) from exc
    p = line.provenance
    oncosts = [(c.charge, c.amount) for c in line.oncosts]
    return RateQuote(
        pay_code=line.pay_code,
        quantity=line.units,
        pay_rate=line.pay_rate,
        wage=line.wage,
        bill_oncosts=[OncostAmountType(code=c.code, amount=a) for c, a in oncosts if c.passed_through],
        pay_oncosts=[OncostAmountType(code=c.code, amount=a) for c, a in oncosts if not c.passed_through],
        cost_rate=p.cost,
        bill_rate=line.bill_rate,
        bill_amount=line.bill_amount,
        gross_margin=line.gross_margin,
        margin_percent=line.margin_percent,
        rule=RateRule(
            agreement=p.bill_agreement_name,
            level=p.rule_node[0],
            node_value=p.rule_node[1],
            scope=str(p.scope),
            method=str(p.method),
            value=p.value,
            rule_id=strawberry.ID(str(relay.to_base64("BillRateRule", p.rule_id))),
            line_id=strawberry.ID(str(relay.to_base64("BillRateLine", p.line_id))),
        ),
    )


@strawberry.type
class RatesQuery:
    rate_quote: RateQuote = strawberry.field(
        resolver=rate_quote,
        description="Price `quantity` units of a pay code for a job order (global ID or code) on a date (staff; "
        "pay, cost and margin figures need identity.view_confidential).",
        extensions=[Require(IsStaff())],
    )

    @strawberry.field(
        description="The agreement hierarchy's level names, broadest first (docs/design.md §4.1; set by the "
        "configuration document's `hierarchy`) (staff).",
        extensions=[Require(IsStaff())],
    )
    def hierarchy_levels(self, info: Info) -> list[str]:
        return list(HierarchyLevel.objects.order_by("position").values_list("name", flat=True))

    @strawberry_django.connection(
        DjangoListConnection[PayCodeType], description="Pay codes (staff).", extensions=[Require(IsStaff())]
    )
    def pay_codes(self, info: Info) -> QuerySet[PayCode]:
        return PayCode.objects.all()

    @strawberry_django.connection(
        DjangoListConnection[OncostType],
        description="Oncosts with their values (staff holding identity.view_confidential).",
        extensions=[Require(Confidential())],
    )
    def oncosts(self, info: Info) -> QuerySet[Oncost]:
        return Oncost.objects.all()

    @strawberry_django.connection(
        DjangoListConnection[PayAgreementType],
        description="Pay agreements (staff holding identity.view_confidential).",
        extensions=[Require(Confidential())],
    )
    def pay_agreements(self, info: Info) -> QuerySet[PayAgreement]:
        return PayAgreement.objects.all()

    @strawberry_django.connection(
        DjangoListConnection[BillAgreementType], description="Bill agreements (staff).", extensions=[Require(IsStaff())]
    )
    def bill_agreements(self, info: Info) -> QuerySet[BillAgreement]:
        return BillAgreement.objects.all()
