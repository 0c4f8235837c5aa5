from __future__ import annotations

from enum import Enum
from typing import Any

import strawberry
import strawberry_django
from django.db.models import Q, QuerySet
from strawberry import auto, relay
from strawberry.types import Info

from kserp.api.core.errors import UserError
from kserp.api.core.filters import contains_any
from kserp.api.core.permissions import IsStaff, PayDetails, Require, scope_queryset_to_viewer, viewer_access
from kserp.api.core.sync import OrderDirection, UpdatedSinceFilter
from kserp.api.crm.payee_types import PayeeBank, SuperFundType, TaxDeclarationType
from kserp.api.finance.types import EntityType
from kserp.crm.models import Client, Payee
from kserp.orders.models import JobOrder


@strawberry_django.filter_type(Client)
class ClientFilter(UpdatedSinceFilter):
    code: auto
    name: auto

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


@strawberry_django.type(Client, name="Client", filters=ClientFilter)
class ClientType(relay.Node):
    code: auto
    name: auto
    entity: EntityType
    payment_terms_days: auto
    invoice_grouping: str = strawberry_django.field(description="CLIENT | JOB_ORDER | TIMESHEET")
    updated_at: auto

    @classmethod
    def get_queryset(cls, queryset: QuerySet[Client], info: Info, **kwargs: Any) -> QuerySet[Client]:
        # Staff: every client (an entity-bound token: its entity's); portal users: their own.
        return scope_queryset_to_viewer(queryset, info, client_field="pk", entity_field="entity")


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


__all__ = ["ClientFilter", "ClientType", "PayeeFilter", "PayeePayload", "PayeeType", "strawberry"]
