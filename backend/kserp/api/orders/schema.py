from __future__ import annotations

import strawberry
import strawberry_django
from django.db.models import QuerySet
from strawberry.types import Info
from strawberry_django.relay import DjangoListConnection

from kserp.api.core.permissions import require_staff
from kserp.api.orders.filters import JobOrderFilter
from kserp.api.orders.mutations.job_order_assign_bill_agreement import assign_bill_agreement_field
from kserp.api.orders.types import JobOrderType
from kserp.orders.models import JobOrder
from kserp.orders.selectors import job_order_list


@strawberry.type
class OrdersQuery:
    @strawberry_django.connection(
        DjangoListConnection[JobOrderType], filters=JobOrderFilter, description="Job orders (staff)."
    )
    def job_orders(self, info: Info) -> QuerySet[JobOrder]:
        require_staff(info)
        return job_order_list()


@strawberry.type
class OrdersMutation:
    assign_bill_agreement = assign_bill_agreement_field
