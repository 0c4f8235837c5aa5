from __future__ import annotations

import strawberry_django
from strawberry import auto, relay

from kserp.finance.models import Entity


@strawberry_django.type(Entity, name="Entity")
class EntityType(relay.Node):
    code: auto
    name: auto
    country: auto
    brand: auto
    currency: auto
    tax_rate: auto
    invoice_prefix: auto
