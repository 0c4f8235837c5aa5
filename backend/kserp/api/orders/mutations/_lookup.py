"""Loading a timesheet or billing run named by global ID (or plain id) in a mutation argument."""

from __future__ import annotations

from django.db.models import Model
from strawberry import relay


def object_by_id(model: type[Model], value: str, type_name: str) -> Model | None:
    try:
        global_id = relay.GlobalID.from_id(value)
        if global_id.type_name != type_name:
            return None
        pk = global_id.node_id
    except Exception:
        pk = value
    if not str(pk).isdigit():
        return None
    return model._default_manager.filter(pk=int(pk)).first()
