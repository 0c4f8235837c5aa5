"""No business date before the entity's first accounting period (`Entity.books_start`, the
configuration document's `entities[].books_start`): billing and pay run period ends, receipts and
their later steps, credit notes and manual journals are refused at the field, nothing stored
(docs/security.md, "Numbers, dates, IDs, cursors and text")."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from kserp.base.models import Entity
from kserp.billing.models import BillingRun
from kserp.billing.runs import billing_run_start
from kserp.configuration.services import configuration_import
from kserp.errors import ValidationFailed
from kserp.finance.books import ManualLine, journal_post_manual
from kserp.finance.cash import receipt_create, receipt_refund
from kserp.finance.invoicing import invoice_credit
from kserp.finance.models import CreditNote, Journal, Receipt
from kserp.payroll.models import PayRun
from kserp.payroll.runs import pay_run_start
from tests.rates.documents import base_document, dump
from tests.support.billing import bill_one_invoice
from tests.support.orders import make_client, make_entity

BOOKS_START = dt.date(2025, 7, 1)
BEFORE = dt.date(2025, 6, 30)


@pytest.fixture
def entity(db) -> Entity:
    entity = make_entity()
    entity.books_start = BOOKS_START
    entity.save(update_fields=["books_start"])
    return entity


def _refused(call) -> list[tuple[str | None, str, str]]:
    with pytest.raises(ValidationFailed) as refused:
        call()
    return [(e.field, e.code, e.message) for e in refused.value.errors]


BEFORE_MESSAGE = "2025-06-30 is before the first accounting period of KSAU, which starts on 2025-07-01."


def test_runs_before_the_books_start_are_refused_at_the_period_end(entity):
    make_client(entity=entity)
    assert _refused(lambda: billing_run_start(entity=entity, period_end=BEFORE)) == [
        ("periodEnd", "DATE_OUT_OF_RANGE", BEFORE_MESSAGE)
    ]
    issued_before = lambda: billing_run_start(entity=entity, period_end=BOOKS_START, issue_date=BEFORE)  # noqa: E731
    assert _refused(issued_before) == [("issueDate", "DATE_OUT_OF_RANGE", BEFORE_MESSAGE)]
    assert _refused(lambda: pay_run_start(entity=entity, period_end=BEFORE)) == [
        ("periodEnd", "DATE_OUT_OF_RANGE", BEFORE_MESSAGE)
    ]
    assert (BillingRun.objects.count(), PayRun.objects.count()) == (0, 0)
    assert billing_run_start(entity=entity, period_end=BOOKS_START).period_end == BOOKS_START  # the first day is in
    assert pay_run_start(entity=entity, period_end=BOOKS_START).period_end == BOOKS_START


def test_receipts_and_journals_before_the_books_start_are_refused_at_the_date(entity):
    client = make_client()
    assert client.entity_id == entity.pk
    assert _refused(lambda: receipt_create(client=client, amount=Decimal("10.00"), received_on=BEFORE)) == [
        ("date", "DATE_OUT_OF_RANGE", BEFORE_MESSAGE)
    ]
    lines = [ManualLine("1000", debit=Decimal("1.00")), ManualLine("4000", credit=Decimal("1.00"))]
    assert _refused(lambda: journal_post_manual(entity=entity, date=BEFORE, reason="Opening", lines=lines)) == [
        ("date", "DATE_OUT_OF_RANGE", BEFORE_MESSAGE)
    ]
    assert (Receipt.objects.count(), Journal.objects.count()) == (0, 0)

    receipt = receipt_create(client=client, amount=Decimal("10.00"), received_on=BOOKS_START)
    journals = Journal.objects.count()
    assert _refused(lambda: receipt_refund(receipt=receipt, amount=Decimal("1.00"), on=BEFORE)) == [
        ("date", "DATE_OUT_OF_RANGE", BEFORE_MESSAGE)
    ]
    assert Journal.objects.count() == journals


def test_without_a_books_start_only_the_ten_year_window_applies(db):
    entity = make_entity()
    assert entity.books_start is None
    assert pay_run_start(entity=entity, period_end=BEFORE).period_end == BEFORE
    far = _refused(lambda: pay_run_start(entity=entity, period_end=dt.date(9999, 12, 31)))
    assert [(field, code) for field, code, _ in far] == [("periodEnd", "DATE_OUT_OF_RANGE")]
    assert PayRun.objects.count() == 1


def test_the_configuration_document_sets_the_books_start_and_refuses_a_bad_one(db):
    doc = base_document()
    doc["entities"][0]["books_start"] = "2025-07-01"
    result = configuration_import(document=dump(doc))
    assert result.ok, result.errors
    assert Entity.objects.get(code="KSAU").books_start == BOOKS_START

    doc["entities"][0]["books_start"] = "2025-02-30"
    result = configuration_import(document=dump(doc))
    assert [e.field for e in result.errors] == ["entities[0].books_start"]
    assert Entity.objects.get(code="KSAU").books_start == BOOKS_START


def test_a_credit_note_before_the_books_start_is_refused_at_the_issue_date(db):
    invoice = bill_one_invoice()  # issued 2025-08-01
    Entity.objects.filter(pk=invoice.entity_id).update(books_start=dt.date(2025, 8, 1))
    invoice.refresh_from_db()
    refused = _refused(lambda: invoice_credit(invoice=invoice, reason="Wrong PO", issue_date=dt.date(2025, 7, 31)))
    assert [(field, code) for field, code, _ in refused] == [("issueDate", "DATE_OUT_OF_RANGE")]
    assert "before the first accounting period of" in refused[0][2]
    assert CreditNote.objects.count() == 0
