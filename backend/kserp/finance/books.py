"""Writes of the books (docs/finance.md): manual journals and FX rates."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction

from kserp.base.bounds import business_date_errors
from kserp.base.models import Entity
from kserp.errors import ServiceError, ValidationFailed
from kserp.finance import ledger
from kserp.finance.errors import FinanceErrorCode as Code
from kserp.finance.models import Account, FxRate, Journal, JournalSource
from kserp.finance.periods import period_locked_error
from kserp.identity.audit import audit_record, audit_record_event

CENT = Decimal("0.01")
ZERO = Decimal("0.00")


@dataclass(frozen=True)
class ManualLine:
    account: str  # the account's code
    debit: Decimal = ZERO
    credit: Decimal = ZERO


def journal_post_manual(
    *, entity: Entity, date: dt.date, reason: str, lines: Sequence[ManualLine], actor: Any = None
) -> Journal:
    """An accountant's journal: balanced, at least two lines, each a debit or a credit on an
    account of the entity's chart, with a reason; errors by `lines[i].account|debit|credit`."""
    reason = (reason or "").strip()
    errors: list[ServiceError] = []
    if not reason:
        errors.append(ServiceError(Code.REQUIRED, "Give a reason.", "reason"))
    elif len(reason) > 200:
        errors.append(ServiceError(Code.INVALID, "At most 200 characters.", "reason"))
    errors += business_date_errors(date, field="date", entity=entity)  # docs/security.md
    locked = None if errors else period_locked_error(entity=entity, date=date, field="date")
    if locked is not None:
        errors.append(locked)
    ledger.chart_of_accounts(entity=entity)  # the standard accounts exist to post to
    accounts = dict(Account.objects.filter(entity=entity).values_list("code", "id"))
    postings: list[ledger.Posting] = []
    if len(lines) < 2:
        errors.append(ServiceError(Code.INVALID, "A journal has at least two lines.", "lines"))
    for i, line in enumerate(lines):
        path = f"lines[{i}]"
        account_id = accounts.get(line.account)
        if account_id is None:
            errors.append(
                ServiceError(Code.NOT_FOUND, f"No account {line.account!r} in {entity.code}.", f"{path}.account")
            )
        debit, credit = line.debit or ZERO, line.credit or ZERO
        for name, value in (("debit", debit), ("credit", credit)):
            if value < 0 or value != value.quantize(CENT):
                errors.append(ServiceError(Code.INVALID_AMOUNT, "Whole cents, not below 0.", f"{path}.{name}"))
        if (debit > 0) == (credit > 0):
            errors.append(ServiceError(Code.INVALID_AMOUNT, "Give a debit or a credit (one of them).", f"{path}.debit"))
        if account_id is not None:
            postings.append(ledger.Posting(account_id, debit=debit, credit=credit))
    if not errors:
        debits = sum((p.debit for p in postings), ZERO)
        credits = sum((p.credit for p in postings), ZERO)
        if debits != credits:
            errors.append(
                ServiceError(
                    Code.UNBALANCED, f"Debits {debits} and credits {credits} differ by {debits - credits}.", "lines"
                )
            )
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        journal_id = ledger.journal_post(
            entity_id=entity.pk,
            date=date,
            memo=reason,
            source=JournalSource.MANUAL,
            postings=postings,
            created_by_id=actor.pk if getattr(actor, "is_authenticated", False) else None,
        )
        journal = Journal.objects.get(pk=journal_id)
        audit_record(
            actor=actor,
            action="journal.manual",
            instance=journal,
            before=None,
            after={
                "date": date.isoformat(),
                "reason": reason,
                "lines": [
                    {"account": line.account, "debit": str(line.debit), "credit": str(line.credit)} for line in lines
                ],
            },
        )
    return journal


@dataclass(frozen=True)
class RateIn:
    date: dt.date
    base: str
    quote: str
    rate: Decimal


def fx_rates_set(*, rates: Sequence[RateIn], source: str = "", actor: Any = None) -> list[FxRate]:
    """Enter or replace dated FX rates (one per pair and day); errors by `rates[i].rate|base|quote`."""
    errors: list[ServiceError] = []
    for i, rate in enumerate(rates):
        for name in ("base", "quote"):
            value = getattr(rate, name)
            if len(value) != 3 or not value.isalpha() or not value.isupper():
                errors.append(ServiceError(Code.INVALID, "An ISO 4217 code such as AUD.", f"rates[{i}].{name}"))
        if rate.base == rate.quote:
            errors.append(ServiceError(Code.INVALID, "Two different currencies.", f"rates[{i}].quote"))
        if rate.rate is None or rate.rate <= 0 or rate.rate != rate.rate.quantize(Decimal("0.00000001")):
            errors.append(ServiceError(Code.INVALID, "Above 0, at most 8 decimal places.", f"rates[{i}].rate"))
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        stored = [
            FxRate.objects.update_or_create(
                base=r.base, quote=r.quote, date=r.date, defaults={"rate": r.rate, "source": source[:64]}
            )[0]
            for r in rates
        ]
        audit_record_event(
            actor=actor,
            action="fx.rates",
            object_type="finance.fxrate",
            object_id=",".join(str(r.pk) for r in stored)[:64],
            object_repr=f"{len(stored)} FX rates",
            before=None,
            after={
                "rates": [
                    {"date": r.date.isoformat(), "pair": f"{r.base}/{r.quote}", "rate": str(r.rate)} for r in rates
                ]
            },
        )
    return stored


def fx_rates_parse_csv(text: str) -> list[RateIn]:
    """`date,base,quote,rate` rows (a header row first) into rates; errors by `rows[i]`."""
    errors: list[ServiceError] = []
    rates: list[RateIn] = []
    reader = csv.DictReader(io.StringIO(text))
    missing = {"date", "base", "quote", "rate"} - set(reader.fieldnames or [])
    if missing:
        raise ValidationFailed(
            [ServiceError(Code.INVALID, f"Missing columns: {', '.join(sorted(missing))}.", "document")]
        )
    for i, row in enumerate(reader):
        try:
            rates.append(
                RateIn(
                    date=dt.date.fromisoformat(row["date"].strip()),
                    base=row["base"].strip().upper(),
                    quote=row["quote"].strip().upper(),
                    rate=Decimal(row["rate"].strip()),
                )
            )
        except (ValueError, InvalidOperation, AttributeError):
            errors.append(
                ServiceError(Code.INVALID, "A date (YYYY-MM-DD), two currency codes and a rate.", f"rows[{i}]")
            )
    if errors:
        raise ValidationFailed(errors)
    return rates
