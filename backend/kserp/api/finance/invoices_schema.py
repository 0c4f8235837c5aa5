"""Invoices and receivables: queries, mutations, subscriptions."""

from __future__ import annotations

from collections.abc import AsyncGenerator

import strawberry
import strawberry_django
from channels.db import database_sync_to_async
from django.db.models import QuerySet
from strawberry.types import Info

from kserp.api.core.lookup import by_id_or_code
from kserp.api.core.permissions import IsPortalUserOrStaff, IsStaff, Require, viewer_access
from kserp.api.core.sync import KeysetConnection, ordered
from kserp.api.finance.invoice_types import (
    CreditNoteFilter,
    CreditNoteOrder,
    CreditNoteType,
    InvoiceFilter,
    InvoiceOrder,
    InvoiceType,
    ReceiptFilter,
    ReceiptOrder,
    ReceiptType,
    ReceivablesSummary,
)
from kserp.api.finance.mutations.allocate_receipt import allocate_receipt_field
from kserp.api.finance.mutations.invoice_credit import credit_invoice_field
from kserp.api.finance.mutations.receipt_record import record_payment_field
from kserp.api.finance.mutations.record_receipt import record_receipt_field
from kserp.api.finance.mutations.refund_receipt import refund_receipt_field
from kserp.api.finance.mutations.reverse_receipt import reverse_receipt_field
from kserp.api.finance.types import EntityType, entities_visible
from kserp.base.models import Entity
from kserp.finance.events import RECEIVABLES_ALL, receivables_group
from kserp.finance.models import CreditNote, Invoice, Receipt
from kserp.finance.receivables import receivables_payload, receivables_summary
from kserp.realtime.listen import listen_read


@strawberry.type
class InvoicesQuery:
    @strawberry_django.connection(
        KeysetConnection[InvoiceType],
        filters=InvoiceFilter,
        description="Invoices, newest first unless orderBy says otherwise (staff; a portal user sees their client's).",
        extensions=[Require(IsPortalUserOrStaff())],
    )
    def invoices(self, info: Info, order_by: InvoiceOrder | None = None) -> QuerySet[Invoice]:
        return ordered(Invoice.objects.order_by("-issue_date", "-id"), order_by)  # narrowed by InvoiceType.get_queryset

    @strawberry_django.connection(
        KeysetConnection[CreditNoteType],
        filters=CreditNoteFilter,
        description="Credit notes, oldest first unless orderBy says otherwise (staff; a portal user sees their "
        "client's).",
        extensions=[Require(IsPortalUserOrStaff())],
    )
    def credit_notes(self, info: Info, order_by: CreditNoteOrder | None = None) -> QuerySet[CreditNote]:
        return ordered(CreditNote.objects.order_by("id"), order_by)  # narrowed by CreditNoteType.get_queryset

    @strawberry_django.connection(
        KeysetConnection[ReceiptType],
        filters=ReceiptFilter,
        description="Receipts (money received), oldest first unless orderBy says otherwise (staff; a portal user "
        "sees their client's).",
        extensions=[Require(IsPortalUserOrStaff())],
    )
    def receipts(self, info: Info, order_by: ReceiptOrder | None = None) -> QuerySet[Receipt]:
        return ordered(Receipt.objects.order_by("id"), order_by)  # narrowed by ReceiptType.get_queryset

    @strawberry_django.field(
        description="The legal entities that issue invoices, by code (staff; an entity-bound token: its own).",
        extensions=[Require(IsStaff())],
    )
    def entities(self, info: Info) -> list[EntityType]:
        return entities_visible(viewer_access(info).entity_id).order_by("code")  # type: ignore[return-value]

    @strawberry.field(description="An entity's receivables now (staff).", extensions=[Require(IsStaff())])
    def receivables(self, info: Info, entity: strawberry.ID) -> ReceivablesSummary:
        found = by_id_or_code(entities_visible(viewer_access(info).entity_id), str(entity), type_name="Entity")
        if found is None:
            raise ValueError(f"No entity {entity!r}.")
        return _receivables_now(found.pk)


@strawberry.type
class InvoicesMutation:
    credit_invoice = credit_invoice_field
    record_payment = record_payment_field
    record_receipt = record_receipt_field
    allocate_receipt = allocate_receipt_field
    refund_receipt = refund_receipt_field
    reverse_receipt = reverse_receipt_field


def _receivables_of_event(payload: dict) -> ReceivablesSummary:
    return _receivables_now(payload["entityId"])


def _receivables_now(entity_id: int) -> ReceivablesSummary:
    entity = Entity.objects.get(pk=entity_id)
    return ReceivablesSummary.from_payload(receivables_payload(receivables_summary(entity=entity)))


@strawberry.type
class InvoicesSubscription:
    @strawberry.subscription(
        description="An entity's receivables summary after every change (invoices, credit notes, receipts); "
        "without `entity`, every entity's (staff: the figures span every client, so portal users are refused).",
        extensions=[Require(IsStaff())],
    )
    async def receivables_changed(
        self, info: Info, entity: strawberry.ID | None = None
    ) -> AsyncGenerator[ReceivablesSummary, None]:
        bound = viewer_access(info).entity_id
        group = RECEIVABLES_ALL if bound is None else receivables_group(bound)
        if entity is not None:
            found = await database_sync_to_async(by_id_or_code)(
                entities_visible(bound), str(entity), type_name="Entity"
            )
            if found is None:
                raise ValueError(f"No entity {entity!r}.")
            group = receivables_group(found.pk)
        # {"entityId": ...}: the summary is read again, once per event for all of this process's
        # subscribers (it depends on the entity only; access was checked above).
        async for summary in listen_read(info, [group], _receivables_of_event):
            yield summary
