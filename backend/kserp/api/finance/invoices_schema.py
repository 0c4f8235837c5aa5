"""Invoices and receivables: queries, mutations, subscriptions."""

from __future__ import annotations

from collections.abc import AsyncGenerator

import strawberry
import strawberry_django
from channels.db import database_sync_to_async
from django.db.models import QuerySet
from strawberry.types import Info
from strawberry_django.relay import DjangoListConnection

from kserp.api.core.context import current_user
from kserp.api.core.lookup import by_id_or_code
from kserp.api.finance.invoice_types import InvoiceFilter, InvoiceType, ReceivablesSummary
from kserp.api.finance.mutations.invoice_credit import credit_invoice_field
from kserp.api.finance.mutations.receipt_record import record_payment_field
from kserp.finance.groups import RECEIVABLES_ALL, receivables_group
from kserp.finance.models import Entity, Invoice
from kserp.finance.receivables import receivables_payload, receivables_summary
from kserp.realtime.listen import listen


def visible_invoices(user: object) -> QuerySet[Invoice]:
    """Staff see every invoice; a client's portal user sees that client's (the portal hook)."""
    if not getattr(user, "is_authenticated", False):
        raise PermissionError("Sign in first.")
    client_id = getattr(user, "client_id", None)
    if client_id is not None:
        return Invoice.objects.filter(client_id=client_id)
    if not getattr(user, "is_staff", False):
        raise PermissionError("Only staff may do this.")
    return Invoice.objects.all()


@strawberry.type
class InvoicesQuery:
    @strawberry_django.connection(
        DjangoListConnection[InvoiceType],
        filters=InvoiceFilter,
        description="Invoices, newest first (staff; a portal user sees their client's).",
    )
    def invoices(self, info: Info) -> QuerySet[Invoice]:
        return visible_invoices(current_user(info)).order_by("-issue_date", "-id")

    @strawberry.field(description="An entity's receivables now (staff).")
    def receivables(self, info: Info, entity: strawberry.ID) -> ReceivablesSummary:
        _require_staff(info)
        found = by_id_or_code(Entity.objects.all(), str(entity), type_name="Entity")
        if found is None:
            raise ValueError(f"No entity {entity!r}.")
        return ReceivablesSummary.from_payload(receivables_payload(receivables_summary(entity=found)))


@strawberry.type
class InvoicesMutation:
    credit_invoice = credit_invoice_field
    record_payment = record_payment_field


def _require_staff(info: Info) -> None:
    user = current_user(info)
    if not (user.is_authenticated and user.is_staff and getattr(user, "client_id", None) is None):
        raise PermissionError("Only staff may do this.")


@strawberry.type
class InvoicesSubscription:
    @strawberry.subscription(
        description="An entity's receivables summary after every change (invoices, credit notes, receipts); "
        "without `entity`, every entity's (staff)."
    )
    async def receivables_changed(
        self, info: Info, entity: strawberry.ID | None = None
    ) -> AsyncGenerator[ReceivablesSummary, None]:
        _require_staff(info)
        group = RECEIVABLES_ALL
        if entity is not None:
            found = await database_sync_to_async(by_id_or_code)(Entity.objects.all(), str(entity), type_name="Entity")
            if found is None:
                raise ValueError(f"No entity {entity!r}.")
            group = receivables_group(found.pk)
        async for payload in listen(info, [group]):
            yield ReceivablesSummary.from_payload(payload)
