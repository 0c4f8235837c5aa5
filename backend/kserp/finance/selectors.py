"""Reads of the finance domain."""

from __future__ import annotations

from django.db.models import QuerySet

from kserp.finance.models import Entity


def entity_list() -> QuerySet[Entity]:
    return Entity.objects.all()
