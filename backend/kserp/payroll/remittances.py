"""Paying what pay runs withheld and accrued (docs/payroll.md, "PAYG and super remittances"):
PAYG withholding to the tax office and super to each fund, per pay date, as the `payables` list
shows them. A remittance posts Dr PAYG payable (or Super payable) / Cr Bank on the day it was paid,
through finance's period lock guard, and never pays more than is still owed.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import QuerySet, Sum

from kserp.base.bounds import MONEY_PLACES, business_date_errors, decimal_places_errors
from kserp.base.models import Entity
from kserp.errors import ServiceError, ValidationFailed
from kserp.finance.pay_posting import payroll_remittance_post
from kserp.finance.periods import period_locked_error
from kserp.identity.audit import audit_record_event
from kserp.payroll.errors import PayrollErrorCode as Code
from kserp.payroll.models import PayRunPayment, Remittance, RemittanceKind
from kserp.payroll.selectors import DEFAULT_FUND

ZERO = Decimal("0.00")


def _owed_payments(*, entity: Entity, kind: str, pay_date: dt.date) -> QuerySet[PayRunPayment]:
    payments = PayRunPayment.objects.filter(entity=entity, pay_date=pay_date)
    return payments.filter(withholding__gt=0) if kind == RemittanceKind.PAYG else payments.filter(superannuation__gt=0)


def _funds(payments: QuerySet[PayRunPayment], fund: str) -> list[tuple[str, str]]:
    """The (name, USI) of the funds owed on those payments that `fund` names (by USI, else name)."""
    owed = sorted(set(payments.values_list("super_fund_name", "super_fund_usi")))
    wanted = fund.strip()
    by_usi = [f for f in owed if f[1] and f[1] == wanted]
    if by_usi:
        return by_usi
    return [f for f in owed if (f[0] or DEFAULT_FUND).casefold() == wanted.casefold()]


def remittance_outstanding(
    *, entity: Entity, kind: str, pay_date: dt.date, fund: tuple[str, str] = ("", "")
) -> Decimal:
    """What is still owed: withheld (or super) on the pay date's payments minus what was remitted."""
    payments = _owed_payments(entity=entity, kind=kind, pay_date=pay_date)
    remitted = Remittance.objects.filter(entity=entity, kind=kind, pay_date=pay_date)
    if kind == RemittanceKind.SUPER:
        payments = payments.filter(super_fund_name=fund[0], super_fund_usi=fund[1])
        remitted = remitted.filter(super_fund_name=fund[0], super_fund_usi=fund[1])
    column = "withholding" if kind == RemittanceKind.PAYG else "superannuation"
    owed = payments.aggregate(t=Sum(column))["t"] or ZERO
    return owed - (remitted.aggregate(t=Sum("amount"))["t"] or ZERO)


def remittance_record(
    *,
    entity: Entity,
    kind: str,
    pay_date: dt.date,
    amount: Decimal,
    paid_on: dt.date,
    fund: str | None = None,
    reference: str = "",
    user: Any = None,
) -> Remittance:
    """Record PAYG (to the tax office) or super (to `fund`, its USI or name) paid for the payments
    of `pay_date`. Refused, with errors by field and nothing stored, when the amount is not above 0
    or more than is still owed (`OVERPAYMENT`), when nothing is owed for that pay date (or fund),
    or when `paid_on` is in a locked period (`PERIOD_LOCKED`)."""
    errors: list[ServiceError] = []
    if kind not in RemittanceKind.values:
        errors.append(ServiceError(Code.INVALID, "The kind is PAYG or SUPER.", "kind"))
    if amount is None or amount <= 0:
        errors.append(ServiceError(Code.INVALID_AMOUNT, "The amount must be above 0.", "amount"))
    else:
        errors += decimal_places_errors(amount, field="amount", places=MONEY_PLACES)
    errors += business_date_errors(paid_on, field="paidOn")
    if len(reference) > 100:
        errors.append(ServiceError(Code.INVALID, "At most 100 characters.", "reference"))
    if kind == RemittanceKind.PAYG and fund:
        errors.append(ServiceError(Code.INVALID, "PAYG is paid to the tax office: leave the fund out.", "fund"))
    if kind == RemittanceKind.SUPER and not (fund or "").strip():
        errors.append(ServiceError(Code.REQUIRED, "Name the fund (its USI or name) this super was paid to.", "fund"))
    if not errors and paid_on < pay_date:
        errors.append(ServiceError(Code.INVALID, "Paid before the pay date it pays for.", "paidOn"))
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        # Remittances of one pay date take turns: each sees what the one before it paid.
        payments = _owed_payments(entity=entity, kind=kind, pay_date=pay_date)
        list(payments.select_for_update(of=("self",)).values_list("pk", flat=True))
        key = ("", "")
        if kind == RemittanceKind.SUPER:
            funds = _funds(payments, fund or "")
            if len(funds) != 1:
                found = "No super is owed to" if not funds else "More than one fund is named"
                raise ValidationFailed(
                    [ServiceError(Code.NOT_FOUND, f"{found} {fund!r} for pay date {pay_date.isoformat()}.", "fund")]
                )
            key = funds[0]
        elif not payments.exists():
            raise ValidationFailed(
                [ServiceError(Code.NOT_FOUND, f"No PAYG was withheld on pay date {pay_date.isoformat()}.", "payDate")]
            )
        outstanding = remittance_outstanding(entity=entity, kind=kind, pay_date=pay_date, fund=key)
        if amount > outstanding:
            raise ValidationFailed(
                [
                    ServiceError(
                        Code.OVERPAYMENT,
                        f"Only {outstanding} is still owed for pay date {pay_date.isoformat()}.",
                        "amount",
                    )
                ]
            )
        locked = period_locked_error(entity=entity, date=paid_on, field="paidOn")
        if locked is not None:
            raise ValidationFailed([locked])
        to = (key[0] or DEFAULT_FUND) if kind == RemittanceKind.SUPER else "tax office"
        journal_id = payroll_remittance_post(
            entity=entity, date=paid_on, kind=kind, amount=amount, memo=f"{kind} for {pay_date.isoformat()} to {to}"
        )
        remittance = Remittance.objects.create(
            entity=entity,
            kind=kind,
            pay_date=pay_date,
            super_fund_name=key[0],
            super_fund_usi=key[1],
            amount=amount,
            paid_on=paid_on,
            reference=reference,
            journal_id=journal_id,
            created_by=user if getattr(user, "is_authenticated", False) else None,
        )
        audit_record_event(
            actor=remittance.created_by,
            action="remittance.record",
            object_type="payroll.Remittance",
            object_id=str(remittance.pk),
            object_repr=str(remittance),
            before=None,
            after={
                "kind": kind,
                "pay_date": pay_date.isoformat(),
                "amount": str(amount),
                "paid_on": paid_on.isoformat(),
            },
        )
    return remittance
