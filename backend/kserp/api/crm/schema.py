from __future__ import annotations

import strawberry
import strawberry_django
from django.db.models import QuerySet
from strawberry.types import Info

from kserp.api.core.permissions import IsPortalUserOrStaff, Require
from kserp.api.core.sync import KeysetConnection, ordered
from kserp.api.crm.types import ClientFilter, ClientOrder, ClientType
from kserp.crm.models import Client
from kserp.crm.selectors import client_list


@strawberry.type
class CrmQuery:
    @strawberry_django.connection(
        KeysetConnection[ClientType],
        filters=ClientFilter,
        description="Clients (staff; a portal user sees their own).",
        extensions=[Require(IsPortalUserOrStaff())],
    )
    def clients(self, info: Info, order_by: ClientOrder | None = None) -> QuerySet[Client]:
        return ordered(client_list(), order_by)  # narrowed to the caller by ClientType.get_queryset
