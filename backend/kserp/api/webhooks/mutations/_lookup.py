from __future__ import annotations

from typing import Any

from strawberry.types import Info

from kserp.api.core.errors import UserError
from kserp.api.core.lookup import by_id_or_code


def admin_object(info: Info, type_class: Any, model: Any, value: str, type_name: str) -> Any:
    """The webhook object `value` names (global ID), seen through its type's scoping."""
    return by_id_or_code(type_class.get_queryset(model.objects.all(), info), value, type_name=type_name, key=None)


def not_found(field: str, value: str) -> list[UserError]:
    return [UserError(field=field, code="NOT_FOUND", message=f"No {field} {value!r}.")]
