from __future__ import annotations

import strawberry_django
from django.db.models import Q
from strawberry import auto

from kserp.api.core.filters import contains_any
from kserp.orders.models import JobOrder


@strawberry_django.filter_type(JobOrder)
class JobOrderFilter:
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
