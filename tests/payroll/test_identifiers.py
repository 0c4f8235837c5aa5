"""ABN, BSB and account number checks."""

from __future__ import annotations

import pytest

from kserp.base.identifiers import (
    abn_is_valid,
    format_abn,
    mask_account_number,
    normalise_abn,
    normalise_account_number,
    normalise_bsb,
)


def test_the_atos_example_abn_is_valid():
    assert abn_is_valid("51824753556")
    assert abn_is_valid("51 824 753 556")
    assert normalise_abn("51 824 753 556") == "51824753556"
    assert format_abn("51824753556") == "51 824 753 556"


@pytest.mark.parametrize(
    "abn", ["51824753557", "15824753556", "5182475355", "518247535566", "5182475355a", "", "٥1824753556"]
)
def test_bad_abns_are_refused(abn):
    assert not abn_is_valid(abn)
    with pytest.raises(ValueError):
        normalise_abn(abn)


def test_changing_any_one_digit_of_a_valid_abn_breaks_it():
    """89 is prime and larger than every weight and every digit change, so no single change passes."""
    valid = "51824753556"
    for position in range(11):
        for digit in "0123456789":
            if digit != valid[position]:
                assert not abn_is_valid(valid[:position] + digit + valid[position + 1 :]), (position, digit)


def test_bsb_and_account():
    assert normalise_bsb("062000") == "062-000"
    assert normalise_bsb(" 062-000 ") == "062-000"
    for bad in ["62-000", "062-0000", "abc-def", "062 000", ""]:
        with pytest.raises(ValueError):
            normalise_bsb(bad)
    assert normalise_account_number("1234 5678") == "12345678"
    assert normalise_account_number("987654321") == "987654321"
    for bad in ["1234567890", "", "12a45"]:
        with pytest.raises(ValueError):
            normalise_account_number(bad)
    assert mask_account_number("12345678") == "*****678"
    assert mask_account_number("12") == "**"
