from __future__ import annotations

import strawberry
import strawberry_django
from django.db.models import QuerySet
from strawberry.types import Info
from strawberry_django.relay import DjangoListConnection

from kserp.api.core.permissions import require_staff
from kserp.api.crm.types import ClientFilter, ClientType
from kserp.crm.models import Client
from kserp.crm.selectors import client_list


@strawberry.type
class CrmQuery:
    @strawberry_django.connection(
        DjangoListConnection[ClientType], filters=ClientFilter, description="Clients (staff)."
    )
    def clients(self, info: Info) -> QuerySet[Client]:
        require_staff(info)
        return client_list()
