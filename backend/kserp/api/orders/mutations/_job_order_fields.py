"""Turning `createJobOrder`/`updateJobOrder` input references (global IDs, codes, names,
usernames) into objects, with a NOT_FOUND error per unknown one."""

from __future__ import annotations

from typing import Any

from kserp.api.core.errors import UserError
from kserp.api.core.lookup import by_id_or_code
from kserp.base.models import Entity
from kserp.crm.models import Client, Payee
from kserp.identity.models import User
from kserp.rates.models import BillAgreement, PayAgreement

#: input field → (queryset, global ID type name, natural key, what it is)
REFERENCES: dict[str, tuple[Any, str, str, str]] = {
    "client": (Client.objects.select_related("entity"), "Client", "code", "client"),
    "payee": (Payee.objects.all(), "Payee", "code", "payee"),
    "entity": (Entity.objects.all(), "Entity", "code", "entity"),
    "consultant": (User.objects.filter(is_staff=True), "User", "username", "staff member"),
    "pay_agreement": (PayAgreement.objects.all(), "PayAgreement", "name", "pay agreement"),
    "bill_agreement": (BillAgreement.objects.all(), "BillAgreement", "name", "bill agreement"),
}
CAMEL = {"pay_agreement": "payAgreement", "bill_agreement": "billAgreement", "po_number": "poNumber",
         "invoice_grouping": "invoiceGrouping"}  # fmt: skip


def resolve(values: dict[str, Any]) -> tuple[dict[str, Any], list[UserError]]:
    """`values` with references replaced by objects (None stays None: it clears the field)."""
    resolved: dict[str, Any] = {}
    errors: list[UserError] = []
    for name, value in values.items():
        if name in REFERENCES and value is not None:
            queryset, type_name, key, what = REFERENCES[name]
            found = by_id_or_code(queryset, str(value), type_name=type_name, key=key)
            if found is None:
                errors.append(UserError(field=CAMEL.get(name, name), code="NOT_FOUND", message=f"No {what} {value!r}."))
            resolved[name] = found
        elif name == "path":
            if value is None:
                resolved[name] = {}
            elif not isinstance(value, dict):
                errors.append(UserError(field="path", code="INVALID", message="Give the path as {level: value}."))
            else:
                resolved[name] = value
        elif name in ("division", "po_number", "invoice_grouping"):
            resolved[name] = value or ""
        else:
            resolved[name] = value
    return resolved, errors
