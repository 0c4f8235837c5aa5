"""The double-entry ledger: a chart of accounts per entity (created on demand) and balanced
journals. Every document posts one journal (docs/finance.md, "Journals per document"):

- invoice:     Dr Accounts receivable (total)  / Cr Revenue (subtotal), Cr Tax payable (tax)
- credit note: Dr Revenue (subtotal), Dr Tax payable (tax) / Cr Accounts receivable (total)
- receipt:     Dr Bank (amount) / Cr Accounts receivable (allocated), Cr Unapplied receipts (rest)
- allocation of unapplied cash: Dr Unapplied receipts / Cr Accounts receivable
- refund of unapplied cash:     Dr Unapplied receipts / Cr Bank
- reversal (a bounced receipt): Dr Accounts receivable (allocated), Dr Unapplied receipts (rest) / Cr Bank
- manual journal: whatever the accountant posts, balanced, with a reason

Nothing posts dated on or before the entity's period lock (`journals_post` checks, see
`kserp.finance.periods`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Model, Sum

from kserp.base.models import Entity
from kserp.finance.bulk import insert_returning_ids, insert_rows
from kserp.finance.models import Account, AccountKind, Journal, JournalLine

ZERO = Decimal("0.00")

#: role → (code, name, kind): the accounts every entity gets on first use.
CHART: dict[str, tuple[str, str, str]] = {
    "BANK": ("1000", "Bank", AccountKind.ASSET),
    "AR": ("1100", "Accounts receivable", AccountKind.ASSET),
    "IC_RECEIVABLE": ("1500", "Intercompany receivable", AccountKind.ASSET),
    "TAX": ("2100", "GST/VAT payable", AccountKind.LIABILITY),
    "UNAPPLIED": ("2400", "Unapplied receipts (client credits)", AccountKind.LIABILITY),
    "IC_PAYABLE": ("2500", "Intercompany payable", AccountKind.LIABILITY),
    "EQUITY": ("3000", "Owner's equity", AccountKind.EQUITY),
    "RETAINED": ("3100", "Retained earnings", AccountKind.EQUITY),
    "REVENUE": ("4000", "Revenue: labour hire", AccountKind.REVENUE),
    "IC_REVENUE": ("4500", "Intercompany revenue", AccountKind.REVENUE),
    "IC_EXPENSE": ("5500", "Intercompany expenses", AccountKind.EXPENSE),
    # pay runs (finance/pay_posting.py)
    "GST_CREDIT": ("1200", "GST input tax credits", AccountKind.ASSET),
    "PAYG": ("2200", "PAYG withholding payable", AccountKind.LIABILITY),
    "SUPER_PAYABLE": ("2210", "Superannuation payable", AccountKind.LIABILITY),
    "NET_WAGES": ("2300", "Net wages payable", AccountKind.LIABILITY),
    "RCTI_PAYABLE": ("2310", "Contractor RCTIs payable", AccountKind.LIABILITY),
    "WAGES": ("6000", "Wages", AccountKind.EXPENSE),
    "SUPER_EXPENSE": ("6010", "Superannuation expense", AccountKind.EXPENSE),
    "CONTRACTORS": ("6100", "Contractor payments", AccountKind.EXPENSE),
}
#: Roles whose accounts hold balances with other entities of the group (eliminated on consolidation).
INTERCOMPANY = frozenset({"IC_RECEIVABLE", "IC_PAYABLE", "IC_REVENUE", "IC_EXPENSE"})


def chart_of_accounts(*, entity: Entity | int) -> dict[str, int]:
    """Account ids by role (`AR`, `REVENUE`, `TAX`, `BANK`, ... see `CHART`) of the entity,
    created on demand."""
    entity_id = entity if isinstance(entity, int) else entity.pk
    existing = dict(Account.objects.filter(entity_id=entity_id).values_list("code", "id"))
    result: dict[str, int] = {}
    for role, (code, name, kind) in CHART.items():
        if code not in existing:
            try:
                with transaction.atomic():
                    existing[code] = Account.objects.create(
                        entity_id=entity_id, code=code, name=name, kind=kind, intercompany=role in INTERCOMPANY
                    ).pk
            except IntegrityError:  # created concurrently
                existing[code] = Account.objects.get(entity_id=entity_id, code=code).pk
        result[role] = existing[code]
    return result


@dataclass(frozen=True)
class Posting:
    account_id: int
    debit: Decimal = ZERO
    credit: Decimal = ZERO


class UnbalancedJournal(ValueError):
    pass


def _check_balanced(postings: Sequence[Posting]) -> None:
    debit = sum((p.debit for p in postings), ZERO)
    credit = sum((p.credit for p in postings), ZERO)
    if debit != credit:
        raise UnbalancedJournal(f"debits {debit} != credits {credit}")


def invoice_postings(accounts: dict[str, int], *, subtotal: Decimal, tax: Decimal, total: Decimal) -> list[Posting]:
    postings = [Posting(accounts["AR"], debit=total), Posting(accounts["REVENUE"], credit=subtotal)]
    if tax:
        postings.append(Posting(accounts["TAX"], credit=tax))
    return postings


def credit_note_postings(accounts: dict[str, int], *, subtotal: Decimal, tax: Decimal, total: Decimal) -> list[Posting]:
    postings = [Posting(accounts["REVENUE"], debit=subtotal), Posting(accounts["AR"], credit=total)]
    if tax:
        postings.append(Posting(accounts["TAX"], debit=tax))
    return postings


def receipt_postings(accounts: dict[str, int], *, amount: Decimal, allocated: Decimal | None = None) -> list[Posting]:
    """Cash in: what is allocated settles receivables, the rest is held as unapplied cash."""
    allocated = amount if allocated is None else allocated
    postings = [Posting(accounts["BANK"], debit=amount)]
    if allocated:
        postings.append(Posting(accounts["AR"], credit=allocated))
    if amount - allocated:
        postings.append(Posting(accounts["UNAPPLIED"], credit=amount - allocated))
    return postings


def allocation_postings(accounts: dict[str, int], *, amount: Decimal) -> list[Posting]:
    return [Posting(accounts["UNAPPLIED"], debit=amount), Posting(accounts["AR"], credit=amount)]


def refund_postings(accounts: dict[str, int], *, amount: Decimal) -> list[Posting]:
    return [Posting(accounts["UNAPPLIED"], debit=amount), Posting(accounts["BANK"], credit=amount)]


def reversal_postings(accounts: dict[str, int], *, allocated: Decimal, unapplied: Decimal) -> list[Posting]:
    """A bounced receipt: the receivables it settled are owed again, its unapplied cash is gone."""
    postings = []
    if allocated:
        postings.append(Posting(accounts["AR"], debit=allocated))
    if unapplied:
        postings.append(Posting(accounts["UNAPPLIED"], debit=unapplied))
    postings.append(Posting(accounts["BANK"], credit=allocated + unapplied))
    return postings


@dataclass(frozen=True)
class JournalEntry:
    """A journal to post: what it is for (at most one of invoice, credit note, receipt) and its
    postings, which must balance."""

    date: dt.date
    memo: str
    source: str
    postings: Sequence[Posting]
    invoice_id: int | None = None
    credit_note_id: int | None = None
    receipt_id: int | None = None
    created_by_id: int | None = None


JOURNAL_COLUMNS = (
    "entity_id",
    "date",
    "memo",
    "source",
    "invoice_id",
    "credit_note_id",
    "receipt_id",
    "created_by_id",
)


def journals_post(*, entity_id: int, entries: Sequence[JournalEntry]) -> list[int]:
    """Store journals with their lines in two bulk inserts (COPY on PostgreSQL); every journal
    must balance, and none may be dated in a locked period (`PeriodLocked`). Returns the
    journals' ids."""
    from kserp.finance.periods import period_guard

    for entry in entries:
        _check_balanced(entry.postings)
    if entries:
        period_guard(entity=entity_id, date=min(e.date for e in entries))
    ids = insert_returning_ids(
        Journal,
        JOURNAL_COLUMNS,
        [
            (entity_id, e.date, e.memo[:200], e.source, e.invoice_id, e.credit_note_id, e.receipt_id, e.created_by_id)
            for e in entries
        ],
    )
    insert_rows(
        JournalLine,
        ("journal_id", "account_id", "debit", "credit"),
        (
            (journal_id, p.account_id, p.debit, p.credit)
            for journal_id, entry in zip(ids, entries, strict=True)
            for p in entry.postings
        ),
    )
    return ids


def journal_post(
    *,
    entity_id: int,
    date: dt.date,
    memo: str,
    source: str,
    postings: Sequence[Posting],
    invoice: Model | None = None,
    credit_note: Model | None = None,
    receipt: Model | None = None,
    created_by_id: int | None = None,
) -> int:
    """Post one journal (for one invoice, credit note or receipt, or a manual one); returns its id."""
    entry = JournalEntry(
        date=date,
        memo=memo,
        source=source,
        postings=postings,
        invoice_id=invoice.pk if invoice else None,
        credit_note_id=credit_note.pk if credit_note else None,
        receipt_id=receipt.pk if receipt else None,
        created_by_id=created_by_id,
    )
    return journals_post(entity_id=entity_id, entries=[entry])[0]


def trial_balance(*, entity: Entity | int | None = None) -> dict[str, Decimal]:
    """Debit minus credit per account code (`<entity>:<code>`); the values sum to zero."""
    lines = JournalLine.objects.all()
    if entity is not None:
        lines = lines.filter(journal__entity_id=entity if isinstance(entity, int) else entity.pk)
    rows = lines.values("account__entity__code", "account__code").annotate(d=Sum("debit"), c=Sum("credit"))
    return {
        f"{row['account__entity__code']}:{row['account__code']}": (row["d"] or ZERO) - (row["c"] or ZERO)
        for row in rows.order_by("account__entity__code", "account__code")
    }
