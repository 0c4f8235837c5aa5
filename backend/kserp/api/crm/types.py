from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import Enum
from typing import Any

import strawberry
import strawberry_django
from django.db.models import Q, QuerySet
from django.urls import reverse
from strawberry import auto, relay
from strawberry.types import Info
from strawberry_django.relay import DjangoListConnection

from kserp.analytics.workspace import client_timeline
from kserp.api.core.errors import UserError
from kserp.api.core.filters import contains_any
from kserp.api.core.permissions import (
    Confidential,
    IsStaff,
    PayDetails,
    Require,
    scope_queryset_to_viewer,
    viewer_access,
)
from kserp.api.core.sync import OrderDirection, UpdatedSinceFilter
from kserp.api.crm.payee_types import PayeeBank, SuperFundType, TaxDeclarationType
from kserp.api.finance.types import EntityType
from kserp.crm.models import Client, Contact, Contract, ContractDocument, Opportunity, Payee
from kserp.orders.models import JobOrder


@strawberry_django.filter_type(Client)
class ClientFilter(UpdatedSinceFilter):
    code: auto
    name: auto
    status: str | None = strawberry_django.filter_field(description="PROSPECT | ACTIVE | ON_HOLD")

    @strawberry_django.filter_field
    def entity(self, value: str, prefix: str) -> Q:
        """The entity's code."""
        return Q(**{f"{prefix}entity__code": value})

    @strawberry_django.filter_field
    def search(self, value: str, prefix: str) -> Q:
        """Code or name contains this, ignoring case."""
        return contains_any(value, prefix, "code", "name")


@strawberry.enum(description="What clients can be sorted by.")
class ClientOrderField(Enum):
    UPDATED_AT = "updated_at"
    CODE = "code"
    NAME = "name"


@strawberry.input(description="How to sort clients (ties by id, the same way).")
class ClientOrder:
    field: ClientOrderField
    direction: OrderDirection = OrderDirection.ASC


@strawberry_django.type(Contact, name="Contact")
class ContactType(relay.Node):
    name: auto
    role: auto
    email: auto
    phone: auto
    billing: bool = strawberry_django.field(description="Receives the client's invoices.")
    approver: bool = strawberry_django.field(description="Approves the client's timesheets.")
    updated_at: auto

    @classmethod
    def get_queryset(cls, queryset: QuerySet[Contact], info: Info, **kwargs: Any) -> QuerySet[Contact]:
        return scope_queryset_to_viewer(queryset, info, client_field="client", entity_field="client__entity")


@strawberry_django.type(ContractDocument, name="ContractDocument")
class ContractDocumentType:
    version: auto
    filename: auto
    content_type: auto
    size: auto
    uploaded_at: auto

    @strawberry_django.field(select_related=["uploaded_by"], description="Who uploaded this version.")
    def uploaded_by(self, root: ContractDocument) -> str:
        return root.uploaded_by.get_username() if root.uploaded_by else ""

    @strawberry_django.field(
        only=["pk"], description="Where to download this version (signed-in callers who may see it)."
    )
    def url(self, root: ContractDocument) -> str:
        return reverse("contract-document", args=[root.pk])


@strawberry_django.type(Contract, name="Contract")
class ContractType(relay.Node):
    kind: str = strawberry_django.field(description="MSA | RATE_SCHEDULE | OTHER")
    title: auto
    starts_on: auto
    expires_on: auto
    updated_at: auto
    documents: list[ContractDocumentType] = strawberry_django.field(description="Versions, newest first.")

    @classmethod
    def get_queryset(cls, queryset: QuerySet[Contract], info: Info, **kwargs: Any) -> QuerySet[Contract]:
        return scope_queryset_to_viewer(queryset, info, client_field="client", entity_field="client__entity")

    @strawberry_django.field(only=["expires_on"], description="Days left until it expires (negative: expired).")
    def days_to_expiry(self, root: Contract) -> int | None:
        return None if root.expires_on is None else (root.expires_on - dt.date.today()).days


@strawberry.type(description="One entry of a client's timeline: activities, invoices and payments.")
class TimelineEntryType:
    kind: str = strawberry.field(
        description="NOTE | CALL | EMAIL | MEETING | STATUS_CHANGE | CONTRACT | OPPORTUNITY | ALERT | INVOICE | PAYMENT"
    )
    at: dt.datetime
    summary: str
    body: str
    actor: str
    amount: Decimal | None


@strawberry_django.type(Opportunity, name="Opportunity")
class OpportunityType(relay.Node):
    title: auto
    stage: str = strawberry_django.field(description="LEAD | QUALIFIED | PROPOSAL | WON | LOST")
    expected_start: auto
    roles: auto
    weekly_hours: auto
    pay_code: auto
    updated_at: auto

    @classmethod
    def get_queryset(cls, queryset: QuerySet[Opportunity], info: Info, **kwargs: Any) -> QuerySet[Opportunity]:
        return scope_queryset_to_viewer(queryset, info, client_field=None, entity_field="client__entity")

    @strawberry_django.field(select_related=["client"])
    def client(self, root: Opportunity) -> ClientType:
        return root.client  # type: ignore[return-value]

    @strawberry_django.field(prefetch_related=["job_orders"], description="Job orders it converted into (codes).")
    def job_order_codes(self, root: Opportunity) -> list[str]:
        return [job.code for job in root.job_orders.all()]

    @strawberry_django.field(
        only=["estimated_weekly_margin"],
        description="Gross margin a week for all roles, priced by a rate quote (staff holding view_confidential).",
        extensions=[Require(Confidential())],
    )
    def estimated_weekly_margin(self, root: Opportunity) -> Decimal | None:
        return root.estimated_weekly_margin


@strawberry_django.type(Client, name="Client", filters=ClientFilter)
class ClientType(relay.Node):
    code: auto
    name: auto
    entity: EntityType
    payment_terms_days: auto
    invoice_grouping: str = strawberry_django.field(description="CLIENT | JOB_ORDER | TIMESHEET")
    abn: auto
    street_address: auto
    billing_address: auto
    billing_cycle: str = strawberry_django.field(description="WEEKLY | FORTNIGHTLY | MONTHLY")
    billing_close_day: int = strawberry_django.field(
        description="The day a cycle closes: WEEKLY/FORTNIGHTLY an ISO weekday 1 (Mon)..7 (Sun); MONTHLY 1..31 "
        "(past the month's end: its last day)."
    )
    po_required: auto
    credit_limit: auto
    status: str = strawberry_django.field(
        description="PROSPECT | ACTIVE | ON_HOLD (on hold: no new timesheets or runs)"
    )
    updated_at: auto
    contacts: DjangoListConnection[ContactType] = strawberry_django.connection(
        description="People at the client (a portal user sees their own client's)."
    )
    contracts: DjangoListConnection[ContractType] = strawberry_django.connection(
        description="Contracts with their document versions (a portal user sees their own client's)."
    )

    @classmethod
    def get_queryset(cls, queryset: QuerySet[Client], info: Info, **kwargs: Any) -> QuerySet[Client]:
        # Staff: every client (an entity-bound token: its entity's); portal users: their own.
        return scope_queryset_to_viewer(queryset, info, client_field="pk", entity_field="entity")

    @strawberry_django.connection(
        DjangoListConnection[OpportunityType],
        description="The pipeline of this client (agency-internal: staff).",
        extensions=[Require(IsStaff())],
    )
    def opportunities(self, root: Client) -> QuerySet[Opportunity]:
        return root.opportunities.all()

    @strawberry_django.field(
        only=["pk"],
        description="Notes, calls, emails, status changes, invoices and payments, newest first (staff).",
        extensions=[Require(IsStaff())],
    )
    def timeline(self, root: Client, limit: int = 50) -> list[TimelineEntryType]:
        return [TimelineEntryType(**vars(entry)) for entry in client_timeline(client=root, limit=min(limit, 200))]


@strawberry_django.filter_type(Payee)
class PayeeFilter:
    code: auto
    kind: auto

    @strawberry_django.filter_field
    def search(self, value: str, prefix: str) -> Q:
        """Code or name contains this, ignoring case."""
        return contains_any(value, prefix, "code", "name")


@strawberry_django.type(Payee, name="Payee", filters=PayeeFilter)
class PayeeType(relay.Node):
    code: auto
    name: auto
    kind: str = strawberry_django.field(description="EMPLOYEE | CONTRACTOR")
    updated_at: auto

    @strawberry_django.field(description="Staff only.", extensions=[Require(IsStaff())])
    def email(self, root: Payee) -> str:
        return root.email

    @strawberry_django.field(description="Where net pay goes (finance staff).", extensions=[Require(PayDetails())])
    def bank(self, root: Payee) -> PayeeBank | None:
        if not root.bank_bsb:
            return None
        return PayeeBank(bsb=root.bank_bsb, account=root.bank_account, name=root.bank_account_name)

    @strawberry_django.field(
        description="The TFN declaration's answers; null: none on file (finance staff).",
        extensions=[Require(PayDetails())],
    )
    def tax(self, root: Payee) -> TaxDeclarationType | None:
        if root.tfn_provided is None:
            return None
        return TaxDeclarationType(
            tfn_provided=root.tfn_provided,
            tax_free_threshold=bool(root.tax_free_threshold),
            foreign_resident=bool(root.foreign_resident),
        )

    @strawberry_django.field(description="Employees' super fund (finance staff).", extensions=[Require(PayDetails())])
    def super_fund(self, root: Payee) -> SuperFundType | None:
        if not root.super_fund_name:
            return None
        return SuperFundType(name=root.super_fund_name, usi=root.super_fund_usi, member_number=root.super_member_number)

    @strawberry_django.field(description="Contractors' ABN (finance staff).", extensions=[Require(PayDetails())])
    def abn(self, root: Payee) -> str:
        return root.abn

    @strawberry_django.field(description="Contractors (finance staff).", extensions=[Require(PayDetails())])
    def gst_registered(self, root: Payee) -> bool:
        return root.gst_registered

    @classmethod
    def get_queryset(cls, queryset: QuerySet[Payee], info: Info, **kwargs: Any) -> QuerySet[Payee]:
        # Staff: every payee; portal users: the payees on their client's job orders (node(id:)).
        client_id = viewer_access(info).client_id
        if client_id is not None:  # a client-bound caller (portal user, client-bound token)
            return queryset.filter(pk__in=JobOrder.objects.filter(client_id=client_id).values("payee_id"))
        return scope_queryset_to_viewer(queryset, info, client_field=None)


@strawberry.type
class PayeePayload:
    payee: PayeeType | None
    errors: list[UserError]


@strawberry.type(description="One result of the top-bar search.")
class SearchHitType:
    kind: str = strawberry.field(description="CLIENT | CONTACT | WORKER | JOB_ORDER | INVOICE")
    id: strawberry.ID = strawberry.field(description="The object's global ID.")
    code: str = strawberry.field(description="Its code or number (a contact: its client's code).")
    title: str
    subtitle: str


@strawberry.type
class ClientPayload:
    client: ClientType | None
    errors: list[UserError]


@strawberry.type
class ContactPayload:
    contact: ContactType | None
    errors: list[UserError]


@strawberry.type
class ContractPayload:
    contract: ContractType | None
    errors: list[UserError]


@strawberry.type
class OpportunityPayload:
    opportunity: OpportunityType | None
    errors: list[UserError]


@strawberry.type
class ActivityPayload:
    entry: TimelineEntryType | None
    errors: list[UserError]


__all__ = [
    "ClientFilter",
    "ClientType",
    "ContactType",
    "ContractType",
    "PayeeFilter",
    "PayeePayload",
    "PayeeType",
    "strawberry",
]
