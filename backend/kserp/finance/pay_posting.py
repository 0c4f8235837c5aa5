"""Finance's entry point for pay runs (docs/payroll.md, "Ledger"): gapless payslip and RCTI
numbers and one balanced journal per payment, in the caller's transaction; the journal that pays
a run out of the bank. The trial balance is `finance.selectors.trial_balance` (one for every domain).

- payslip: Dr Wages (gross), Dr Super expense (super) / Cr PAYG payable (withheld),
  Cr Super payable (super), Cr Net wages payable (net)
- RCTI:    Dr Contractor payments (subtotal), Dr GST input tax credits (GST) /
  Cr PAYG payable (no-ABN withholding), Cr RCTIs payable (net)
- paid:    Dr Net wages payable (employees' nets), Dr RCTIs payable (contractors' nets) / Cr Bank
- remitted: Dr PAYG payable (to the tax office) or Dr Super payable (to a fund) / Cr Bank
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from kserp.base.models import Entity
from kserp.finance import ledger
from kserp.finance.invoicing import PAYSLIP_SERIES, RCTI_SERIES, document_counter_lock, document_numbers_allocate
from kserp.finance.models import JournalSource

ZERO = Decimal("0.00")


@dataclass
class PayDocument:
    """A payslip (``rcti=False``) or RCTI to number and post; ``number`` and ``journal_id`` are
    filled in by `pay_documents_post`."""

    rcti: bool
    gross: Decimal  # an RCTI's subtotal (before GST)
    withholding: Decimal
    superannuation: Decimal
    gst: Decimal
    net: Decimal
    memo: str = ""
    number: str = ""
    journal_id: int = 0


def pay_document_postings(accounts: dict[str, int], doc: PayDocument) -> list[ledger.Posting]:
    """A payment's journal lines (zero amounts left out)."""
    if doc.rcti:
        sides = [
            ("CONTRACTORS", doc.gross, ZERO),
            ("GST_CREDIT", doc.gst, ZERO),
            ("PAYG", ZERO, doc.withholding),
            ("RCTI_PAYABLE", ZERO, doc.net),
        ]
    else:
        sides = [
            ("WAGES", doc.gross, ZERO),
            ("SUPER_EXPENSE", doc.superannuation, ZERO),
            ("PAYG", ZERO, doc.withholding),
            ("SUPER_PAYABLE", ZERO, doc.superannuation),
            ("NET_WAGES", ZERO, doc.net),
        ]
    return [ledger.Posting(accounts[role], debit=d, credit=c) for role, d, c in sides if d or c]


def pay_documents_post(
    *, entity: Entity, date: dt.date, documents: Callable[[], Sequence[PayDocument]]
) -> Sequence[PayDocument]:
    """Number and post payments, in the caller's transaction.

    1. Locks the entity's RCTI counter row (SELECT ... FOR UPDATE): callers for the same entity
       take turns from here to their commit, so each sees every line paid before it.
    2. Calls ``documents()`` for what to post, now, under that lock (the caller selects and locks
       its pay lines there).
    3. Numbers the RCTIs and payslips gaplessly (their own series per entity) and posts one
       balanced journal per document, in bulk; a rollback gives the numbers back.
    """
    assert transaction.get_connection().in_atomic_block, "post pay documents inside the caller's transaction"
    accounts = ledger.chart_of_accounts(entity=entity)
    document_counter_lock(entity=entity, series=RCTI_SERIES)
    docs = list(documents())
    if not docs:
        return docs
    rctis = [d for d in docs if d.rcti]
    slips = [d for d in docs if not d.rcti]
    for series, group in ((RCTI_SERIES, rctis), (PAYSLIP_SERIES, slips)):
        for doc, number in zip(
            group, document_numbers_allocate(entity=entity, series=series, count=len(group)), strict=True
        ):
            doc.number = number
    ids = ledger.journals_post(
        entity_id=entity.pk,
        entries=[
            ledger.JournalEntry(
                date=date,
                memo=doc.memo or doc.number,
                source=JournalSource.PAY_RUN,
                postings=pay_document_postings(accounts, doc),
            )
            for doc in docs
        ],
    )
    for doc, journal_id in zip(docs, ids, strict=True):
        doc.journal_id = journal_id
    return docs


def pay_run_paid_post(
    *, entity: Entity, date: dt.date, employees_net: Decimal, contractors_net: Decimal, memo: str
) -> int:
    """The journal that pays a run's nets out of the bank (clears the net-pay payables)."""
    accounts = ledger.chart_of_accounts(entity=entity)
    postings = [
        ledger.Posting(accounts["NET_WAGES"], debit=employees_net),
        ledger.Posting(accounts["RCTI_PAYABLE"], debit=contractors_net),
        ledger.Posting(accounts["BANK"], credit=employees_net + contractors_net),
    ]
    return ledger.journal_post(
        entity_id=entity.pk,
        date=date,
        memo=memo,
        source=JournalSource.PAY_RUN_PAYMENT,
        postings=[p for p in postings if p.debit or p.credit],
    )


def payroll_remittance_post(*, entity: Entity, date: dt.date, kind: str, amount: Decimal, memo: str) -> int:
    """The journal that pays PAYG withheld (``kind`` ``PAYG``) to the tax office or super (``SUPER``)
    to a fund out of the bank, clearing that much of the liability. Goes through the period lock
    guard (`PeriodLocked`) like every posting."""
    accounts = ledger.chart_of_accounts(entity=entity)
    liability = {"PAYG": "PAYG", "SUPER": "SUPER_PAYABLE"}[kind]
    return ledger.journal_post(
        entity_id=entity.pk,
        date=date,
        memo=memo,
        source=JournalSource.PAY_RUN_PAYMENT,
        postings=[ledger.Posting(accounts[liability], debit=amount), ledger.Posting(accounts["BANK"], credit=amount)],
    )
