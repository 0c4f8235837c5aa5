"""Pay interpretation (docs/design.md §4.5): award tables, one week at a time.

The award (engine_fixtures.AWARD): 7.6 h a day, 38 h a week ordinary; overtime 2 h at OT150 then
OT200; SAT, SUN, PH (NSW calendar); minimum engagement 3 h; a meal allowance when the day's
overtime exceeds 1.5 h. Week of Monday 7 July 2025 (no NSW or VIC public holiday).
"""

from dataclasses import replace
from datetime import date, time, timedelta

import pytest
from engine_fixtures import (
    AWARD,
    NIGHT_WINDOW,
    D,
    HolidayCalendar,
    bill_agreement,
    compiled,
    line,
    markup_all,
    pay_agreement,
    rate,
    rule,
)

from kserp.rates.engine import (
    HoursEntry,
    InterpretationError,
    NightWindow,
    Scope,
    ShiftEntry,
    UnitEntry,
    interpret_week,
    price_pay_lines,
    price_week,
    public_holidays,
)

MON = date(2025, 7, 7)
TUE, WED, THU, FRI, SAT, SUN = (MON + timedelta(days=i) for i in range(1, 7))
WEEKDAYS = (MON, TUE, WED, THU, FRI)


def hours(*days_and_hours):
    return [HoursEntry(day, D(h)) for day, h in days_and_hours]


def shift(day, start, end, break_minutes=0):
    return ShiftEntry(day, time.fromisoformat(start), time.fromisoformat(end), break_minutes)


def units_by_code(interpretation):
    return {line.pay_code: line.units for line in interpretation.pay_lines}


def job_with(**award_changes):
    return compiled(pay=pay_agreement(interpretation=replace(AWARD, **award_changes)))


# --- the worked check, through interpretation --------------------------------------------------


def test_a_38_hour_week_of_ordinary_time_is_a_wage_of_1064():
    result = interpret_week(compiled(), hours(*((d, "7.6") for d in WEEKDAYS)))

    (pay_line,) = result.pay_lines
    assert (pay_line.pay_code, pay_line.units, pay_line.pay_rate, pay_line.wage) == (
        "ORD",
        D("38"),
        D("28.00"),
        D("1064.00"),
    )
    assert list(pay_line.days) == [(d, D("7.6")) for d in WEEKDAYS]


# --- daily and weekly overtime, tiers ---------------------------------------------------------


@pytest.mark.parametrize(
    ("entries", "expected"),
    [
        pytest.param(hours((MON, "7.6")), {"ORD": D("7.6")}, id="exactly-the-daily-limit"),
        pytest.param(hours((MON, "8")), {"ORD": D("7.6"), "OT150": D("0.4")}, id="just-over-daily-limit"),
        pytest.param(hours((MON, "9.6")), {"ORD": D("7.6"), "OT150": D("2")}, id="first-tier-exactly-full"),
        pytest.param(
            hours((MON, "9.7")),
            {"ORD": D("7.6"), "OT150": D("2"), "OT200": D("0.1")},
            id="into-second-tier",
        ),
        pytest.param(
            hours((MON, "11"), (TUE, "11")),
            {"ORD": D("15.2"), "OT150": D("4"), "OT200": D("2.8")},
            id="tiers-restart-each-day",
        ),
        pytest.param(
            hours(*((d, "7.6") for d in WEEKDAYS), (SAT, "5")),
            {"ORD": D("38"), "OT150": D("2"), "OT200": D("3")},
            id="saturday-after-a-full-week-is-overtime",
        ),
        pytest.param(
            hours(*((d, "7") for d in WEEKDAYS), (SAT, "5")),
            {"ORD": D("35"), "SAT": D("3"), "OT150": D("2")},
            id="weekly-limit-reached-mid-saturday",
        ),
        pytest.param(
            hours(*((d, "9") for d in (MON, TUE, WED, THU)), (FRI, "9")),
            {"ORD": D("38"), "OT150": D("7")},
            id="daily-overtime-every-day",
        ),
    ],
)
def test_daily_and_weekly_overtime(entries, expected):
    assert units_by_code(interpret_week(job_with(meal_allowance=None), entries)) == expected


def test_weekly_ordinary_hours_restart_on_monday():
    next_monday = MON + timedelta(days=7)
    entries = hours(*((d, "7.6") for d in WEEKDAYS), (next_monday, "7.6"))

    assert units_by_code(interpret_week(compiled(), entries)) == {"ORD": D("45.6")}


def test_no_daily_limit_only_weekly():
    job = job_with(daily_ordinary_hours=None)
    entries = hours((MON, "12"), (TUE, "12"), (WED, "12"), (THU, "4"))

    assert units_by_code(interpret_week(job, entries)) == {
        "ORD": D("38"),
        "OT150": D("2"),
        "MEAL": D("1"),
    }


# --- weekends and public holidays --------------------------------------------------------------


@pytest.mark.parametrize(
    ("entries", "expected"),
    [
        pytest.param(hours((SAT, "6")), {"SAT": D("6")}, id="saturday-ordinary"),
        pytest.param(hours((SAT, "9")), {"SAT": D("7.6"), "OT150": D("1.4")}, id="saturday-overtime"),
        pytest.param(hours((SUN, "9")), {"SUN": D("9")}, id="sunday-all-hours"),
        pytest.param(
            hours(*((d, "7.6") for d in WEEKDAYS), (SUN, "6")),
            {"ORD": D("38"), "SUN": D("6")},
            id="sunday-not-counted-toward-weekly",
        ),
        pytest.param(
            hours((SUN, "6"), *((d, "7.6") for d in WEEKDAYS)),
            {"ORD": D("38"), "SUN": D("6")},
            id="entry-order-does-not-matter",
        ),
    ],
)
def test_weekends(entries, expected):
    assert units_by_code(interpret_week(compiled(), entries)) == expected


def test_saturday_without_a_saturday_code_is_ordinary():
    job = job_with(saturday_code=None)

    assert units_by_code(interpret_week(job, hours((SAT, "6")))) == {"ORD": D("6")}


MELBOURNE_CUP = date(2025, 11, 4)  # Victoria only
NSW_LABOUR_DAY = date(2025, 10, 6)  # NSW (Victoria's is in March)


@pytest.mark.parametrize(
    ("subdivision", "day", "expected"),
    [
        pytest.param("VIC", MELBOURNE_CUP, {"PH": D("8")}, id="melbourne-cup-in-vic"),
        pytest.param("NSW", MELBOURNE_CUP, {"ORD": D("7.6"), "OT150": D("0.4")}, id="melbourne-cup-in-nsw"),
        pytest.param("NSW", NSW_LABOUR_DAY, {"PH": D("8")}, id="nsw-labour-day-in-nsw"),
        pytest.param(
            "VIC",
            NSW_LABOUR_DAY,
            {"ORD": D("7.6"), "OT150": D("0.4")},
            id="nsw-labour-day-in-vic",
        ),
    ],
)
def test_public_holidays_follow_the_state_calendar(subdivision, day, expected):
    job = job_with(holidays=HolidayCalendar("AU", subdivision))

    assert units_by_code(interpret_week(job, hours((day, "8")))) == expected


def test_public_holiday_hours_do_not_count_toward_weekly_ordinary_hours():
    week = [NSW_LABOUR_DAY + timedelta(days=i) for i in range(6)]  # Monday (PH) .. Saturday
    entries = hours((week[0], "7.6"), *((d, "7.6") for d in week[1:5]), (week[5], "7.6"))

    assert units_by_code(interpret_week(compiled(), entries)) == {
        "PH": D("7.6"),
        "ORD": D("30.4"),
        "SAT": D("7.6"),
    }


def test_public_holidays_are_cached_per_calendar_and_year():
    first = public_holidays("AU", "NSW", 2025)

    assert NSW_LABOUR_DAY in first
    assert public_holidays("AU", "NSW", 2025) is first
    assert MELBOURNE_CUP not in first


# --- minimum engagement and meal allowance ----------------------------------------------------


@pytest.mark.parametrize(
    ("entries", "expected"),
    [
        pytest.param(hours((MON, "2")), {"ORD": D("3")}, id="weekday-topped-up-at-ord"),
        pytest.param(hours((MON, "3")), {"ORD": D("3")}, id="exactly-the-minimum"),
        pytest.param(hours((SUN, "2.5")), {"SUN": D("3")}, id="sunday-topped-up-at-sun"),
        pytest.param(hours((SAT, "1")), {"SAT": D("3")}, id="saturday-topped-up-at-sat"),
        pytest.param(
            hours(*((d, "7.6") for d in WEEKDAYS), (SAT, "2")),
            {"ORD": D("38"), "OT150": D("3"), "MEAL": D("1")},  # 2 h overtime worked
            id="topped-up-at-overtime-when-the-week-is-full",
        ),
        pytest.param(
            [shift(MON, "09:00", "10:00"), shift(MON, "14:00", "15:00")],
            {"ORD": D("3")},
            id="two-short-shifts-on-one-day",
        ),
    ],
)
def test_minimum_engagement(entries, expected):
    assert units_by_code(interpret_week(compiled(), entries)) == expected


def test_minimum_engagement_top_up_does_not_use_weekly_ordinary_hours():
    entries = hours((MON, "1"), *((d, "7.6") for d in (TUE, WED, THU, FRI)), (SAT, "7.6"))

    assert units_by_code(interpret_week(compiled(), entries)) == {
        "ORD": D("33.4"),  # 1 worked + 2 top-up + 4 × 7.6
        "SAT": D("6.6"),  # 38 - 31.4 worked ordinary hours
        "OT150": D("1"),
    }


@pytest.mark.parametrize(
    ("day_hours", "meal"),
    [
        pytest.param("9.1", None, id="overtime-1.5h-is-not-over-1.5h"),
        pytest.param("9.2", D("1"), id="overtime-1.6h-earns-a-meal"),
        pytest.param("14", D("1"), id="one-meal-per-day"),
    ],
)
def test_meal_allowance(day_hours, meal):
    result = interpret_week(compiled(), hours((MON, day_hours)))

    assert units_by_code(result).get("MEAL") == meal


def test_meal_allowance_is_paid_at_its_own_rate():
    result = interpret_week(compiled(), hours((MON, "10"), (TUE, "10")))

    meal = next(line for line in result.pay_lines if line.pay_code == "MEAL")
    assert (meal.units, meal.pay_rate, meal.wage) == (D("2"), D("18.50"), D("37.00"))


# --- night window -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("entries", "expected"),
    [
        pytest.param([shift(MON, "09:00", "17:00", 30)], {"ORD": D("7.5")}, id="day-shift-no-night"),
        pytest.param(
            [shift(MON, "19:00", "03:00")],
            {"NIGHT": D("7.6"), "OT150": D("0.4")},
            id="evening-to-3am-crosses-midnight",
        ),
        pytest.param(
            [shift(MON, "14:00", "22:00")],
            {"ORD": D("5"), "NIGHT": D("2.6"), "OT150": D("0.4")},
            id="afternoon-into-the-window-overtime-last",
        ),
        pytest.param(
            [shift(MON, "05:00", "13:00")],
            {"NIGHT": D("2"), "ORD": D("5.6"), "OT150": D("0.4")},
            id="early-morning-end-of-previous-window",
        ),
        pytest.param(
            [shift(MON, "22:00", "06:30", 30)],
            {"NIGHT": D("7.6"), "OT150": D("0.4")},
            id="night-shift-with-break",
        ),
        pytest.param(
            [shift(MON, "14:00", "23:00", 60)],
            {"ORD": D("4"), "NIGHT": D("3.6"), "OT150": D("0.4")},
            id="break-in-the-middle-of-the-shift",
        ),
        pytest.param(
            [shift(SAT, "20:00", "04:00")],
            {"NIGHT": D("7.6"), "OT150": D("0.4")},
            id="saturday-night-is-night-not-saturday",
        ),
        pytest.param([shift(SUN, "20:00", "04:00")], {"SUN": D("8")}, id="sunday-night-is-sunday"),
        pytest.param(
            [shift(MON, "19:00", "23:00"), HoursEntry(MON, D("2"))],
            {"NIGHT": D("4"), "ORD": D("2")},
            id="hours-entries-are-never-night",
        ),
    ],
)
def test_night_window_19_to_07(entries, expected):
    job = job_with(night=NIGHT_WINDOW, meal_allowance=None)

    assert units_by_code(interpret_week(job, entries)) == expected


def test_night_window_not_crossing_midnight():
    job = job_with(night=NightWindow("NIGHT", time(0, 0), time(6, 0)), meal_allowance=None)

    result = interpret_week(job, [shift(MON, "22:00", "07:00")])

    assert units_by_code(result) == {"ORD": D("2"), "NIGHT": D("5.6"), "OT150": D("1.4")}


def test_a_shift_belongs_to_the_day_it_starts():
    # Saturday 22:00 to Sunday 06:00: Saturday's code, not Sunday's.
    result = interpret_week(compiled(), [shift(SAT, "22:00", "06:00")])

    assert units_by_code(result) == {"SAT": D("7.6"), "OT150": D("0.4")}
    assert {d.on for d in result.days} == {SAT}


# --- aggregation, units, rates ----------------------------------------------------------------


def test_one_pay_line_per_pay_code_and_pay_rate_with_the_per_day_split():
    pay = pay_agreement(
        rates=[
            rate(1, "ORD", "28.00", valid_to=WED),
            rate(2, "ORD", "29.00", valid_from=THU),
            rate(3, "MEAL", "18.50"),
        ]
    )
    job = compiled(pay=pay)

    result = interpret_week(job, hours(*((d, "7.6") for d in WEEKDAYS)))

    assert [(p.pay_code, p.units, p.pay_rate, p.wage, p.pay.rule_id) for p in result.pay_lines] == [
        ("ORD", D("22.8"), D("28.00"), D("638.40"), 1),
        ("ORD", D("15.2"), D("29.00"), D("440.80"), 2),
    ]
    assert [(d.on, d.pay_code, d.units) for d in result.days] == [(d, "ORD", D("7.6")) for d in WEEKDAYS]


def test_days_lists_every_code_and_day_in_date_order():
    result = interpret_week(compiled(), hours((TUE, "9"), (MON, "8")))

    assert [(d.on, d.pay_code, d.units) for d in result.days] == [
        (MON, "ORD", D("7.6")),
        (MON, "OT150", D("0.4")),
        (TUE, "ORD", D("7.6")),
        (TUE, "OT150", D("1.4")),
    ]
    assert result.pay_lines[1].as_dict() == {
        "pay_code": "OT150",
        "units": "1.8",
        "pay_rate": "42.000",
        "wage": "75.60",
        "pay_rate_rule_id": 1,
        "pay_rate_source": "derived by multiplier 1.5 from rule 1 (ORD)",
        "days": [{"date": "2025-07-07", "units": "0.4"}, {"date": "2025-07-08", "units": "1.4"}],
    }


def test_unit_entries_are_paid_as_entered():
    entries = hours((MON, "7.6"))
    units = [UnitEntry(MON, "MEAL", D("1")), UnitEntry(TUE, "MEAL", D("2"))]

    result = interpret_week(compiled(), entries, units)

    assert units_by_code(result) == {"ORD": D("7.6"), "MEAL": D("3")}
    assert result.wage_total == D("268.30")  # 212.80 + 55.50


def test_minutes_that_are_not_whole_hundredths_of_an_hour_round_once_per_line():
    # 3 × 20 minutes = exactly 1 hour for the week; each day shows 0.3333.
    entries = [shift(d, "09:00", "09:20") for d in (MON, TUE, WED)]
    job = job_with(minimum_engagement_hours=None)

    result = interpret_week(job, entries)

    (ordinary,) = result.pay_lines
    assert ordinary.units == D("1")
    assert [units for _, units in ordinary.days] == [D("0.3333")] * 3


# --- pricing the interpretation -----------------------------------------------------------------


def test_each_pay_line_is_priced_once_not_per_day():
    pay = pay_agreement(rates=[rate(1, "ORD", "28.37")])
    job = compiled(pay=pay, bill=markup_all("25"))  # bill rate 35.4625 -> 35.46

    interpretation, priced = price_week(job, hours((MON, "7.6"), (TUE, "7.6"), (WED, "7.6")))

    (line,) = priced
    assert line.units == D("22.8")
    assert line.bill_amount == D("808.49")  # per day it would be 3 × 269.50 = 808.50
    assert line.wage == interpretation.pay_lines[0].wage == D("646.84")


def test_a_pay_line_spanning_a_bill_rule_change_is_priced_in_parts():
    bill = bill_agreement(
        rule(100, ("country", "AU"), line(1, Scope.all(), "MARKUP_PERCENT", "25"), valid_to=WED),
        rule(101, ("country", "AU"), line(2, Scope.all(), "MARKUP_PERCENT", "30"), valid_from=THU),
    )
    job = compiled(bill=bill)
    interpretation = interpret_week(job, hours(*((d, "7.6") for d in WEEKDAYS)))

    priced = price_pay_lines(job, interpretation.pay_lines)

    assert [(p.on, p.units, p.bill_rate, p.provenance.rule_id) for p in priced] == [
        (MON, D("22.8"), D("35.00"), 100),
        (THU, D("15.2"), D("36.40"), 101),
    ]


# --- bad input -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("entries", "message"),
    [
        pytest.param(
            [shift(MON, "09:00", "09:00")],
            "shift on 2025-07-07 starts and ends at 09:00:00",
            id="zero-length-shift",
        ),
        pytest.param(
            [shift(MON, "09:00", "10:00", 61)],
            "shift on 2025-07-07: break of 61 min does not fit the shift",
            id="break-longer-than-shift",
        ),
        pytest.param(
            hours((MON, "0.123456")),
            "hours 0.123456 must be >= 0 and a whole number of 1/360000",
            id="hours-finer-than-a-hundredth-of-a-second",
        ),
        pytest.param(
            hours((MON, "-1")),
            "hours -1 must be >= 0 and a whole number of 1/360000",
            id="negative-hours",
        ),
    ],
)
def test_bad_entries_are_interpretation_errors(entries, message):
    with pytest.raises(InterpretationError) as error:
        interpret_week(compiled(), entries)

    assert str(error.value) == message


def test_overtime_without_tiers_is_an_interpretation_error():
    with pytest.raises(InterpretationError, match="2025-07-07: overtime worked but no overtime"):
        interpret_week(job_with(overtime_tiers=()), hours((MON, "8")))


def test_no_interpretation_rules_is_an_interpretation_error():
    job = compiled(pay=pay_agreement(interpretation=None))

    with pytest.raises(InterpretationError, match="has no interpretation rules"):
        interpret_week(job, hours((MON, "8")))
