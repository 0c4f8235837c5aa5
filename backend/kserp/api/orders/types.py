from __future__ import annotations

from typing import Any

import strawberry
import strawberry_django
from django.db.models import QuerySet
from strawberry import auto, relay
from strawberry.types import Info

from kserp.api.core.errors import UserError
from kserp.api.core.permissions import Confidential, IsStaff, Require, scope_queryset_to_viewer
from kserp.api.crm.types import ClientType, PayeeType
from kserp.api.finance.types import EntityType
from kserp.api.orders.filters import JobOrderFilter
from kserp.api.rates.types import BillAgreementType, PayAgreementType
from kserp.orders.models import JobOrder
from kserp.rates.applicability import job_order_path
from kserp.rates.compile import hierarchy
from kserp.rates.models import BillAgreement
from kserp.rates.selectors import applicable_among


def _request_cache(info: Info) -> dict[str, Any]:
    """Per-request memo (hierarchy, bill agreement headers) so a list of job orders costs a
    constant number of queries."""
    context = info.context
    cache = getattr(context, "_kserp_cache", None)
    if cache is None:
        cache = {}
        try:
            context._kserp_cache = cache
        except AttributeError:  # a dict context (WebSocket)
            context.setdefault("_kserp_cache", cache)
            cache = context["_kserp_cache"]
    return cache


def _levels(info: Info) -> tuple[str, ...]:
    cache = _request_cache(info)
    if "levels" not in cache:
        cache["levels"] = hierarchy()
    return cache["levels"]


@strawberry_django.type(JobOrder, name="JobOrder", filters=JobOrderFilter)
class JobOrderType(relay.Node):
    code: auto
    title: auto
    status: str = strawberry_django.field(description="DRAFT | FILLED | ACTIVE | COMPLETED | CANCELLED")
    client: ClientType
    payee: PayeeType
    entity: EntityType
    start: auto
    end: auto
    division: auto
    po_number: auto
    invoice_grouping: str = strawberry_django.field(description="Empty: the client's grouping.")
    updated_at: auto
    pay_agreement: PayAgreementType | None = strawberry_django.field(
        description="Pay rates: staff holding identity.view_confidential; refused to clients.",
        extensions=[Require(Confidential())],
    )
    bill_agreement: BillAgreementType | None = strawberry_django.field(
        description="Agency-internal (staff); refused to clients.", extensions=[Require(IsStaff())]
    )

    @classmethod
    def get_queryset(cls, queryset: QuerySet[JobOrder], info: Info, **kwargs: Any) -> QuerySet[JobOrder]:
        return scope_queryset_to_viewer(queryset, info, client_field="client", entity_field="entity")

    @strawberry_django.field(
        only=["path", "code"],
        select_related=["entity", "client", "payee"],
        description="The job order's hierarchy path: level -> value.",
    )
    def path(self, root: JobOrder, info: Info) -> strawberry.scalars.JSON:
        return job_order_path(root, _levels(info))  # type: ignore[return-value]

    @strawberry_django.field(
        only=["path", "code", "start", "end"],
        select_related=["entity", "client", "payee"],
        description="The bill agreement headers that apply: node on the path, validity covering the dates (staff).",
        extensions=[Require(IsStaff())],
    )
    def applicable_bill_agreements(self, root: JobOrder, info: Info) -> list[BillAgreementType]:
        cache = _request_cache(info)
        levels = _levels(info)
        if "bill_agreements" not in cache:
            cache["bill_agreements"] = list(BillAgreement.objects.all())
        return applicable_among(job_order=root, headers=cache["bill_agreements"], levels=levels)  # type: ignore[return-value]


@strawberry.type
class JobOrderPayload:
    job_order: JobOrderType | None
    errors: list[UserError]
