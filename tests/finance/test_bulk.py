"""Bulk inserts (COPY on PostgreSQL, bulk_create on SQLite) used by billing runs and the ledger."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from kserp.finance import ledger
from kserp.finance.bulk import insert_returning_ids, insert_rows
from kserp.finance.models import Journal, JournalLine, JournalSource
from tests.support.orders import make_entity

DAY = dt.date(2025, 8, 1)


def test_insert_returning_ids_gives_each_row_its_id_in_order_and_fills_defaults(db):
    entity = make_entity()
    before = timezone.now()
    rows = [(entity.pk, DAY, f"memo {n}", JournalSource.INVOICE) for n in range(7)]

    ids = insert_returning_ids(Journal, ("entity_id", "date", "memo", "source"), rows)

    assert ids == sorted(ids) and len(set(ids)) == 7
    stored = {j.pk: j for j in Journal.objects.filter(pk__in=ids)}
    assert [stored[pk].memo for pk in ids] == [f"memo {n}" for n in range(7)]
    assert all(stored[pk].created_at >= before for pk in ids)  # auto_now_add filled in
    assert all(stored[pk].invoice_id is None for pk in ids)  # a field's default
    assert insert_returning_ids(Journal, ("entity_id", "date", "memo", "source"), []) == []


def test_insert_rows_and_journals_post_store_balanced_journals(db):
    entity = make_entity()
    accounts = ledger.chart_of_accounts(entity=entity)
    entries = [
        ledger.JournalEntry(
            date=DAY,
            memo=f"Invoice {n}",
            source=JournalSource.INVOICE,
            postings=ledger.invoice_postings(
                accounts, subtotal=Decimal(n), tax=Decimal("0.10"), total=Decimal(n) + Decimal("0.10")
            ),
        )
        for n in range(1, 4)
    ]

    ids = ledger.journals_post(entity_id=entity.pk, entries=entries)

    assert JournalLine.objects.filter(journal_id__in=ids).count() == 9
    for pk, n in zip(ids, range(1, 4), strict=True):
        lines = JournalLine.objects.filter(journal_id=pk)
        assert sum(line.debit for line in lines) == sum(line.credit for line in lines) == Decimal(n) + Decimal("0.10")
    assert insert_rows(JournalLine, ("journal_id", "account_id", "debit", "credit"), []) == 0


def test_an_unbalanced_journal_is_refused_before_anything_is_stored(db):
    entity = make_entity()
    accounts = ledger.chart_of_accounts(entity=entity)
    bad = ledger.JournalEntry(
        date=DAY,
        memo="bad",
        source=JournalSource.INVOICE,
        postings=[
            ledger.Posting(accounts["AR"], debit=Decimal("1.00")),
            ledger.Posting(accounts["REVENUE"], credit=Decimal("0.99")),
        ],
    )
    with pytest.raises(ledger.UnbalancedJournal):
        ledger.journals_post(entity_id=entity.pk, entries=[bad])
    assert not Journal.objects.exists()
