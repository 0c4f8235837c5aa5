"""PAYG withholding (Schedule 1): worked figures by hand, the table's own continuity, properties."""

from __future__ import annotations

import itertools
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kserp.payroll.calc.withholding import (
    SCHEDULE_1_2024_25,
    Bracket,
    Frequency,
    Scale,
    TableError,
    TaxFacts,
    WithholdingTable,
    check_brackets,
    flat_percent,
    scale_for,
    table_in_force,
    weekly_amount,
    withholding,
)

D = Decimal
T = SCHEDULE_1_2024_25
SCALE_1 = TaxFacts(tfn_provided=True, tax_free_threshold=False, foreign_resident=False)
SCALE_2 = TaxFacts(tfn_provided=True, tax_free_threshold=True, foreign_resident=False)
SCALE_3 = TaxFacts(tfn_provided=True, tax_free_threshold=True, foreign_resident=True)
NO_TFN = TaxFacts(tfn_provided=False, tax_free_threshold=True, foreign_resident=False)
NO_TFN_FOREIGN = TaxFacts(tfn_provided=False, tax_free_threshold=False, foreign_resident=True)


def test_the_worked_check_scale_2_gross_1500_40_withholds_304():
    # x = 1500.99; 0.32 × 1500.99 − 176.5769 = 303.7399 -> $304
    assert withholding(T, SCALE_2, D("1500.40")) == D("304.00")


@pytest.mark.parametrize(
    ("facts", "gross", "expected"),
    [
        (SCALE_1, D("1500.40"), D("415.00")),  # 0.32 × 1500.99 − 65.7202 = 414.5966
        (SCALE_3, D("1500.40"), D("450.00")),  # 0.30 × 1500.99 − 0.30 = 449.997
        (NO_TFN, D("1500.40"), D("705.00")),  # 47% of $1,500
        (NO_TFN_FOREIGN, D("1500.40"), D("675.00")),  # 45% of $1,500
        (SCALE_2, D("360.00"), D("0.00")),  # x = 360.99 < 361: nothing
        (SCALE_2, D("361.00"), D("0.00")),  # 0.16 × 361.99 − 57.8462 = 0.0722
        (SCALE_1, D("100.00"), D("16.00")),  # 0.16 × 100.99 − 0.16 = 15.9984
        (SCALE_1, D("400.50"), D("76.00")),  # 0.189 × 400.99 + 0.6702 = 76.4573 (negative b)
        (SCALE_1, D("5000.00"), D("1863.00")),  # 0.47 × 5000.99 − 487.2587 = 1863.2066
        (SCALE_2, D("4000.00"), D("1230.00")),  # 0.47 × 4000.99 − 650.6154 = 1229.8499
        (NO_TFN, D("0.99"), D("0.00")),  # cents ignored
        (SCALE_2, D("0"), D("0.00")),
    ],
)
def test_weekly_withholding_by_scale(facts, gross, expected):
    assert withholding(T, facts, gross) == expected


def test_fortnightly_is_twice_the_weekly_amount_on_half_the_earnings():
    assert withholding(T, SCALE_2, D("3000.80"), Frequency.FORTNIGHTLY) == D("608.00")
    # half of 3001.01 is 1500.505: cents ignored, x = 1500.99 again
    assert withholding(T, SCALE_2, D("3001.01"), Frequency.FORTNIGHTLY) == D("608.00")
    # no TFN is a flat percentage of the whole period's earnings
    assert withholding(T, NO_TFN, D("3001.01"), Frequency.FORTNIGHTLY) == D("1410.00")  # 47% of 3001 = 1410.47


def test_scale_choice():
    assert scale_for(SCALE_1) is Scale.NO_THRESHOLD
    assert scale_for(SCALE_2) is Scale.THRESHOLD
    assert scale_for(SCALE_3) is Scale.FOREIGN
    assert scale_for(NO_TFN) is Scale.NO_TFN
    assert scale_for(NO_TFN_FOREIGN) is Scale.NO_TFN


def test_rounding_is_half_up_to_the_dollar():
    brackets = (Bracket(None, D("1"), D("0.49")),)  # y = x − 0.49: x = 10.99 -> 10.50 -> 11
    assert weekly_amount(brackets, D("10.00")) == D("11.00")
    brackets = (Bracket(None, D("1"), D("0.50")),)  # 10.49 -> 10
    assert weekly_amount(brackets, D("10.00")) == D("10.00")
    assert weekly_amount((Bracket(None, D("0.1"), D("50")),), D("10")) == D("0.00")  # never negative


def test_flat_percent_ignores_cents_before_and_after():
    assert flat_percent(D("101.99"), D("47")) == D("47.00")  # 47% of 101 = 47.47
    assert flat_percent(D("-5"), D("47")) == D("0.00")


@pytest.mark.parametrize("scale", [Scale.NO_THRESHOLD, Scale.THRESHOLD, Scale.FOREIGN])
def test_the_default_table_is_continuous_at_every_bracket_edge(scale):
    """A mistyped coefficient shows as a jump where two brackets meet: the ATO's own brackets join
    within 30 cents (scale 3 at $2,596 is the widest), a typo in a digit jumps by dollars."""
    brackets = T.scales[scale]
    for left, right in itertools.pairwise(brackets):
        edge = left.below
        assert edge is not None
        jump = abs((left.a * edge - left.b) - (right.a * edge - right.b))
        assert jump < D("0.30"), (scale, edge, jump)


def test_brackets_are_checked():
    with pytest.raises(TableError) as err:
        check_brackets(
            "scales.1",
            [Bracket(D("10"), D("0"), D("0")), Bracket(D("5"), D("0"), D("0")), Bracket(None, D("0"), D("0"))],
        )
    assert err.value.path == "scales.1[1].below"
    with pytest.raises(TableError) as err:
        check_brackets("scales.2", [Bracket(None, D("0"), D("0")), Bracket(None, D("0"), D("0"))])
    assert err.value.path == "scales.2[0].below"
    with pytest.raises(TableError) as err:
        check_brackets("scales.3", [Bracket(D("10"), D("0"), D("0"))])
    assert err.value.path == "scales.3[0].below"
    for scale in (Scale.NO_THRESHOLD, Scale.THRESHOLD, Scale.FOREIGN):
        check_brackets(f"scales.{scale}", T.scales[scale])


def test_the_table_in_force_is_the_latest_started():
    later = WithholdingTable("next", date(2025, 7, 1), T.scales, D("47"), D("45"))
    assert table_in_force([later, T], date(2025, 6, 30)) is T
    assert table_in_force([later, T], date(2025, 7, 1)) is later
    with pytest.raises(LookupError):
        table_in_force([later, T], date(2024, 6, 30))


earnings = st.decimals(min_value=D("0"), max_value=D("20000"), places=2)
facts_st = st.sampled_from([SCALE_1, SCALE_2, SCALE_3, NO_TFN, NO_TFN_FOREIGN])


@settings(deadline=None)  # a busy CI machine must not fail a correct example
@given(facts=facts_st, low=earnings, high=earnings)
def test_withholding_never_falls_as_earnings_rise(facts, low, high):
    low, high = sorted((low, high))
    assert withholding(T, facts, low) <= withholding(T, facts, high)


@settings(deadline=None)  # a busy CI machine must not fail a correct example
@given(facts=facts_st, gross=earnings)
def test_withholding_is_whole_dollars_and_at_most_47_percent(facts, gross):
    withheld = withholding(T, facts, gross)
    assert withheld == withheld.to_integral_value()
    assert D("0") <= withheld <= gross * D("0.47") + 1


@settings(deadline=None)  # a busy CI machine must not fail a correct example
@given(facts=st.sampled_from([SCALE_1, SCALE_2, SCALE_3]), gross=earnings)
def test_fortnightly_property(facts, gross):
    assert withholding(T, facts, gross, Frequency.FORTNIGHTLY) == 2 * withholding(T, facts, gross / 2)
