from __future__ import annotations

import strawberry
import strawberry_django
from django.db.models import QuerySet
from strawberry.types import Info
from strawberry_django.relay import DjangoListConnection

from kserp.api.core.permissions import IsPortalUserOrStaff, IsStaff, Require
from kserp.api.core.sync import KeysetConnection, ordered
from kserp.api.crm.mutations.payee_create import create_payee_field
from kserp.api.crm.mutations.payee_update import update_payee_field
from kserp.api.crm.types import ClientFilter, ClientOrder, ClientType, PayeeFilter, PayeeType
from kserp.crm.models import Client, Payee
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

    @strawberry_django.connection(
        DjangoListConnection[PayeeType],
        filters=PayeeFilter,
        description="Workers, by code (staff).",
        extensions=[Require(IsStaff())],
    )
    def payees(self, info: Info) -> QuerySet[Payee]:
        return Payee.objects.order_by("code")


@strawberry.type
class CrmMutation:
    create_payee = create_payee_field
    update_payee = update_payee_field
