"""GraphQL types of invoices, credit notes, receipts and receivables (docs/api.md)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import Enum
from typing import Any

import strawberry
import strawberry_django
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from strawberry import auto, relay
from strawberry.types import Info

from kserp.api.core.arguments import key_is_valid
from kserp.api.core.errors import UserError
from kserp.api.core.filters import contains_any
from kserp.api.core.permissions import row_visible_to_viewer, scope_queryset_to_viewer, viewer_access
from kserp.api.core.sync import OrderDirection, UpdatedSinceFilter
from kserp.api.crm.types import ClientType
from kserp.api.finance.delivery_types import DocumentDeliveryType
from kserp.api.finance.types import EntityType
from kserp.api.orders.timesheets_types import BillLineType, TimesheetType
from kserp.api.orders.types import JobOrderType
from kserp.finance.models import CreditNote, Invoice, InvoiceLine, Receipt, ReceiptAllocation
from kserp.finance.receivables import OPEN_STATUSES


@strawberry_django.filter_type(Invoice)
class InvoiceFilter(UpdatedSinceFilter):
    status: auto

    @strawberry_django.filter_field
    def client(self, value: str, prefix: str) -> Q:
        """The client's code."""
        return Q(**{f"{prefix}client__code": value})

    @strawberry_django.filter_field
    def entity(self, value: str, prefix: str) -> Q:
        """The entity's code."""
        return Q(**{f"{prefix}entity__code": value})

    @strawberry_django.filter_field
    def search(self, value: str, prefix: str) -> Q:
        """Number, client code or client name contains this, ignoring case."""
        return contains_any(value, prefix, "number", "client__code", "client__name")

    @strawberry_django.filter_field
    def issued_from(self, value: dt.date, prefix: str) -> Q:
        """Issued on or after this date."""
        return Q(**{f"{prefix}issue_date__gte": value})

    @strawberry_django.filter_field
    def issued_to(self, value: dt.date, prefix: str) -> Q:
        """Issued on or before this date."""
        return Q(**{f"{prefix}issue_date__lte": value})

    @strawberry_django.filter_field
    def overdue(self, value: bool, prefix: str) -> Q:
        """Open and past the due date (true), or not (false)."""
        condition = Q(**{f"{prefix}status__in": OPEN_STATUSES, f"{prefix}due_date__lt": timezone.localdate()})
        return condition if value else ~condition

    @strawberry_django.filter_field
    def billing_run(self, value: strawberry.ID, prefix: str) -> Q:
        """Issued by this billing run (its global ID); an ID of anything else matches nothing."""
        try:
            global_id = relay.GlobalID.from_id(value)
        except Exception:  # not a global ID at all
            return Q(pk__in=[])
        if global_id.type_name != "BillingRun" or not key_is_valid(global_id.node_id):
            return Q(pk__in=[])
        return Q(**{f"{prefix}billing_run_id": int(global_id.node_id)})


@strawberry.enum(description="What invoices can be sorted by.")
class InvoiceOrderField(Enum):
    UPDATED_AT = "updated_at"
    ISSUE_DATE = "issue_date"
    NUMBER = "number"
    DUE_DATE = "due_date"


@strawberry.input(description="How to sort invoices (ties by id, the same way).")
class InvoiceOrder:
    field: InvoiceOrderField
    direction: OrderDirection = OrderDirection.ASC


@strawberry_django.filter_type(CreditNote)
class CreditNoteFilter(UpdatedSinceFilter):
    @strawberry_django.filter_field
    def client(self, value: str, prefix: str) -> Q:
        """The client's code."""
        return Q(**{f"{prefix}invoice__client__code": value})

    @strawberry_django.filter_field
    def invoice(self, value: str, prefix: str) -> Q:
        """The credited invoice's number."""
        return Q(**{f"{prefix}invoice__number": value})


@strawberry.enum(description="What credit notes can be sorted by.")
class CreditNoteOrderField(Enum):
    UPDATED_AT = "updated_at"
    ISSUE_DATE = "issue_date"
    NUMBER = "number"


@strawberry.input(description="How to sort credit notes (ties by id, the same way).")
class CreditNoteOrder:
    field: CreditNoteOrderField
    direction: OrderDirection = OrderDirection.ASC


@strawberry_django.filter_type(Receipt)
class ReceiptFilter(UpdatedSinceFilter):
    @strawberry_django.filter_field
    def client(self, value: str, prefix: str) -> Q:
        """The client's code."""
        return Q(**{f"{prefix}client__code": value})

    @strawberry_django.filter_field
    def invoice(self, value: str, prefix: str) -> Q:
        """Applied (in part) to the invoice with this number."""
        return Q(**{f"{prefix}allocations__invoice__number": value})

    @strawberry_django.filter_field
    def status(self, value: str, prefix: str) -> Q:
        """ACTIVE or REVERSED."""
        return Q(**{f"{prefix}status": value})

    @strawberry_django.filter_field
    def entity(self, value: str, prefix: str) -> Q:
        """The entity's code."""
        return Q(**{f"{prefix}entity__code": value})

    @strawberry_django.filter_field
    def unapplied(self, value: bool, prefix: str) -> Q:
        """With unapplied cash left (true), or fully applied or refunded (false)."""
        condition = Q(**{f"{prefix}unapplied__gt": 0})
        return condition if value else ~condition

    @strawberry_django.filter_field
    def search(self, value: str, prefix: str) -> Q:
        """Reference, client code or client name contains this, ignoring case."""
        return contains_any(value, prefix, "reference", "client__code", "client__name")


@strawberry.enum(description="What receipts can be sorted by.")
class ReceiptOrderField(Enum):
    UPDATED_AT = "updated_at"
    RECEIVED_ON = "received_on"


@strawberry.input(description="How to sort receipts (ties by id, the same way).")
class ReceiptOrder:
    field: ReceiptOrderField
    direction: OrderDirection = OrderDirection.ASC


@strawberry_django.type(
    InvoiceLine,
    name="InvoiceLine",
    description="One line of an invoice: a priced line of an approved timesheet, billed exactly once, "
    "or on a re-bill a copy of a credited line.",
)
class InvoiceLineType(relay.Node):
    position: int
    description: str
    pay_code: str
    quantity: Decimal
    unit_price: Decimal
    amount: Decimal
    job_order: JobOrderType
    timesheet: TimesheetType | None
    bill_line: BillLineType | None = strawberry_django.field(
        description="The timesheet line this line bills, whose provenance explains the amount; null on a re-bill line."
    )

    @classmethod
    def get_queryset(cls, queryset: QuerySet[InvoiceLine], info: Info, **kwargs: Any) -> QuerySet[InvoiceLine]:
        return scope_queryset_to_viewer(queryset, info, client_field="invoice__client", entity_field="invoice__entity")


@strawberry_django.type(CreditNote, name="CreditNote", filters=CreditNoteFilter)
class CreditNoteType(relay.Node):
    number: str
    issue_date: dt.date
    reason: str
    subtotal: Decimal
    tax_total: Decimal
    total: Decimal
    reopened: bool = strawberry_django.field(description="A re-price: the credited timesheets re-opened.")
    updated_at: dt.datetime
    invoice: InvoiceType = strawberry_django.field(description="The credited invoice.")

    @strawberry_django.field(only=["id"], description="The credit note as a PDF.")
    def pdf_url(self, root: CreditNote) -> str:
        return reverse("credit-note-pdf", args=[root.pk])

    @classmethod
    def get_queryset(cls, queryset: QuerySet[CreditNote], info: Info, **kwargs: Any) -> QuerySet[CreditNote]:
        return scope_queryset_to_viewer(queryset, info, client_field="invoice__client", entity_field="entity")


@strawberry_django.type(
    Receipt,
    name="Receipt",
    filters=ReceiptFilter,
    description="Money received from a client: allocated to invoices, the rest unapplied on the client's account.",
)
class ReceiptType(relay.Node):
    amount: Decimal
    unapplied: Decimal = strawberry_django.field(description="Not yet allocated or refunded.")
    refunded: Decimal
    received_on: dt.date
    reference: str
    status: str = strawberry_django.field(description="ACTIVE | REVERSED (a bounced payment)")
    reversed_on: dt.date | None
    reversal_reason: str
    updated_at: dt.datetime
    client: ClientType
    entity: EntityType
    allocations: list[ReceiptAllocationType]

    @classmethod
    def get_queryset(cls, queryset: QuerySet[Receipt], info: Info, **kwargs: Any) -> QuerySet[Receipt]:
        return scope_queryset_to_viewer(queryset, info, client_field="client", entity_field="entity")


@strawberry_django.type(
    ReceiptAllocation, name="ReceiptAllocation", description="Part of a receipt applied to one invoice."
)
class ReceiptAllocationType(relay.Node):
    amount: Decimal
    allocated_on: dt.date
    invoice: InvoiceType
    receipt: ReceiptType

    @classmethod
    def get_queryset(
        cls, queryset: QuerySet[ReceiptAllocation], info: Info, **kwargs: Any
    ) -> QuerySet[ReceiptAllocation]:
        return scope_queryset_to_viewer(queryset, info, client_field="receipt__client", entity_field="receipt__entity")


@strawberry_django.type(Invoice, name="Invoice", filters=InvoiceFilter)
class InvoiceType(relay.Node):
    number: str
    status: str = strawberry_django.field(description="ISSUED | PART_PAID | PAID | PART_CREDITED | CREDITED")
    issue_date: dt.date
    due_date: dt.date
    currency: str
    tax_rate: Decimal
    subtotal: Decimal
    tax_total: Decimal
    total: Decimal
    amount_paid: Decimal
    amount_credited: Decimal

    # Read in the invoices' own statement (a join) rather than by a second statement through
    # ClientType.get_queryset, whose rule is applied here to the loaded row instead: a partner page
    # is one statement shorter (docs/performance.md, "SQL statements per request").
    @strawberry_django.field(name="client", select_related=["client"], only=["client"])
    def client_joined(self, root: Invoice, info: Info) -> ClientType:
        client = root.client
        if not row_visible_to_viewer(viewer_access(info), client_id=client.pk, entity_id=client.entity_id):
            return None  # type: ignore[return-value]  # as the scoped read would: an error for this non-null field
        return client  # type: ignore[return-value]

    entity: EntityType
    lines: list[InvoiceLineType]
    credit_notes: list[CreditNoteType]
    allocations: list[ReceiptAllocationType] = strawberry_django.field(
        description="What receipts applied to this invoice (a reversed receipt's too: see receipt.status)."
    )

    @strawberry_django.field(
        only=["id"], description="The receipts applied to this invoice (what each applied: `allocations`)."
    )
    def receipts(self, root: Invoice, info: Info) -> list[ReceiptType]:
        found = Receipt.objects.filter(allocations__invoice=root).distinct().order_by("received_on", "id")
        return list(ReceiptType.get_queryset(found, info))  # type: ignore[arg-type]

    @strawberry_django.field(only=["id"], description="Emails of this invoice, newest first (staff).")
    def deliveries(self, root: Invoice, info: Info) -> list[DocumentDeliveryType]:
        return list(DocumentDeliveryType.get_queryset(root.deliveries.all(), info).order_by("-created_at", "-id"))  # type: ignore[arg-type]

    rebill_of: InvoiceType | None
    updated_at: dt.datetime

    @strawberry_django.field(
        only=["id", "created_at"],
        description="Invoices that billed this invoice's re-opened timesheets again after a credit (re-price).",
    )
    def rebilled_by(self, root: Invoice, info: Info) -> list[InvoiceType]:
        from kserp.billing.corrections import invoice_corrections

        later = [i.pk for i in invoice_corrections(invoice=root).rebilled_by]
        return list(InvoiceType.get_queryset(Invoice.objects.filter(pk__in=later), info).order_by("number"))  # type: ignore[arg-type]

    @strawberry_django.field(only=["total", "amount_paid", "amount_credited"])
    def amount_due(self, root: Invoice) -> Decimal:
        return root.amount_due

    @strawberry_django.field(
        only=["id"], description="The invoice as a PDF (signed-in staff, and its client's portal users)."
    )
    def pdf_url(self, root: Invoice) -> str:
        return reverse("invoice-pdf", args=[root.pk])

    @classmethod
    def get_queryset(cls, queryset: QuerySet[Invoice], info: Info, **kwargs: Any) -> QuerySet[Invoice]:
        return scope_queryset_to_viewer(queryset, info, client_field="client", entity_field="entity")


@strawberry.type
class InvoicePayload:
    invoice: InvoiceType | None
    errors: list[UserError]


@strawberry.type
class CreditInvoicePayload:
    credit_note: CreditNoteType | None
    invoice: InvoiceType | None = strawberry.field(description="The credited invoice.")
    rebill: InvoiceType | None = strawberry.field(description="The re-bill, when asked for.")
    errors: list[UserError]


@strawberry.input
class CreditInvoiceInput:
    invoice: strawberry.ID = strawberry.field(description="Global ID or the invoice number.")
    reason: str
    lines: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Invoice line IDs to credit (a partial credit); omit for a full credit."
    )
    rebill: bool = strawberry.field(default=False, description="Issue a new invoice with the credited lines.")
    reopen: bool = strawberry.field(
        default=False,
        description="Re-open the credited lines' timesheets for correction (hours or a rate were wrong); "
        "approved again, they bill in the next run.",
    )
    issue_date: dt.date | None = None


@strawberry.input
class RecordPaymentInput:
    invoice: strawberry.ID = strawberry.field(description="Global ID or the invoice number.")
    amount: Decimal
    received_on: dt.date | None = None
    reference: str = ""


@strawberry.type
class RecordPaymentPayload:
    receipt: ReceiptType | None
    invoice: InvoiceType | None
    errors: list[UserError]


@strawberry.type(description="An entity's open receivables, aged by days past the due date.")
class ReceivablesSummary:
    entity: str
    currency: str
    as_of: dt.date
    outstanding: Decimal = strawberry.field(description="Total outstanding.")
    overdue: Decimal
    current: Decimal = strawberry.field(description="Not yet due.")
    days1_to30: Decimal = strawberry.field(name="days1To30")
    days31_to60: Decimal = strawberry.field(name="days31To60")
    days61_to90: Decimal = strawberry.field(name="days61To90")
    days90_plus: Decimal = strawberry.field(name="days90Plus")

    @classmethod
    def from_payload(cls, payload: dict) -> ReceivablesSummary:
        return cls(
            entity=payload["entity"],
            currency=payload["currency"],
            as_of=dt.date.fromisoformat(str(payload["asOf"])),
            outstanding=Decimal(str(payload["outstanding"])),
            overdue=Decimal(str(payload["overdue"])),
            current=Decimal(str(payload["current"])),
            days1_to30=Decimal(str(payload["days1To30"])),
            days31_to60=Decimal(str(payload["days31To60"])),
            days61_to90=Decimal(str(payload["days61To90"])),
            days90_plus=Decimal(str(payload["days90Plus"])),
        )


@strawberry.input
class AllocationInput:
    invoice: strawberry.ID = strawberry.field(description="Global ID or the invoice number.")
    amount: Decimal


@strawberry.input
class RecordReceiptInput:
    client: strawberry.ID = strawberry.field(description="Global ID or the client code.")
    amount: Decimal
    date: dt.date
    reference: str
    allocations: list[AllocationInput] = strawberry.field(
        description="Invoices of the client to apply the receipt to; the rest is held unapplied."
    )


@strawberry.type
class ReceiptPayload:
    receipt: ReceiptType | None
    errors: list[UserError]


@strawberry.input
class AllocateReceiptInput:
    receipt: strawberry.ID = strawberry.field(description="The receipt's global ID.")
    date: dt.date | None = None
    allocations: list[AllocationInput]


@strawberry.input
class RefundReceiptInput:
    receipt: strawberry.ID
    amount: Decimal
    date: dt.date | None = None
    reference: str = ""


@strawberry.input
class ReverseReceiptInput:
    receipt: strawberry.ID
    reason: str
    date: dt.date | None = None
