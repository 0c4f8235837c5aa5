"""Arguments that name an object by Relay global ID or by its code (docs/api.md): the one lookup
every query and mutation uses."""

from __future__ import annotations

from typing import TypeVar

from django.db.models import Model, QuerySet
from strawberry import relay

from kserp.api.core.arguments import key_is_valid

M = TypeVar("M", bound=Model)


def by_id_or_code(queryset: QuerySet[M], value: str, *, type_name: str, key: str | None = "code") -> M | None:
    """The object of `queryset` whose global ID (of `type_name`) or `key` (code, number, or name for
    agreements) is `value`. Objects without a code (timesheets, billing runs) pass `key=None`: then a
    plain numeric id is accepted, and another type's global ID finds nothing.

    Pass the GraphQL type's `get_queryset` as `queryset`, so callers reach only what they may see:
    anything else is "not found"."""
    try:
        global_id = relay.GlobalID.from_id(value)
    except Exception:
        global_id = None
    if global_id is not None and global_id.type_name == type_name:
        return queryset.filter(pk=global_id.node_id).first() if key_is_valid(global_id.node_id) else None
    if key is not None:
        return queryset.filter(**{key: value}).first()
    if global_id is not None or not key_is_valid(value):
        return None
    return queryset.filter(pk=int(value)).first()
