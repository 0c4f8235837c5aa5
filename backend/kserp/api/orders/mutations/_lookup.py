"""Loading a timesheet or billing run named by global ID (or plain id) in a mutation argument."""

from __future__ import annotations

from django.db.models import Model, QuerySet
from strawberry import relay


def object_by_id(model: type[Model], value: str, type_name: str, queryset: QuerySet | None = None) -> Model | None:
    """The object, looked up in `queryset` when given (pass the type's `get_queryset` so callers
    only reach what they may see: anything else is "not found")."""
    try:
        global_id = relay.GlobalID.from_id(value)
        if global_id.type_name != type_name:
            return None
        pk = global_id.node_id
    except Exception:
        pk = value
    if not str(pk).isdigit():
        return None
    rows = queryset if queryset is not None else model._default_manager.all()
    return rows.filter(pk=int(pk)).first()
