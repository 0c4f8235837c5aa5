"""Reads of the payroll domain: pay runs, payables, the ABA file of a run."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet, Sum

from kserp.base.models import Entity
from kserp.errors import ServiceError, ValidationFailed
from kserp.payroll.calc.aba import AbaAccount, AbaError, AbaPayment, write_aba
from kserp.payroll.errors import PayrollErrorCode as Code
from kserp.payroll.models import PaymentKind, PayRun, PayRunPayment, Remittance, RemittanceKind

ATO = "Australian Taxation Office"
#: How super owed to no chosen fund is named.
DEFAULT_FUND = "Default fund (not chosen)"
ZERO = Decimal("0.00")
#: Payday super: contributions reach the fund within 7 days of pay day.
SUPER_DUE_DAYS = 7


def pay_run_list(*, entity: Entity | None = None) -> QuerySet[PayRun]:
    runs = PayRun.objects.select_related("entity")
    return runs.filter(entity=entity) if entity is not None else runs


def payments_of(run: PayRun) -> QuerySet[PayRunPayment]:
    return PayRunPayment.objects.filter(pay_run=run).select_related("payee").order_by("kind", "number")


@dataclass(frozen=True)
class Payable:
    kind: str  # NET_PAY | PAYG | SUPER | RCTI
    payee_code: str | None
    payee_name: str | None
    counterparty: str
    due_date: dt.date
    amount: Decimal  # still owed
    pay_date: dt.date | None = None
    paid: Decimal = Decimal("0.00")  # PAYG and super: remitted so far (recordPayrollRemittance)
    fund_usi: str = ""


def payg_due_date(pay_date: dt.date) -> dt.date:
    """PAYG withheld is reported and paid by the 21st of the next month (a monthly withholder)."""
    first_next = (pay_date.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    return first_next.replace(day=21)


def payables(*, entity: Entity) -> list[Payable]:
    """What is owed and when: each unpaid run's nets (payslips and RCTIs), then PAYG to the ATO and
    super to each fund per pay date, less what was remitted (fully remitted ones left out), ordered
    by due date."""
    result: list[Payable] = []
    unpaid = PayRunPayment.objects.filter(entity=entity, pay_run__paid_at__isnull=True, net__gt=0).select_related(
        "payee"
    )
    for p in unpaid.order_by("pay_date", "number"):
        kind = "NET_PAY" if p.kind == PaymentKind.PAYSLIP else "RCTI"
        result.append(Payable(kind, p.payee.code, p.payee_name, p.payee_name, p.pay_date, p.net, p.pay_date))
    remitted = Remittance.objects.filter(entity=entity).values("kind", "pay_date", "super_fund_name", "super_fund_usi")
    paid = {
        (r["kind"], r["pay_date"], r["super_fund_name"], r["super_fund_usi"]): r["total"]
        for r in remitted.annotate(total=Sum("amount")).order_by()
    }
    payg = (
        PayRunPayment.objects.filter(entity=entity, withholding__gt=0)
        .values("pay_date")
        .annotate(total=Sum("withholding"))
        .order_by("pay_date")
    )
    for row in payg:
        done = paid.get((RemittanceKind.PAYG, row["pay_date"], "", ""), ZERO)
        if row["total"] > done:
            due = payg_due_date(row["pay_date"])
            result.append(Payable("PAYG", None, None, ATO, due, row["total"] - done, row["pay_date"], done))
    funds = (
        PayRunPayment.objects.filter(entity=entity, superannuation__gt=0)
        .values("pay_date", "super_fund_name", "super_fund_usi")
        .annotate(total=Sum("superannuation"))
        .order_by("pay_date", "super_fund_name")
    )
    for row in funds:
        name, usi = row["super_fund_name"], row["super_fund_usi"]
        done = paid.get((RemittanceKind.SUPER, row["pay_date"], name, usi), ZERO)
        if row["total"] > done:
            due = row["pay_date"] + dt.timedelta(days=SUPER_DUE_DAYS)
            fund = name or DEFAULT_FUND
            result.append(Payable("SUPER", None, None, fund, due, row["total"] - done, row["pay_date"], done, usi))
    result.sort(key=lambda p: (p.due_date, p.kind))
    return result


def pay_run_aba(*, run: PayRun) -> str:
    """The run's ABA file paying every positive net. Refused, whole, when the entity's account is
    not configured or a payee has no bank account (the error names them)."""
    entity = run.entity
    if not (entity.bank_bsb and entity.bank_account and entity.bank_mnemonic and entity.apca_id):
        raise ValidationFailed(
            [
                ServiceError(
                    Code.BANK_FILE,
                    f"Entity {entity.code} has no bank account for pay runs (bank: bsb, account, mnemonic, apca_id).",
                    "entity",
                )
            ]
        )
    payments = list(payments_of(run).filter(net__gt=0))
    missing = [p for p in payments if not (p.bank_bsb and p.bank_account)]
    if missing:
        raise ValidationFailed(
            [
                ServiceError(
                    Code.NO_BANK_ACCOUNT,
                    f"{p.payee.code} {p.payee_name} has no bank account: add one, then start a new pay run"
                    " or pay them another way.",
                    f"payments[{payments.index(p)}]",
                )
                for p in missing
            ]
        )
    payer = AbaAccount(
        bsb=entity.bank_bsb,
        account=entity.bank_account,
        name=entity.bank_account_name or entity.name,
        mnemonic=entity.bank_mnemonic,
        apca_id=entity.apca_id,
        remitter=entity.bank_account_name or entity.name,
    )
    try:
        return write_aba(
            payer=payer,
            payments=[
                AbaPayment(p.bank_bsb, p.bank_account, p.bank_account_name or p.payee_name, p.net, p.number)
                for p in payments
            ],
            description="PAYROLL",
            processing_date=run.pay_date,
        )
    except AbaError as exc:
        raise ValidationFailed([ServiceError(Code.BANK_FILE, exc.message, exc.field)]) from None
