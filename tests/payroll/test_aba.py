"""The ABA file, field by field, read back by a parser of our own (tests/payroll/aba_parser.py)."""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kserp.payroll.calc.aba import AbaAccount, AbaError, AbaPayment, write_aba
from tests.payroll.aba_parser import Detail, Header, Total, parse

PAYER = AbaAccount(
    bsb="062-000",
    account="10203040",
    name="KS Staffing Pty Ltd",
    mnemonic="CBA",
    apca_id="301500",
    remitter="KS STAFFING",
)


def test_a_file_field_by_field():
    text = write_aba(
        payer=PAYER,
        payments=[
            AbaPayment(
                bsb="063-000",
                account="12345678",
                title="J Citizen",
                amount=Decimal("1734.25"),
                reference="PAY 2025-07-04",
            ),
            AbaPayment(
                bsb="083004",
                account="987654321",
                title="Renée Patel",
                amount=Decimal("0.01"),
                reference="RCTI KSAU-R000001",
            ),
        ],
        description="PAYROLL",
        processing_date=date(2025, 7, 7),
    )
    lines = text.split("\r\n")
    assert (
        lines[0]
        == "0"
        + " " * 17
        + "01CBA"
        + " " * 7
        + "KS Staffing Pty Ltd".ljust(26)
        + "301500"
        + "PAYROLL     "
        + "070725"
        + " " * 40
    )
    assert lines[1] == (
        "1063-000 12345678 53"
        + "0000173425"
        + "J Citizen".ljust(32)
        + "PAY 2025-07-04".ljust(18)
        + "062-000 10203040"
        + "KS STAFFING     "
        + "00000000"
    )
    parsed = parse(text)
    assert parsed.header == Header("01", "CBA", "KS Staffing Pty Ltd", "301500", "PAYROLL", date(2025, 7, 7))
    assert parsed.details == [
        Detail(
            "063-000",
            "12345678",
            " ",
            "53",
            173425,
            "J Citizen",
            "PAY 2025-07-04",
            "062-000",
            "10203040",
            "KS STAFFING",
            0,
        ),
        Detail(
            "083-004",
            "987654321",
            " ",
            "53",
            1,
            "Renee Patel",
            "RCTI KSAU-R000001",
            "062-000",
            "10203040",
            "KS STAFFING",
            0,
        ),
        Detail(
            "062-000",
            "10203040",
            " ",
            "13",
            173426,
            "KS Staffing Pty Ltd",
            "PAYROLL",
            "062-000",
            "10203040",
            "KS STAFFING",
            0,
        ),
    ]
    assert parsed.total == Total(net_cents=0, credit_cents=173426, debit_cents=173426, count=3)
    assert lines[-1] == ""
    assert (
        lines[4] == "7999-999" + " " * 12 + "0000000000" + "0000173426" + "0000173426" + " " * 24 + "000003" + " " * 40
    )


def test_long_names_are_cut_to_their_field():
    text = write_aba(
        payer=PAYER,
        payments=[AbaPayment(bsb="063-000", account="1", title="X" * 40, amount=Decimal("5"), reference="R" * 30)],
        description="A very long description",
        processing_date=date(2025, 1, 2),
    )
    parsed = parse(text)
    assert parsed.details[0].title == "X" * 32
    assert parsed.details[0].reference == "R" * 18
    assert parsed.details[0].account == "1"
    assert parsed.header.description == "A very long "[:12].rstrip()


@pytest.mark.parametrize(
    ("payment", "field"),
    [
        (AbaPayment("06-000", "1", "A", Decimal("1"), "r"), "payments[0].bsb"),
        (AbaPayment("063-000", "", "A", Decimal("1"), "r"), "payments[0].account"),
        (AbaPayment("063-000", "1234567890", "A", Decimal("1"), "r"), "payments[0].account"),
        (AbaPayment("063-000", "1", "A", Decimal("0"), "r"), "payments[0].amount"),
        (AbaPayment("063-000", "1", "A", Decimal("1.005"), "r"), "payments[0].amount"),
        (AbaPayment("063-000", "1", "  ", Decimal("1"), "r"), "payments[0].title"),
    ],
)
def test_a_bad_payment_is_refused_naming_it(payment, field):
    with pytest.raises(AbaError) as err:
        write_aba(payer=PAYER, payments=[payment], description="PAY", processing_date=date(2025, 1, 1))
    assert err.value.field == field


def test_a_bad_payer_is_refused():
    for change, field in [
        ({"mnemonic": "CB"}, "payer.mnemonic"),
        ({"apca_id": "1234567"}, "payer.apca_id"),
        ({"bsb": "x"}, "payer.bsb"),
    ]:
        payer = dataclasses.replace(PAYER, **change)
        with pytest.raises(AbaError) as err:
            write_aba(payer=payer, payments=[], description="PAY", processing_date=date(2025, 1, 1))
        assert err.value.field == field


amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("99999.99"), places=2)


@settings(deadline=None)  # a busy CI machine must not fail a correct example
@given(st.lists(amounts, max_size=30), st.text(max_size=40))
def test_any_set_of_payments_reads_back_with_matching_totals(values, title):
    payments = [AbaPayment("063-000", str(i + 1), title or "T", v, f"REF{i}") for i, v in enumerate(values)]
    if not (title or "T").strip():
        return
    parsed = parse(write_aba(payer=PAYER, payments=payments, description="PAY", processing_date=date(2026, 12, 2)))
    assert [d.cents for d in parsed.details[:-1]] == [int(v * 100) for v in values]
    assert parsed.total.credit_cents == parsed.total.debit_cents == sum(int(v * 100) for v in values)
    assert parsed.total.count == len(values) + 1
