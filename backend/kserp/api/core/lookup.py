"""Arguments that name an object by Relay global ID or by its code (docs/api.md)."""

from __future__ import annotations

from typing import TypeVar

from django.db.models import Model, QuerySet
from strawberry import relay

M = TypeVar("M", bound=Model)


def by_id_or_code(queryset: QuerySet[M], value: str, *, type_name: str, key: str = "code") -> M | None:
    """The object whose global ID (of `type_name`) or `key` (code, or name for agreements) is `value`."""
    try:
        global_id = relay.GlobalID.from_id(value)
    except Exception:
        global_id = None
    if global_id is not None and global_id.type_name == type_name:
        return queryset.filter(pk=global_id.node_id).first() if global_id.node_id.isdigit() else None
    return queryset.filter(**{key: value}).first()
