from __future__ import annotations

from typing import Any

import strawberry_django
from django.db.models import Q, QuerySet
from strawberry import auto, relay
from strawberry.types import Info

from kserp.api.core.permissions import scope_queryset_to_viewer, viewer_access
from kserp.base.models import Entity
from kserp.crm.models import Client
from kserp.orders.models import JobOrder


@strawberry_django.type(Entity, name="Entity")
class EntityType(relay.Node):
    code: auto
    name: auto
    country: auto
    brand: auto
    currency: auto
    tax_rate: auto
    invoice_prefix: auto

    @classmethod
    def get_queryset(cls, queryset: QuerySet[Entity], info: Info, **kwargs: Any) -> QuerySet[Entity]:
        # Staff: every entity (an entity-bound token: its own); portal users: the entities their
        # client deals with (the client's, and those of its job orders and so of its invoices).
        access = viewer_access(info)
        client_id = access.client_id
        if access.is_portal and client_id is not None:
            return queryset.filter(
                Q(pk__in=Client.objects.filter(pk=client_id).values("entity_id"))
                | Q(pk__in=JobOrder.objects.filter(client_id=client_id).values("entity_id"))
            )
        return scope_queryset_to_viewer(queryset, info, client_field=None, entity_field="pk")


def entities_visible(entity_id: int | None) -> QuerySet[Entity]:
    """The entities a staff caller may work on (an entity-bound token: its own)."""
    return Entity.objects.filter(pk=entity_id) if entity_id is not None else Entity.objects.all()
