"""GraphQL types of pay runs, payments and payables (the trial balance is finance's: api/finance)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import Enum
from typing import Any

import strawberry
import strawberry_django
from django.db.models import QuerySet
from django.urls import reverse
from strawberry import auto, relay
from strawberry.types import Info

from kserp.api.core.errors import UserError
from kserp.api.core.permissions import PayDetails, Require, scope_queryset_to_viewer
from kserp.api.core.sync import OrderDirection, UpdatedSinceFilter
from kserp.api.finance.types import EntityType
from kserp.errors import ValidationFailed
from kserp.payroll.models import PayRun, PayRunLine, PayRunPayment
from kserp.payroll.selectors import pay_run_aba, payments_of

#: Payslips, RCTIs, the bank file: finance staff only (refused with an error to anyone else).
PAY_DETAILS = (PayDetails(),)


@strawberry.type(name="PayeeRef")
class PayeeRef:
    code: str
    name: str


@strawberry_django.type(PayRunLine, name="PayRunLine")
class PayRunLineType:
    pay_code: str
    quantity: Decimal
    rate: Decimal
    amount: Decimal


@strawberry_django.type(PayRunPayment, name="PayRunPayment")
class PayRunPaymentType:
    kind: str = strawberry_django.field(description="PAYSLIP | RCTI")
    number: str
    pay_date: dt.date
    gross: Decimal = strawberry_django.field(description="Payslip: gross pay; RCTI: the total before GST.")
    withholding: Decimal = strawberry_django.field(description="PAYG withheld (RCTI: no-ABN withholding).")
    superannuation: Decimal
    gst: Decimal
    net: Decimal
    ytd_gross: Decimal
    ytd_withholding: Decimal
    ytd_superannuation: Decimal
    ytd_net: Decimal
    scale: str = strawberry_django.field(description="Schedule 1 scale used (1, 2, 3, 4: no TFN), or NO_ABN.")
    super_fund_name: str

    @strawberry_django.field(select_related=["payee"], only=["payee__code", "payee_name"])
    def payee(self, root: PayRunPayment) -> PayeeRef:
        return PayeeRef(code=root.payee.code, name=root.payee_name)

    @strawberry_django.field(prefetch_related=["lines"])
    def lines(self, root: PayRunPayment) -> list[PayRunLineType]:
        lines: list[Any] = sorted(root.lines.all(), key=lambda line: line.pk)
        return lines

    @strawberry_django.field(description="The payslip or RCTI as a PDF (finance staff, and the worker it pays).")
    def pdf_url(self, root: PayRunPayment) -> str:
        return reverse("payment-pdf", args=[root.pk])


@strawberry_django.filter_type(PayRun)
class PayRunFilter(UpdatedSinceFilter):
    status: auto
    period_end: auto


@strawberry.enum(description="What pay runs can be sorted by.")
class PayRunOrderField(Enum):
    UPDATED_AT = "updated_at"
    CREATED_AT = "created_at"
    PERIOD_END = "period_end"
    PAY_DATE = "pay_date"


@strawberry.input(description="How to sort pay runs (ties by id, the same way).")
class PayRunOrder:
    field: PayRunOrderField
    direction: OrderDirection = OrderDirection.ASC


@strawberry_django.type(PayRun, name="PayRun")
class PayRunType(relay.Node):
    status: str = strawberry_django.field(description="QUEUED | RUNNING | COMPLETED | FAILED")
    progress: float = strawberry_django.field(description="0..1")
    entity: EntityType
    period_end: dt.date
    pay_date: dt.date
    frequency: str = strawberry_django.field(description="WEEKLY | FORTNIGHTLY")
    payment_count: int
    line_count: int
    planned_lines: int
    gross_total: Decimal
    total: Decimal = strawberry_django.field(description="Net paid to payees.")
    attempts: int
    failure_reason: str
    paid_at: dt.datetime | None
    created_at: dt.datetime
    updated_at: dt.datetime = strawberry_django.field(description="When it last changed (partner sync).")

    @strawberry_django.field(description="The payslips and RCTIs (finance staff).", extensions=[Require(*PAY_DETAILS)])
    def payments(self, root: PayRun) -> list[PayRunPaymentType]:
        return list(payments_of(root).prefetch_related("lines"))  # type: ignore[arg-type]

    @strawberry_django.field(
        description="The ABA direct-entry file paying the nets (finance staff); an error names any "
        "worker without a bank account.",
        extensions=[Require(*PAY_DETAILS)],
    )
    def aba_file(self, root: PayRun) -> str | None:
        try:
            return pay_run_aba(run=root)
        except ValidationFailed as failed:
            raise ValueError(" ".join(e.message for e in failed.errors)) from None

    @classmethod
    def get_queryset(cls, queryset: QuerySet[PayRun], info: Info, **kwargs: Any) -> QuerySet[PayRun]:
        # Staff only; an entity-bound token sees its entity's runs.
        return scope_queryset_to_viewer(queryset, info, client_field=None, entity_field="entity")


@strawberry.type
class PayRunPayload:
    pay_run: PayRunType | None
    errors: list[UserError]


@strawberry.input
class StartPayRunInput:
    entity: str = strawberry.field(description="The entity's code (or global ID).")
    period_end: dt.date = strawberry.field(description="Pays lines of weeks ending on or before this date.")


@strawberry.type(name="Payable")
class PayableType:
    kind: str = strawberry.field(description="NET_PAY | PAYG | SUPER | RCTI")
    payee: PayeeRef | None
    counterparty: str
    due_date: dt.date
    amount: Decimal = strawberry.field(description="Still owed.")
    pay_date: dt.date | None = strawberry.field(default=None, description="The pay date of the payments it is for.")
    paid: Decimal = strawberry.field(
        default=Decimal("0.00"), description="PAYG and super: remitted so far (recordPayrollRemittance)."
    )
    fund_usi: str = strawberry.field(default="", description="SUPER: the fund's USI (blank: not known).")


@strawberry.enum(description="What a payroll remittance pays.")
class RemittanceKindEnum(Enum):
    PAYG = "PAYG"
    SUPER = "SUPER"


@strawberry.input
class RecordPayrollRemittanceInput:
    entity: str = strawberry.field(description="The entity's code (or global ID).")
    kind: RemittanceKindEnum = strawberry.field(description="PAYG (to the tax office) or SUPER (to a fund).")
    pay_date: dt.date = strawberry.field(description="The pay date of the payables row it pays.")
    amount: Decimal = strawberry.field(description="At most what is still owed for that pay date (and fund).")
    paid_on: dt.date = strawberry.field(description="When it left the bank (the journal's date).")
    fund: str | None = strawberry.field(default=None, description="SUPER: the fund's USI or name.")
    reference: str = ""


@strawberry.type(name="PayrollRemittance", description="PAYG or super paid for one pay date.")
class PayrollRemittanceType:
    kind: str
    pay_date: dt.date
    counterparty: str
    fund_usi: str
    amount: Decimal
    paid_on: dt.date
    reference: str
    outstanding: Decimal = strawberry.field(description="Still owed for that pay date (and fund) after this one.")


@strawberry.type
class PayrollRemittancePayload:
    remittance: PayrollRemittanceType | None
    errors: list[UserError]
