from __future__ import annotations

from enum import Enum

import strawberry
import strawberry_django
from django.db.models import Q
from strawberry import auto

from kserp.api.core.filters import contains_any
from kserp.api.core.sync import OrderDirection, UpdatedSinceFilter
from kserp.orders.models import JobOrder


@strawberry_django.filter_type(JobOrder)
class JobOrderFilter(UpdatedSinceFilter):
    code: auto
    status: auto
    division: auto

    @strawberry_django.filter_field
    def client(self, value: str, prefix: str) -> Q:
        """The client's code."""
        return Q(**{f"{prefix}client__code": value})

    @strawberry_django.filter_field
    def search(self, value: str, prefix: str) -> Q:
        """Code, title, client name or payee name contains this, ignoring case."""
        return contains_any(value, prefix, "code", "title", "client__name", "payee__name")

    @strawberry_django.filter_field
    def payee(self, value: str, prefix: str) -> Q:
        """The payee's code."""
        return Q(**{f"{prefix}payee__code": value})


@strawberry.enum(description="What job orders can be sorted by.")
class JobOrderOrderField(Enum):
    UPDATED_AT = "updated_at"
    CODE = "code"
    START = "start"


@strawberry.input(description="How to sort job orders (ties by id, the same way).")
class JobOrderOrder:
    field: JobOrderOrderField
    direction: OrderDirection = OrderDirection.ASC
