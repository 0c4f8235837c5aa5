from __future__ import annotations

import strawberry
import strawberry_django
from django.db.models import QuerySet
from strawberry.types import Info

from kserp.api.core.permissions import IsPortalUserOrStaff, Require
from kserp.api.core.sync import KeysetConnection, ordered
from kserp.api.orders.filters import JobOrderFilter, JobOrderOrder
from kserp.api.orders.mutations.job_order_assign_bill_agreement import assign_bill_agreement_field
from kserp.api.orders.mutations.job_order_create import create_job_order_field
from kserp.api.orders.mutations.job_order_end import end_job_order_field
from kserp.api.orders.mutations.job_order_extend import extend_job_order_field
from kserp.api.orders.mutations.job_order_replace import replace_job_order_field
from kserp.api.orders.mutations.job_order_update import update_job_order_field
from kserp.api.orders.types import JobOrderType
from kserp.orders.models import JobOrder
from kserp.orders.selectors import job_order_list


@strawberry.type
class OrdersQuery:
    @strawberry_django.connection(
        KeysetConnection[JobOrderType],
        filters=JobOrderFilter,
        description="Job orders (staff; a portal user sees their client's).",
        extensions=[Require(IsPortalUserOrStaff())],
    )
    def job_orders(self, info: Info, order_by: JobOrderOrder | None = None) -> QuerySet[JobOrder]:
        return ordered(job_order_list(), order_by)  # narrowed to the caller by JobOrderType.get_queryset


@strawberry.type
class OrdersMutation:
    assign_bill_agreement = assign_bill_agreement_field
    create_job_order = create_job_order_field
    update_job_order = update_job_order_field
    extend_job_order = extend_job_order_field
    end_job_order = end_job_order_field
    replace_job_order = replace_job_order_field
