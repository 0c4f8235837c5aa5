from __future__ import annotations

import strawberry
import strawberry_django
from django.db.models import Q
from strawberry import auto, relay

from kserp.api.finance.types import EntityType
from kserp.crm.models import Client, Payee


@strawberry_django.filter_type(Client)
class ClientFilter:
    code: auto
    name: auto

    @strawberry_django.filter_field
    def entity(self, value: str, prefix: str) -> Q:
        """The entity's code."""
        return Q(**{f"{prefix}entity__code": value})


@strawberry_django.type(Client, name="Client", filters=ClientFilter)
class ClientType(relay.Node):
    code: auto
    name: auto
    entity: EntityType
    payment_terms_days: auto
    invoice_grouping: str = strawberry_django.field(description="CLIENT | JOB_ORDER | TIMESHEET")


@strawberry_django.type(Payee, name="Payee")
class PayeeType(relay.Node):
    code: auto
    name: auto
    kind: str = strawberry_django.field(description="EMPLOYEE | CONTRACTOR")


__all__ = ["ClientFilter", "ClientType", "PayeeType", "strawberry"]
