"""GraphQL types of bank statements and their suggested matches."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import strawberry
import strawberry_django
from django.db.models import QuerySet
from strawberry import relay
from strawberry.types import Info

from kserp.api.core.errors import UserError
from kserp.api.core.permissions import scope_queryset_to_viewer
from kserp.api.crm.types import ClientType
from kserp.api.finance.invoice_types import AllocationInput, InvoiceType, ReceiptType
from kserp.api.finance.types import EntityType
from kserp.finance.models import BankStatement, BankStatementLine
from kserp.finance.statements import statement_line_suggestions


@strawberry.type
class SuggestedAllocation:
    invoice: InvoiceType
    amount: Decimal


@strawberry.type(description="A suggested way to apply a statement line, and why.")
class StatementMatch:
    client: ClientType
    allocations: list[SuggestedAllocation]
    unapplied: Decimal = strawberry.field(description="What would be held on the client's account.")
    reason: str
    score: int


@strawberry_django.type(BankStatementLine, name="BankStatementLine")
class BankStatementLineType(relay.Node):
    position: int
    date: dt.date
    amount: Decimal = strawberry_django.field(description="Credits positive, debits negative.")
    reference: str
    payer: str
    text: str
    status: str = strawberry_django.field(description="UNMATCHED | CONFIRMED | IGNORED")
    receipt: ReceiptType | None

    @strawberry_django.field(
        only=["id", "amount", "status", "reference", "payer", "text", "statement_id"],
        description="Suggested matches, best first (UNMATCHED credit lines only).",
    )
    def suggestions(self, root: BankStatementLine) -> list[StatementMatch]:
        found = statement_line_suggestions(line=root)
        return [
            StatementMatch(
                client=s.client,  # type: ignore[arg-type]
                allocations=[SuggestedAllocation(invoice=i, amount=a) for i, a in s.allocations],  # type: ignore[arg-type]
                unapplied=root.amount - sum((a for _, a in s.allocations), Decimal("0.00")),
                reason=s.reason,
                score=s.score,
            )
            for s in found
        ]

    @classmethod
    def get_queryset(
        cls, queryset: QuerySet[BankStatementLine], info: Info, **kwargs: Any
    ) -> QuerySet[BankStatementLine]:
        return scope_queryset_to_viewer(queryset, info, client_field=None, entity_field="statement__entity")


@strawberry_django.type(BankStatement, name="BankStatement")
class BankStatementType(relay.Node):
    format: str = strawberry_django.field(description="CSV | CAMT053")
    filename: str
    account: str
    imported_at: dt.datetime
    entity: EntityType
    lines: list[BankStatementLineType]

    @classmethod
    def get_queryset(cls, queryset: QuerySet[BankStatement], info: Info, **kwargs: Any) -> QuerySet[BankStatement]:
        return scope_queryset_to_viewer(queryset, info, client_field=None, entity_field="entity")


@strawberry.type
class BankStatementPayload:
    bank_statement: BankStatementType | None
    errors: list[UserError]


@strawberry.input
class ConfirmStatementLineInput:
    line: strawberry.ID = strawberry.field(description="The statement line's global ID.")
    client: strawberry.ID = strawberry.field(description="Global ID or the client code.")
    allocations: list[AllocationInput] = strawberry.field(
        description="Invoices to apply the line to (the rest is held on the client's account)."
    )


@strawberry.type
class StatementLinePayload:
    line: BankStatementLineType | None
    errors: list[UserError]
