"""Inputs of the crm mutations and the lookups they share."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import strawberry
from strawberry.types import Info

from kserp.api.core.errors import UserError
from kserp.api.core.lookup import by_id_or_code
from kserp.api.crm.types import ClientType
from kserp.crm.models import Client


@strawberry.input(
    description="A client's fields. createClient needs code, name and entity; updateClient changes the fields "
    "given (code and entity are fixed once created)."
)
class ClientInput:
    code: str | None = None
    name: str | None = None
    entity: strawberry.ID | None = strawberry.field(default=None, description="Global ID or code.")
    abn: str | None = strawberry.field(default=None, description="11 digits; spaces are ignored.")
    street_address: str | None = None
    billing_address: str | None = None
    payment_terms_days: int | None = None
    invoice_grouping: str | None = strawberry.field(default=None, description="CLIENT | JOB_ORDER | TIMESHEET")
    billing_cycle: str | None = strawberry.field(default=None, description="WEEKLY | FORTNIGHTLY | MONTHLY")
    billing_close_day: int | None = None
    po_required: bool | None = None
    credit_limit: Decimal | None = None
    status: str | None = strawberry.field(default=None, description="PROSPECT | ACTIVE | ON_HOLD")


def client_values(input: ClientInput) -> dict[str, Any]:
    """The fields given (None: not given), by model name; `entity` still a reference."""
    return {name: value for name, value in vars(input).items() if value is not None}


@strawberry.input(description="A person at a client.")
class ContactInput:
    client: strawberry.ID = strawberry.field(description="Global ID or code.")
    name: str
    role: str = ""
    email: str = ""
    phone: str = ""
    billing: bool = strawberry.field(default=False, description="Receives the client's invoices.")
    approver: bool = strawberry.field(default=False, description="Approves the client's timesheets.")


@strawberry.input(description="Changes to a contact: the fields given.")
class UpdateContactInput:
    name: str | None = None
    role: str | None = None
    email: str | None = None
    phone: str | None = None
    billing: bool | None = None
    approver: bool | None = None


@strawberry.input(description="A contract with a client; upload its document with uploadContractDocument.")
class ContractInput:
    client: strawberry.ID
    title: str
    kind: str = strawberry.field(default="MSA", description="MSA | RATE_SCHEDULE | OTHER")
    starts_on: dt.date | None = None
    expires_on: dt.date | None = None


@strawberry.input(description="An opportunity's fields; createOpportunity needs client and title.")
class OpportunityInput:
    client: strawberry.ID | None = None
    title: str | None = None
    stage: str | None = strawberry.field(default=None, description="LEAD | QUALIFIED | PROPOSAL | WON | LOST")
    expected_start: dt.date | None = None
    roles: int | None = None
    weekly_hours: Decimal | None = None
    pay_code: str | None = None
    pay_agreement: strawberry.ID | None = strawberry.field(default=None, description="Global ID or name.")
    bill_agreement: strawberry.ID | None = strawberry.field(default=None, description="Global ID or name.")


def visible_client(info: Info, value: str, field: str = "client") -> tuple[Client | None, list[UserError]]:
    """The client `value` names (global ID or code) among those the caller may see."""
    visible = ClientType.get_queryset(Client.objects.select_related("entity"), info)
    client = by_id_or_code(visible, str(value), type_name="Client")
    if client is None:
        return None, [UserError(field=field, code="NOT_FOUND", message=f"No client {value!r}.")]
    return client, []
