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
from kserp.api.core.permissions import require_staff
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
from kserp.rates.models import BillAgreement, Oncost, PayAgreement, PayCode


def rate_quote(info: Info, job_order: strawberry.ID, pay_code: str, quantity: Decimal, date: dt.date) -> RateQuote:
    require_staff(info)
    job = by_id_or_code(
        JobOrder.objects.select_related("entity", "client", "payee", "pay_agreement", "bill_agreement"),
        str(job_order),
        type_name="JobOrder",
    )
    if job is None:
        raise ValueError(f"Unknown job order {job_order!r}.")
    if job.bill_agreement is None:
        raise ValueError(f"Job order {job.code} has no bill agreement.")
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
        description="Price `quantity` units of a pay code for a job order (global ID or code) on a date (staff).",
    )

    @strawberry_django.connection(DjangoListConnection[PayCodeType], description="Pay codes (staff).")
    def pay_codes(self, info: Info) -> QuerySet[PayCode]:
        require_staff(info)
        return PayCode.objects.all()

    @strawberry_django.connection(DjangoListConnection[OncostType], description="Oncosts with their values (staff).")
    def oncosts(self, info: Info) -> QuerySet[Oncost]:
        require_staff(info)
        return Oncost.objects.all()

    @strawberry_django.connection(DjangoListConnection[PayAgreementType], description="Pay agreements (staff).")
    def pay_agreements(self, info: Info) -> QuerySet[PayAgreement]:
        require_staff(info)
        return PayAgreement.objects.all()

    @strawberry_django.connection(DjangoListConnection[BillAgreementType], description="Bill agreements (staff).")
    def bill_agreements(self, info: Info) -> QuerySet[BillAgreement]:
        require_staff(info)
        return BillAgreement.objects.all()
