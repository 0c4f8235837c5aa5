"""Property tests (hypothesis) for pricing and interpretation."""

from dataclasses import replace
from datetime import date, time, timedelta
from decimal import Decimal

from engine_fixtures import (
    AWARD,
    HIERARCHY,
    NIGHT_WINDOW,
    PATH,
    START,
    D,
    bill_agreement,
    compiled,
    line,
    oncost,
    pay_agreement,
    rate,
    rule,
)
from hypothesis import given, settings
from hypothesis import strategies as st

from kserp.rates.engine import (
    HoursEntry,
    Method,
    PricingError,
    RoundingMode,
    Scope,
    ShiftEntry,
    bill_provenance,
    interpret_week,
    price_line,
    round_half_up,
    round_rate,
    unrounded_rate,
)

money = st.decimals(min_value=D("0.01"), max_value=D("500"), places=2)
percent = st.decimals(min_value=D("0"), max_value=D("99.99"), places=2)


# --- arithmetic -------------------------------------------------------------------------------


@given(cost=st.decimals(min_value=D("0.0001"), max_value=D("100000"), places=4), margin=percent)
def test_margin_percent_gives_that_margin_before_rounding(cost, margin):
    rate_ = unrounded_rate(Method.MARGIN_PERCENT, margin, cost)

    assert abs((rate_ - cost) / rate_ - margin / 100) < D("1e-20")


@given(cost=st.decimals(min_value=D("0.0001"), max_value=D("100000"), places=4), markup=percent)
def test_markup_percent_gives_that_markup_exactly(cost, markup):
    rate_ = unrounded_rate(Method.MARKUP_PERCENT, markup, cost)

    assert (rate_ - cost) / cost == markup / 100


@given(pay=money, super_pct=st.decimals(min_value=0, max_value=20, places=2), margin=percent)
@settings(deadline=None)
def test_engine_margin_identity_on_the_cost_with_passed_through_oncosts(pay, super_pct, margin):
    super_ = oncost(1, "SUPER", "PERCENT", str(super_pct))
    bill = bill_agreement(rule(100, ("country", "AU"), line(1, Scope.all(), "MARGIN_PERCENT", str(margin))))
    job = compiled(pay=pay_agreement(rates=[rate(1, "ORD", str(pay))]), bill=bill, oncosts=[super_])

    p = bill_provenance(job, "ORD", START)

    assert p.cost == pay + pay * super_pct / 100
    assert abs((p.rate - p.cost) / p.rate - margin / 100) < D("1e-20")
    assert p.bill_rate == round_half_up(p.rate)


METHOD_VALUES = {
    "MARKUP_PERCENT": st.decimals(min_value=0, max_value=300, places=2),
    "MARGIN_PERCENT": percent,
    "MARKUP_AMOUNT": st.decimals(min_value=0, max_value=100, places=2),
    "MARKUP_FACTOR": st.decimals(min_value=1, max_value=5, places=3),
    "FLAT_RATE": st.decimals(min_value=0, max_value=1000, places=3),
}


@st.composite
def priced_inputs(draw):
    method = draw(st.sampled_from(sorted(METHOD_VALUES)))
    return {
        "method": method,
        "value": draw(METHOD_VALUES[method]),
        "rounding": draw(st.sampled_from(list(RoundingMode))),
        "places": draw(st.integers(min_value=0, max_value=4)),
        "pay": draw(money),
        "super_pct": draw(st.decimals(min_value=0, max_value=20, places=2)),
        "insurance": draw(st.decimals(min_value=0, max_value=5, places=3)),
        "units": draw(st.decimals(min_value=0, max_value=200, places=2)),
    }


@given(priced_inputs())
@settings(deadline=None)
def test_priced_line_amounts_are_rounded_once_and_add_up(inputs):
    bill = bill_agreement(
        rule(
            100,
            ("country", "AU"),
            line(
                1,
                Scope.all(),
                inputs["method"],
                str(inputs["value"]),
                rounding=inputs["rounding"],
                places=inputs["places"],
            ),
        )
    )
    oncosts = [
        oncost(1, "SUPER", "PERCENT", str(inputs["super_pct"])),
        oncost(2, "INS", "AMOUNT", str(inputs["insurance"]), bill=False),
    ]
    pay = pay_agreement(rates=[rate(1, "ORD", str(inputs["pay"]))])
    job = compiled(pay=pay, bill=bill, oncosts=oncosts)
    units = inputs["units"]

    line_ = price_line(job, "ORD", units, START)

    p = line_.provenance
    assert line_.bill_rate == round_rate(p.rate, inputs["rounding"], inputs["places"])
    assert abs(p.rate - line_.bill_rate) < Decimal(1).scaleb(-inputs["places"])
    if inputs["rounding"] == RoundingMode.TRUNCATE:
        assert line_.bill_rate <= p.rate
    assert line_.wage == round_half_up(units * inputs["pay"])
    assert line_.bill_amount == round_half_up(units * line_.bill_rate)
    assert line_.oncost_amounts == tuple(round_half_up(units * c.per_unit) for c in p.oncosts)
    assert line_.gross_margin == line_.bill_amount - line_.wage - sum(line_.oncost_amounts)
    if line_.bill_amount:
        assert line_.margin_percent == round_half_up(line_.gross_margin * 100 / line_.bill_amount)
    else:
        assert line_.margin_percent is None


# --- rule choice ------------------------------------------------------------------------------

CODES = {"ORD": "ORDINARY", "OT150": "OVERTIME", "OT200": "OVERTIME", "SAT": "PENALTY"}
SCOPES = [
    Scope.all(),
    Scope.of_type("ORDINARY"),
    Scope.of_type("OVERTIME"),
    Scope.of_code("ORD"),
    Scope.of_code("OT150"),
]


@st.composite
def rule_sets(draw):
    rules = []
    for rule_id in range(draw(st.integers(min_value=0, max_value=12))):
        level = draw(st.sampled_from(HIERARCHY))
        value = draw(st.sampled_from([PATH[level], "ELSEWHERE"]))
        valid_from = START + timedelta(days=draw(st.integers(0, 60)))
        length = draw(st.none() | st.integers(0, 60))
        valid_to = None if length is None else valid_from + timedelta(days=length)
        scopes = draw(st.lists(st.sampled_from(SCOPES), min_size=1, max_size=3, unique=True))
        lines = [line(rule_id * 10 + i, scope, "MARKUP_PERCENT", str(rule_id)) for i, scope in enumerate(scopes)]
        rules.append(rule(rule_id, (level, value), *lines, valid_from=valid_from, valid_to=valid_to))
    return rules


def _specificity(rule_, pay_code):
    """0 pay code, 1 pay code type, 2 ALL; None when no line matches."""
    found = []
    for scope in (ln.scope for ln in rule_.lines):
        if scope.kind == "CODE" and scope.value == pay_code:
            found.append(0)
        elif scope.kind == "TYPE" and scope.value == CODES[pay_code]:
            found.append(1)
        elif scope.kind == "ALL":
            found.append(2)
    return min(found, default=None)


def _valid(rule_, on):
    return rule_.valid_from <= on and (rule_.valid_to is None or on <= rule_.valid_to)


@given(
    rules=rule_sets(),
    pay_code=st.sampled_from(sorted(CODES)),
    on=st.dates(min_value=START, max_value=START + timedelta(days=150)),
)
@settings(deadline=None)
def test_the_winning_rule_is_on_the_path_at_the_lowest_valid_level(rules, pay_code, on):
    job = compiled(bill=bill_agreement(*rules))
    candidates = [
        (HIERARCHY.index(r.node[0]), _specificity(r, pay_code), r)
        for r in rules
        if PATH[r.node[0]] == r.node[1] and _valid(r, on) and _specificity(r, pay_code) is not None
    ]

    if not candidates:
        try:
            bill_provenance(job, pay_code, on)
        except PricingError as error:
            assert error.pay_code == pay_code
            return
        raise AssertionError("priced without a matching valid rule on the path")

    p = bill_provenance(job, pay_code, on)
    winner = next(r for r in rules if r.id == p.rule_id)
    lowest = max(depth for depth, _, _ in candidates)
    best = min(spec for depth, spec, _ in candidates if depth == lowest)
    assert PATH[p.rule_node[0]] == p.rule_node[1]
    assert _valid(winner, on)
    assert HIERARCHY.index(p.rule_node[0]) == lowest
    assert _specificity(winner, pay_code) == best
    assert next(ln for ln in winner.lines if ln.id == p.line_id).scope == p.scope


# --- interpretation ---------------------------------------------------------------------------

MON = date(2025, 7, 7)  # no public holiday that week in NSW
quarter_hours = st.integers(min_value=0, max_value=56).map(lambda q: D(q) / 4)


@given(day_hours=st.lists(quarter_hours, min_size=7, max_size=7))
@settings(deadline=None)
def test_interpretation_keeps_every_hour_and_respects_the_limits(day_hours):
    job = compiled(pay=pay_agreement(interpretation=replace(AWARD, minimum_engagement_hours=None, meal_allowance=None)))
    entries = [HoursEntry(MON + timedelta(days=i), h) for i, h in enumerate(day_hours)]

    result = interpret_week(job, entries)

    assert sum(line.units for line in result.pay_lines) == sum(day_hours)
    ordinary = [d for d in result.days if d.pay_code in ("ORD", "SAT")]
    assert sum(d.units for d in ordinary) <= 38
    assert all(d.units <= D("7.6") for d in ordinary)
    assert sum(d.units for d in result.days if d.pay_code == "SUN") == day_hours[6]
    for line_ in result.pay_lines:
        assert line_.wage == round_half_up(line_.units * line_.pay_rate)


shift_starts = st.integers(min_value=0, max_value=95).map(lambda q: time(q // 4, q % 4 * 15))


@given(
    shifts=st.lists(
        st.tuples(st.integers(0, 6), shift_starts, st.integers(1, 56), st.integers(0, 4)),
        max_size=7,
        unique_by=lambda s: s[0],
    )
)
@settings(deadline=None)
def test_night_shifts_keep_every_paid_hour(shifts):
    job = compiled(
        pay=pay_agreement(
            interpretation=replace(AWARD, minimum_engagement_hours=None, meal_allowance=None, night=NIGHT_WINDOW)
        )
    )
    entries = []
    paid = D(0)
    for day, start, quarters, breaks in shifts:
        begin = date(2025, 7, 7) + timedelta(days=day)
        end = (start.hour * 60 + start.minute + quarters * 15) % (24 * 60)
        break_minutes = min(breaks * 15, quarters * 15)
        entries.append(ShiftEntry(begin, start, time(end // 60, end % 60), break_minutes))
        paid += D(quarters * 15 - break_minutes) / 60

    result = interpret_week(job, entries)

    assert sum(line.units for line in result.pay_lines) == paid
