from __future__ import annotations

import strawberry_django
from django.db.models import Q
from strawberry import auto

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
    def payee(self, value: str, prefix: str) -> Q:
        """The payee's code."""
        return Q(**{f"{prefix}payee__code": value})
