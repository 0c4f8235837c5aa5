from __future__ import annotations

import datetime as dt

import strawberry
import strawberry_django
from django.db.models import QuerySet
from strawberry import relay
from strawberry.types import Info
from strawberry_django.relay import DjangoListConnection

from kserp.analytics.workspace import search
from kserp.api.core.permissions import IsPortalUserOrStaff, IsStaff, Require
from kserp.api.core.sync import KeysetConnection, ordered
from kserp.api.crm.mutations.activity_record import record_activity_field
from kserp.api.crm.mutations.client_create import create_client_field
from kserp.api.crm.mutations.client_update import update_client_field
from kserp.api.crm.mutations.contact_create import create_contact_field
from kserp.api.crm.mutations.contact_update import update_contact_field
from kserp.api.crm.mutations.contract_create import create_contract_field
from kserp.api.crm.mutations.contract_document_upload import upload_contract_document_field
from kserp.api.crm.mutations.opportunity_convert import convert_opportunity_field
from kserp.api.crm.mutations.opportunity_create import create_opportunity_field
from kserp.api.crm.mutations.opportunity_update import update_opportunity_field
from kserp.api.crm.mutations.payee_create import create_payee_field
from kserp.api.crm.mutations.payee_update import update_payee_field
from kserp.api.crm.types import (
    ClientFilter,
    ClientOrder,
    ClientType,
    ContractType,
    OpportunityType,
    PayeeFilter,
    PayeeType,
    SearchHitType,
)
from kserp.crm.models import Client, Contract, Opportunity, Payee
from kserp.crm.selectors import client_list, contracts_expiring

SEARCH_TYPES = {"CLIENT": "Client", "CONTACT": "Contact", "WORKER": "Payee", "JOB_ORDER": "JobOrder",
                "INVOICE": "Invoice"}  # fmt: skip


@strawberry.type
class CrmQuery:
    @strawberry_django.connection(
        KeysetConnection[ClientType],
        filters=ClientFilter,
        description="Clients (staff; a portal user sees their own).",
        extensions=[Require(IsPortalUserOrStaff())],
    )
    def clients(self, info: Info, order_by: ClientOrder | None = None) -> QuerySet[Client]:
        return ordered(client_list(), order_by)  # narrowed to the caller by ClientType.get_queryset

    @strawberry_django.connection(
        DjangoListConnection[PayeeType],
        filters=PayeeFilter,
        description="Workers, by code (staff).",
        extensions=[Require(IsStaff())],
    )
    def payees(self, info: Info) -> QuerySet[Payee]:
        return Payee.objects.order_by("code")

    @strawberry_django.connection(
        DjangoListConnection[OpportunityType],
        description="The pipeline: open opportunities first by expected start (staff).",
        extensions=[Require(IsStaff())],
    )
    def opportunities(self, info: Info, stage: str | None = None) -> QuerySet[Opportunity]:
        found = Opportunity.objects.all()
        return found.filter(stage=stage) if stage else found

    @strawberry_django.connection(
        DjangoListConnection[ContractType],
        description="Contracts expiring within `withinDays` (default 60), soonest first (staff).",
        extensions=[Require(IsStaff())],
    )
    def expiring_contracts(self, info: Info, within_days: int = 60) -> QuerySet[Contract]:
        return contracts_expiring(today=dt.date.today(), within_days=min(max(within_days, 0), 366))

    @strawberry.field(
        description="The top bar's search: clients, contacts, workers, job orders and invoices whose code, number "
        "or name contains `text` (at least 2 characters; up to 5 of each kind) (staff).",
        extensions=[Require(IsStaff())],
    )
    def search(self, info: Info, text: str) -> list[SearchHitType]:
        return [
            SearchHitType(
                kind=hit.kind,
                id=strawberry.ID(relay.to_base64(SEARCH_TYPES[hit.kind], hit.object_id)),
                code=hit.code,
                title=hit.title,
                subtitle=hit.subtitle,
            )
            for hit in search(text=text[:100])
        ]


@strawberry.type
class CrmMutation:
    create_payee = create_payee_field
    update_payee = update_payee_field
    create_client = create_client_field
    update_client = update_client_field
    create_contact = create_contact_field
    update_contact = update_contact_field
    create_contract = create_contract_field
    upload_contract_document = upload_contract_document_field
    create_opportunity = create_opportunity_field
    update_opportunity = update_opportunity_field
    convert_opportunity = convert_opportunity_field
    record_activity = record_activity_field
