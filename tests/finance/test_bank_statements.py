"""Bank statements: camt.053 and CSV import, suggested matches, confirmation (never twice)."""

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from kserp.errors import ValidationFailed
from kserp.finance.cash import AllocationIn
from kserp.finance.models import Invoice, Receipt
from kserp.finance.statements import (
    statement_import,
    statement_line_confirm,
    statement_line_suggestions,
    statement_parse,
)
from tests.support.finance import assert_trial_balance_zero, three_invoices

D = Decimal
CAMT = (Path(__file__).parent / "data" / "camt053_remittances.xml").read_bytes()


def _plan(suggestion) -> list[tuple[str, Decimal]]:
    return [(invoice.number, amount) for invoice, amount in suggestion.allocations]


def test_a_camt053_statement_is_parsed_credits_and_debits():
    parsed = statement_parse(CAMT)

    assert (parsed.format, parsed.account) == ("CAMT053", "062000-12345678")
    assert [(l.date, l.amount, l.reference, l.payer, l.text) for l in parsed.lines] == [  # noqa: E741
        (dt.date(2025, 8, 20), D("1810.30"), "", "Acme Pty Ltd", "PAYMENT AU-000001 THANK YOU"),
        (dt.date(2025, 8, 21), D("3620.60"), "ACME REMITTANCE 77", "ACME PTY LTD", ""),
        (dt.date(2025, 8, 22), D("-12.50"), "", "", "ACCOUNT FEE"),
    ]


def test_xml_with_entities_is_refused_not_expanded():
    bomb = b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]><Document>&x;</Document>'
    with pytest.raises(ValidationFailed) as failed:
        statement_parse(bomb)
    assert [(e.field, e.code) for e in failed.value.errors] == [("content", "INVALID")]


def test_import_suggest_and_confirm_pays_the_invoices_and_never_applies_a_line_twice(db):
    first, _, _ = three_invoices()
    statement = statement_import(entity=first.entity, filename="acme.xml", content=CAMT)
    by_number, by_reference, fee = statement.lines.order_by("position")
    assert [line.status for line in (by_number, by_reference, fee)] == ["UNMATCHED", "UNMATCHED", "IGNORED"]

    best = statement_line_suggestions(line=by_number)[0]
    assert (best.client.code, _plan(best), best.reason) == (
        "ACME",
        [("AU-000001", D("1810.30"))],
        "Invoice number in the text (the exact amount)",
    )
    statement_line_confirm(
        line=by_number, client=best.client, allocations=[AllocationIn(i, a) for i, a in best.allocations]
    )

    best = statement_line_suggestions(line=by_reference)[0]
    assert (_plan(best), best.reason) == (
        [("AU-000002", D("1810.30")), ("AU-000003", D("1810.30"))],
        "The client's reference and the amount of 2 invoices",
    )
    statement_line_confirm(
        line=by_reference, client=best.client, allocations=[AllocationIn(i, a) for i, a in best.allocations]
    )

    assert list(Invoice.objects.order_by("number").values_list("status", flat=True)) == ["PAID"] * 3
    assert list(Receipt.objects.order_by("id").values_list("amount", "unapplied", "received_on")) == [
        (D("1810.30"), D("0.00"), dt.date(2025, 8, 20)),
        (D("3620.60"), D("0.00"), dt.date(2025, 8, 21)),
    ]
    with pytest.raises(ValidationFailed) as twice:
        statement_line_confirm(line=by_number, client=first.client, allocations=[])
    assert [(e.field, e.code) for e in twice.value.errors] == [("line", "ALREADY_APPLIED")]
    with pytest.raises(ValidationFailed) as again:
        statement_import(entity=first.entity, filename="again.xml", content=CAMT)
    assert [(e.field, e.code) for e in again.value.errors] == [("content", "DUPLICATE")]
    assert Receipt.objects.count() == 2
    assert_trial_balance_zero(first.entity)


def test_a_csv_statement_suggests_by_exact_amount_and_holds_the_rest_on_account(db):
    first, _, _ = three_invoices()
    csv = (
        "Date,Amount,Reference,Payer,Description\n"
        "25/08/2025,1810.30,EFT 991,Unknown payer,\n"
        "26/08/2025,2000.00,ACME PAYMENT,Acme Pty Ltd,\n"
        "26/08/2025,oops,,,\n"
    )
    with pytest.raises(ValidationFailed) as failed:
        statement_import(entity=first.entity, filename="bank.csv", content=csv.encode())
    assert [(e.field, e.code) for e in failed.value.errors] == [("rows[2]", "INVALID")]

    statement = statement_import(
        entity=first.entity, filename="bank.csv", content=csv.rsplit("26/08/2025,oops", 1)[0].encode()
    )
    exact, on_account = statement.lines.order_by("position")

    assert [(_plan(s), s.reason) for s in statement_line_suggestions(line=exact)] == [
        ([("AU-000001", D("1810.30"))], "The exact amount of an open invoice"),
        ([("AU-000002", D("1810.30"))], "The exact amount of an open invoice"),
        ([("AU-000003", D("1810.30"))], "The exact amount of an open invoice"),
    ]
    best = statement_line_suggestions(line=on_account)[0]
    assert (_plan(best), best.reason) == (
        [("AU-000001", D("1810.30")), ("AU-000002", D("189.70"))],
        "The client's reference: its oldest invoices first (any rest on account)",
    )
