from __future__ import annotations

import strawberry
import strawberry_django
from django.db.models import QuerySet
from strawberry.types import Info
from strawberry_django.relay import DjangoListConnection

from kserp.api.core.permissions import IsPortalUserOrStaff, Require
from kserp.api.crm.types import ClientFilter, ClientType
from kserp.crm.models import Client
from kserp.crm.selectors import client_list


@strawberry.type
class CrmQuery:
    @strawberry_django.connection(
        DjangoListConnection[ClientType],
        filters=ClientFilter,
        description="Clients (staff; a portal user sees their own).",
        extensions=[Require(IsPortalUserOrStaff())],
    )
    def clients(self, info: Info) -> QuerySet[Client]:
        return client_list()  # narrowed to the caller by ClientType.get_queryset
