"""Payslip and RCTI figures, to the cent, worked by hand in the comments."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from kserp.payroll.calc.figures import (
    CodeTotal,
    PayItem,
    YearToDate,
    financial_year_start,
    payslip_figures,
    rcti_figures,
)
from kserp.payroll.calc.withholding import SCHEDULE_1_2024_25, Frequency, TaxFacts

D = Decimal
SCALE_1 = TaxFacts(tfn_provided=True, tax_free_threshold=False, foreign_resident=False)
SCALE_2 = TaxFacts(tfn_provided=True, tax_free_threshold=True, foreign_resident=False)
NO_TFN = TaxFacts(tfn_provided=False, tax_free_threshold=False, foreign_resident=False)

#: A week: 38 ordinary hours at $32.50, 4 overtime at $48.75, 6 Saturday at $40.625,
#: 7.6 public holiday at $81.25, and a $25 meal allowance exempt from withholding and not OTE.
WEEK = (
    PayItem("ORD", D("38"), D("32.50"), D("1235.00")),
    PayItem("OT15", D("4"), D("48.75"), D("195.00"), ordinary=False),
    PayItem("SAT", D("6"), D("40.625"), D("243.75")),
    PayItem("PH", D("7.6"), D("81.25"), D("617.50")),
    PayItem("MEAL", D("1"), D("25.00"), D("25.00"), ordinary=False, withholding=False),
)


@pytest.mark.parametrize(
    ("facts", "withheld"),
    [
        # withholdable 2291.25, x = 2291.99: 0.32 × 2291.99 − 176.5769 = 556.8599
        (SCALE_2, D("557.00")),
        # 0.39 × 2291.99 − 222.951 = 670.9251
        (SCALE_1, D("671.00")),
        # 47% of 2291 = 1076.77, cents ignored
        (NO_TFN, D("1076.00")),
    ],
)
def test_a_week_of_ordinary_overtime_weekend_and_public_holiday_hours(facts, withheld):
    slip = payslip_figures(
        items=WEEK, table=SCHEDULE_1_2024_25, facts=facts, frequency=Frequency.WEEKLY, super_percent=D("11.5")
    )
    assert slip.gross == D("2316.25")  # 1235 + 195 + 243.75 + 617.50 + 25
    assert slip.withholdable == D("2291.25")  # without the meal allowance
    assert slip.ordinary_time_earnings == D("2096.25")  # 1235 + 243.75 + 617.50
    assert slip.superannuation == D("241.07")  # 11.5% of 2096.25 = 241.06875, half up
    assert slip.withholding == withheld
    assert slip.net == D("2316.25") - withheld
    assert slip.lines[1] == CodeTotal("OT15", D("4"), D("48.75"), D("195.00"))
    assert slip.year_to_date == YearToDate(D("2316.25"), withheld, D("241.07"), D("2316.25") - withheld)


def test_year_to_date_adds_this_pay_to_the_year_so_far():
    prior = YearToDate(D("1000.00"), D("100.00"), D("115.00"), D("900.00"))
    slip = payslip_figures(
        items=WEEK[:1],
        table=SCHEDULE_1_2024_25,
        facts=SCALE_2,
        frequency=Frequency.WEEKLY,
        super_percent=D("12"),
        prior_year_to_date=prior,
    )
    # 1235.00: x = 1235.99, 0.3227 × 1235.99 − 180.0385 = 218.8185 -> 219; super 12% = 148.20
    assert (slip.withholding, slip.superannuation) == (D("219.00"), D("148.20"))
    assert slip.year_to_date == YearToDate(D("2235.00"), D("319.00"), D("263.20"), D("1916.00"))


def test_lines_of_one_code_and_rate_are_summed_and_other_rates_kept_apart():
    slip = payslip_figures(
        items=[
            PayItem("ORD", D("7.6"), D("30"), D("228.00")),
            PayItem("ORD", D("7.6"), D("30"), D("228.00")),
            PayItem("ORD", D("2"), D("31"), D("62.00")),
        ],
        table=SCHEDULE_1_2024_25,
        facts=SCALE_2,
        frequency=Frequency.FORTNIGHTLY,
        super_percent=D("11.5"),
    )
    assert slip.lines == (
        CodeTotal("ORD", D("15.2"), D("30"), D("456.00")),
        CodeTotal("ORD", D("2"), D("31"), D("62.00")),
    )
    assert slip.withholding == D("0.00")  # half of 518 = 259, under the threshold


@pytest.mark.parametrize(
    ("on", "start"),
    [
        (date(2025, 6, 30), date(2024, 7, 1)),
        (date(2025, 7, 1), date(2025, 7, 1)),
        (date(2026, 1, 15), date(2025, 7, 1)),
    ],
)
def test_the_financial_year_starts_on_1_july(on, start):
    assert financial_year_start(on) == start


CONTRACT = (
    PayItem("ORD", D("40"), D("55.00"), D("2200.00")),
    PayItem("ORD", D("3.5"), D("55.55"), D("194.43")),
)


def test_an_rcti_with_gst():
    rcti = rcti_figures(items=CONTRACT, gst_registered=True, has_abn=True)
    assert rcti.subtotal == D("2394.43")
    assert rcti.gst == D("239.44")  # 10% of 2394.43 = 239.443
    assert rcti.total == D("2633.87")
    assert (rcti.withholding, rcti.net) == (D("0.00"), D("2633.87"))


def test_an_rcti_without_gst():
    rcti = rcti_figures(items=CONTRACT, gst_registered=False, has_abn=True)
    assert (rcti.subtotal, rcti.gst, rcti.total, rcti.net) == (D("2394.43"), D("0.00"), D("2394.43"), D("2394.43"))


def test_a_contractor_without_an_abn_has_47_percent_withheld_and_no_gst():
    rcti = rcti_figures(items=CONTRACT, gst_registered=True, has_abn=False)
    # 47% of 2394 = 1125.18, cents ignored
    assert (rcti.gst, rcti.withholding, rcti.net) == (D("0.00"), D("1125.00"), D("1269.43"))


def test_gst_rounds_half_up_on_the_total():
    rcti = rcti_figures(items=[PayItem("ORD", D("1"), D("0.05"), D("0.05"))], gst_registered=True, has_abn=True)
    assert rcti.gst == D("0.01")  # 0.005 -> 0.01
