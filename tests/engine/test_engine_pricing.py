"""Pricing (docs/design.md §4.3, 4.4): worked checks, methods, rounding, rule choice, oncosts."""

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from engine_fixtures import (
    HIERARCHY,
    PATH,
    PRT_NSW,
    PRT_VIC,
    START,
    SUPER,
    D,
    bill_agreement,
    compiled,
    line,
    markup_all,
    oncost,
    pay_agreement,
    rate,
    rule,
)

from kserp.rates.engine import (
    BillLine,
    ConfigurationError,
    Method,
    PricingError,
    RoundingMode,
    Scope,
    applicable,
    bill_provenance,
    pay_rate,
    price_line,
    price_lines,
)

MON = date(2025, 7, 7)
HALF_UP = RoundingMode.ROUND_HALF_UP
TRUNCATE = RoundingMode.TRUNCATE

# --- worked checks (docs/design.md §4.4, the seed article) ------------------------------------------


def test_worked_check_38_hours_of_ord_at_28_is_a_wage_of_1064():
    job = compiled()

    priced = price_line(job, "ORD", D("38"), MON)

    assert priced.pay_rate == D("28.00")
    assert priced.wage == D("1064.00")


FIFTEEN_DOLLAR_BILL_ONCOST = oncost(5, "FEE", "AMOUNT", "15", bill=True)


@pytest.mark.parametrize(
    ("method", "value", "bill_rate"),
    [
        pytest.param("MARGIN_PERCENT", "12", D("414.77"), id="margin-12pct-414.77"),
        pytest.param("MARKUP_AMOUNT", "120", D("485.00"), id="markup-120-dollars-485.00"),
        pytest.param("MARKUP_PERCENT", "120", D("803.00"), id="markup-120pct-803.00"),
    ],
)
def test_worked_check_pay_350_with_a_15_dollar_bill_oncost(method, value, bill_rate):
    job = compiled(bill=markup_all(value, method), oncosts=[FIFTEEN_DOLLAR_BILL_ONCOST])

    priced = price_line(job, "DAY", D("1"), MON)

    assert priced.pay_rate == D("350")
    assert priced.provenance.cost == D("365")
    assert priced.bill_rate == bill_rate
    assert priced.bill_amount == bill_rate
    assert priced.wage == D("350.00")
    assert priced.oncost_amounts == (D("15.00"),)
    assert priced.gross_margin == bill_rate - D("365.00")


# --- methods and rounding ----------------------------------------------------------------------
# pay 28.37 + SUPER 12 % (3.4044) = cost 31.7744


@pytest.mark.parametrize(
    ("method", "value", "rounding", "places", "bill_rate"),
    [
        pytest.param("MARKUP_PERCENT", "25", HALF_UP, 2, "39.72", id="markup-pct-39.718-half-up"),
        pytest.param("MARKUP_PERCENT", "25", TRUNCATE, 2, "39.71", id="markup-pct-39.718-truncate"),
        pytest.param("MARKUP_PERCENT", "25", HALF_UP, 0, "40", id="markup-pct-0-places-half-up"),
        pytest.param("MARKUP_PERCENT", "25", TRUNCATE, 0, "39", id="markup-pct-0-places-truncate"),
        pytest.param("MARKUP_PERCENT", "25", HALF_UP, 3, "39.718", id="markup-pct-3-places"),
        pytest.param("MARGIN_PERCENT", "12", HALF_UP, 2, "36.11", id="margin-36.1072-half-up"),
        pytest.param("MARGIN_PERCENT", "12", TRUNCATE, 2, "36.10", id="margin-36.1072-truncate"),
        pytest.param("MARKUP_AMOUNT", "7.5", HALF_UP, 2, "39.27", id="markup-amount-39.2744"),
        pytest.param("MARKUP_AMOUNT", "7.5", TRUNCATE, 3, "39.274", id="markup-amount-3-places"),
        pytest.param("MARKUP_FACTOR", "1.3", HALF_UP, 2, "41.31", id="factor-41.30672-half-up"),
        pytest.param("MARKUP_FACTOR", "1.3", TRUNCATE, 2, "41.30", id="factor-41.30672-truncate"),
        pytest.param("FLAT_RATE", "55.555", HALF_UP, 2, "55.56", id="flat-55.555-half-up"),
        pytest.param("FLAT_RATE", "55.555", TRUNCATE, 2, "55.55", id="flat-55.555-truncate"),
    ],
)
def test_every_method_and_rounding_mode(method, value, rounding, places, bill_rate):
    pay = pay_agreement(rates=[rate(1, "ORD", "28.37")])
    bill = markup_all(value, method, rounding=rounding, places=places)
    job = compiled(pay=pay, bill=bill, oncosts=[SUPER])

    priced = price_line(job, "ORD", D("1"), MON)

    assert priced.provenance.cost == D("31.7744")
    assert priced.bill_rate == D(bill_rate)
    assert str(priced.bill_rate) == bill_rate  # places as configured


def test_bill_amount_is_rounded_once_from_units_times_the_rounded_bill_rate():
    job = compiled(pay=pay_agreement(rates=[rate(1, "ORD", "28.37")]), bill=markup_all("25"))

    priced = price_line(job, "ORD", D("22.8"), MON)

    assert priced.bill_rate == D("35.46")  # 35.4625
    assert priced.bill_amount == D("808.49")  # 808.488
    assert priced.wage == D("646.84")  # 646.836


def test_a_full_line_with_bill_and_pay_oncosts():
    # ORD 30.00 at the client; SUPER 12 % passed through; NSW payroll tax 5.45 % cost only.
    pay = pay_agreement(rates=[rate(1, "ORD", "28.00"), rate(2, "ORD", "30.00", ("client", "ACME"))])
    job = compiled(pay=pay, bill=markup_all("20", "MARGIN_PERCENT"), oncosts=[SUPER, PRT_NSW])

    priced = price_line(job, "ORD", D("38"), MON)

    assert priced.pay_rate == D("30.00")
    assert priced.provenance.cost == D("33.6")
    assert priced.bill_rate == D("42.00")
    assert priced.bill_amount == D("1596.00")
    assert priced.wage == D("1140.00")
    assert [(a.charge.code, a.amount) for a in priced.oncosts] == [
        ("SUPER", D("136.80")),
        ("PRT_NSW", D("62.13")),
    ]
    assert priced.oncost_total == D("198.93")
    assert priced.gross_margin == D("257.07")
    assert priced.margin_percent == D("16.11")


def test_margin_percent_is_none_when_the_bill_amount_is_zero():
    job = compiled(bill=markup_all("0", "FLAT_RATE"))

    priced = price_line(job, "ORD", D("8"), MON)

    assert priced.bill_amount == D("0.00")
    assert priced.gross_margin == D("-224.00")
    assert priced.margin_percent is None


# --- oncosts ----------------------------------------------------------------------------------


def test_oncosts_apply_by_pay_code_type_node_on_path_and_dated_value():
    # SUPER applies to ORDINARY and PENALTY, not OVERTIME; PRT_VIC is off the NSW path.
    job = compiled(oncosts=[SUPER, PRT_NSW, PRT_VIC])

    ordinary = bill_provenance(job, "ORD", MON)
    overtime = bill_provenance(job, "OT150", MON)

    assert [(c.code, c.value_id, c.per_unit) for c in ordinary.oncosts] == [
        ("SUPER", 12, D("3.36")),
        ("PRT_NSW", 20, D("1.526")),
    ]
    assert [c.code for c in overtime.oncosts] == ["PRT_NSW"]


@pytest.mark.parametrize(
    ("on", "value_id", "per_unit"),
    [
        pytest.param(date(2025, 6, 30), 11, D("3.22"), id="last-day-of-11.5pct"),
        pytest.param(date(2025, 7, 1), 12, D("3.36"), id="first-day-of-12pct"),
    ],
)
def test_oncost_value_is_the_one_valid_on_the_date(on, value_id, per_unit):
    early = date(2025, 1, 1)
    pay = pay_agreement(rates=[rate(1, "ORD", "28.00", valid_from=early)], valid_from=early)
    job = compiled(
        pay=pay,
        bill=bill_agreement(
            rule(100, ("country", "AU"), line(1, Scope.all(), "MARKUP_PERCENT", "25"), valid_from=early),
            valid_from=early,
        ),
        oncosts=[SUPER],
    )

    (charge,) = bill_provenance(job, "ORD", on).oncosts

    assert (charge.value_id, charge.per_unit) == (value_id, per_unit)


def test_pay_oncosts_are_cost_only_and_bill_oncosts_are_passed_through():
    job = compiled(bill=markup_all("0", "MARKUP_AMOUNT"), oncosts=[SUPER, PRT_NSW])

    priced = price_line(job, "ORD", D("1"), MON)

    assert priced.bill_rate == D("31.36")  # 28 + SUPER 3.36; payroll tax not billed
    assert priced.oncost_total == D("4.89")  # 3.36 + 1.526 -> 1.53
    assert priced.gross_margin == D("-1.53")


def test_a_line_naming_its_oncosts_passes_exactly_those_through():
    bill = markup_all("0", "MARKUP_AMOUNT", oncosts=("PRT_NSW",))
    job = compiled(bill=bill, oncosts=[SUPER, PRT_NSW])

    priced = price_line(job, "ORD", D("1"), MON)

    assert priced.bill_rate == D("29.53")  # 28 + 1.526, SUPER not passed through
    assert [(c.code, c.passed_through) for c in priced.provenance.oncosts] == [
        ("SUPER", False),
        ("PRT_NSW", True),
    ]
    assert priced.gross_margin == D("-3.36")


def test_oncost_amounts_are_rounded_per_line_half_up():
    amount = oncost(7, "INS", "AMOUNT", "0.125", bill=False)
    job = compiled(oncosts=[amount])

    assert price_line(job, "ORD", D("1"), MON).oncost_amounts == (D("0.13"),)
    assert price_line(job, "ORD", D("3"), MON).oncost_amounts == (D("0.38"),)  # 0.375


# --- which rule and which line ----------------------------------------------------------------

SCOPED = bill_agreement(
    rule(
        100,
        ("country", "AU"),
        line(1, Scope.all(), "MARKUP_PERCENT", "10"),
        line(2, Scope.of_type("OVERTIME"), "MARKUP_PERCENT", "20"),
        line(3, Scope.of_code("OT150"), "MARKUP_PERCENT", "30"),
    )
)


@pytest.mark.parametrize(
    ("pay_code", "line_id"),
    [
        pytest.param("OT150", 3, id="pay-code-beats-type-and-all"),
        pytest.param("OT200", 2, id="type-beats-all"),
        pytest.param("ORD", 1, id="all-when-nothing-more-specific"),
    ],
)
def test_inside_a_rule_the_most_specific_line_wins(pay_code, line_id):
    job = compiled(bill=SCOPED)

    assert bill_provenance(job, pay_code, MON).line_id == line_id


LEVELS = bill_agreement(
    rule(100, ("country", "AU"), line(1, Scope.all(), "MARKUP_PERCENT", "10")),
    rule(101, ("state", "NSW"), line(2, Scope.of_type("OVERTIME"), "MARKUP_PERCENT", "15")),
    rule(
        102,
        ("client", "ACME"),
        line(3, Scope.of_type("ORDINARY"), "MARKUP_PERCENT", "20"),
        valid_to=date(2025, 9, 30),
    ),
    rule(103, ("payee", "P001"), line(4, Scope.of_code("SAT"), "FLAT_RATE", "60")),
    rule(104, ("payee", "P002"), line(5, Scope.all(), "FLAT_RATE", "99")),  # off the path
    rule(105, ("client", "OTHER"), line(6, Scope.all(), "FLAT_RATE", "98")),  # off the path
)


@pytest.mark.parametrize(
    ("pay_code", "on", "rule_id", "line_id"),
    [
        pytest.param("SAT", MON, 103, 4, id="payee-level-wins"),
        pytest.param("ORD", MON, 102, 3, id="client-rule-when-payee-has-no-line"),
        pytest.param("OT150", MON, 101, 2, id="state-rule-for-overtime"),
        pytest.param("SUN", MON, 100, 1, id="country-rule-as-fallback"),
        pytest.param("ORD", date(2025, 9, 30), 102, 3, id="client-rule-on-its-last-day"),
        pytest.param("ORD", date(2025, 10, 1), 100, 1, id="country-rule-after-client-rule-ends"),
    ],
)
def test_the_lowest_level_valid_rule_with_a_matching_line_wins(pay_code, on, rule_id, line_id):
    job = compiled(bill=LEVELS)

    provenance = bill_provenance(job, pay_code, on)

    assert (provenance.rule_id, provenance.line_id) == (rule_id, line_id)
    assert provenance.rule_node in {(level, PATH[level]) for level in PATH}


def test_rules_off_the_path_are_never_picked():
    job = compiled(bill=LEVELS)
    other_payee = compiled(bill=LEVELS, path={**PATH, "payee": "P002"})
    codes = ("ORD", "SAT", "SUN", "PH", "OT150", "OT200", "NIGHT", "MEAL", "DAY")

    picked = {bill_provenance(job, code, MON).rule_id for code in codes}

    assert picked == {100, 101, 102, 103}
    assert {bill_provenance(other_payee, code, MON).rule_id for code in codes} == {104}


@pytest.mark.parametrize(
    ("on", "priced"),
    [
        pytest.param(date(2025, 7, 31), False, id="day-before-valid-from"),
        pytest.param(date(2025, 8, 1), True, id="valid-from-is-inclusive"),
        pytest.param(date(2025, 8, 31), True, id="valid-to-is-inclusive"),
        pytest.param(date(2025, 9, 1), False, id="day-after-valid-to"),
    ],
)
def test_validity_boundaries_are_inclusive(on, priced):
    bill = bill_agreement(
        rule(
            100,
            ("country", "AU"),
            line(1, Scope.all(), "MARKUP_PERCENT", "10"),
            valid_from=date(2025, 8, 1),
            valid_to=date(2025, 8, 31),
        )
    )
    job = compiled(bill=bill)

    if priced:
        assert price_line(job, "ORD", D("1"), on).provenance.rule_id == 100
    else:
        with pytest.raises(PricingError):
            price_line(job, "ORD", D("1"), on)


def test_a_rule_is_valid_only_inside_its_headers_validity():
    bill = bill_agreement(
        rule(100, ("country", "AU"), line(1, Scope.all(), "MARKUP_PERCENT", "10")),
        valid_to=date(2025, 12, 31),
    )
    job = compiled(bill=bill)

    assert price_line(job, "ORD", D("1"), date(2025, 12, 31)).bill_rate == D("30.80")
    with pytest.raises(PricingError):
        price_line(job, "ORD", D("1"), date(2026, 1, 1))


# --- pay rates (4.3) ---------------------------------------------------------------------------

PAY_RATES = pay_agreement(
    rates=[
        rate(1, "ORD", "28.00"),
        rate(2, "ORD", "30.00", ("client", "ACME")),
        rate(3, "ORD", "31.00", ("payee", "P002")),  # off the path
        rate(4, "SAT", "40.00", ("state", "NSW"), valid_to=date(2025, 7, 31)),
    ]
)


@pytest.mark.parametrize(
    ("pay_code", "on", "expected_rate", "source"),
    [
        pytest.param("ORD", MON, D("30.00"), "rule 2", id="most-specific-node"),
        pytest.param("SAT", MON, D("40.00"), "rule 4", id="own-rate"),
        pytest.param(
            "SAT",
            date(2025, 8, 1),
            D("37.5000"),
            "derived by multiplier 1.25 from rule 2 (ORD)",
            id="derived-after-own-rate-ends",
        ),
        pytest.param(
            "OT150",
            MON,
            D("45.000"),
            "derived by multiplier 1.5 from rule 2 (ORD)",
            id="derived-by-multiplier",
        ),
    ],
)
def test_pay_rate_lookup(pay_code, on, expected_rate, source):
    job = compiled(pay=PAY_RATES)

    result = pay_rate(job, pay_code, on)

    assert result.rate == expected_rate
    assert result.source == source


def test_priced_line_keeps_its_provenance():
    job = compiled(pay=PAY_RATES, bill=LEVELS, oncosts=[SUPER])

    priced = price_line(job, "SAT", D("2"), MON)

    assert priced.as_dict() == {
        "pay_code": "SAT",
        "date": "2025-07-07",
        "units": "2",
        "pay_rate": "40.00",
        "bill_rate": "60.00",
        "wage": "80.00",
        "bill_amount": "120.00",
        "oncost_total": "9.60",
        "gross_margin": "30.40",
        "margin_percent": "25.33",
        "provenance": {
            "bill_agreement_id": 20,
            "bill_agreement_name": "Standard AU",
            "rule_id": 103,
            "rule_node": ["payee", "P001"],
            "line_id": 4,
            "scope": "CODE:SAT",
            "method": "FLAT_RATE",
            "value": "60",
            "rounding": "ROUND_HALF_UP",
            "places": 2,
            "cost": "44.80",
            "rate": "60",
            "pay_rate_rule_id": 4,
            "pay_rate_source": "rule 4",
            "oncosts": [
                {
                    "oncost_id": 1,
                    "code": "SUPER",
                    "value_id": 12,
                    "kind": "PERCENT",
                    "value": "12",
                    "bill": True,
                    "passed_through": True,
                    "per_unit": "4.80",
                    "amount": "9.60",
                }
            ],
        },
    }


def test_price_lines_prices_each_line():
    job = compiled()

    lines = price_lines(job, [("ORD", D("7.6"), MON), ("OT150", D("2"), MON)])

    assert [(p.pay_code, p.wage, p.bill_amount) for p in lines] == [
        ("ORD", D("212.80"), D("266.00")),
        ("OT150", D("84.00"), D("105.00")),
    ]


# --- errors -----------------------------------------------------------------------------------


def test_no_matching_line_is_a_pricing_error_naming_the_code_and_date():
    bill = bill_agreement(rule(100, ("country", "AU"), line(1, Scope.of_code("ORD"), "FLAT_RATE", "1")))
    job = compiled(bill=bill)

    with pytest.raises(PricingError) as error:
        price_line(job, "OT150", D("1"), MON)

    assert str(error.value) == (
        "no bill rate rule line for pay code OT150 on 2025-07-07 (bill agreement 'Standard AU')"
    )
    assert (error.value.pay_code, error.value.on) == ("OT150", MON)


def test_no_pay_rate_is_a_pricing_error_naming_the_code_and_date():
    job = compiled(pay=pay_agreement(rates=[rate(1, "ORD", "28.00")]))

    with pytest.raises(PricingError) as error:
        price_line(job, "MEAL", D("1"), MON)

    assert str(error.value) == ("no pay rate for pay code MEAL on 2025-07-07 (pay agreement 'Warehouse award 2025')")


def test_unknown_pay_code_is_a_pricing_error():
    with pytest.raises(PricingError, match="unknown pay code 'XYZ'"):
        price_line(compiled(), "XYZ", D("1"), MON)


@pytest.mark.parametrize(
    ("bill", "message"),
    [
        pytest.param(
            bill_agreement(
                rule(100, ("country", "AU"), line(1, Scope.all(), "MARKUP_PERCENT", "1")),
                node=("client", "ACME"),
            ),
            "bill rule 100: node ('country', 'AU') is above its header's level",
            id="rule-above-header",
        ),
        pytest.param(
            markup_all("100", "MARGIN_PERCENT"),
            "bill line 1000: MARGIN_PERCENT must be < 100",
            id="margin-100pct",
        ),
        pytest.param(
            bill_agreement(rule(100, ("planet", "Earth"), line(1, Scope.all(), "FLAT_RATE", "1"))),
            "bill rule 100: level 'planet' is not in the hierarchy",
            id="unknown-level",
        ),
    ],
)
def test_inconsistent_agreements_are_configuration_errors(bill, message):
    with pytest.raises(ConfigurationError) as error:
        compiled(bill=bill)

    assert str(error.value) == message


# --- applicable headers ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("node", "valid_to", "start", "end", "expected"),
    [
        pytest.param(("client", "ACME"), None, START, None, True, id="on-path-open-ended"),
        pytest.param(("client", "OTHER"), None, START, None, False, id="off-path"),
        pytest.param(("planet", "Earth"), None, START, None, False, id="unknown-level"),
        pytest.param(("country", "AU"), None, date(2025, 6, 30), None, False, id="starts-before"),
        pytest.param(
            ("country", "AU"),
            date(2025, 12, 31),
            START,
            date(2025, 12, 31),
            True,
            id="ends-on-last-valid-day",
        ),
        pytest.param(
            ("country", "AU"),
            date(2025, 12, 31),
            START,
            date(2026, 1, 1),
            False,
            id="ends-after-header",
        ),
        pytest.param(
            ("country", "AU"),
            date(2025, 12, 31),
            START,
            None,
            False,
            id="open-ended-job-order-needs-open-header",
        ),
    ],
)
def test_applicable(node, valid_to, start, end, expected):
    header = bill_agreement(node=node, valid_to=valid_to)

    assert applicable(header, HIERARCHY, PATH, start, end) is expected


def test_enums_accept_plain_strings():
    plain = BillLine(1, Scope("ALL"), "MARKUP_FACTOR", D("2"), "TRUNCATE", 2, None)
    job = compiled(bill=bill_agreement(rule(100, ("country", "AU"), plain)))

    priced = price_line(job, "ORD", D("1"), MON)

    assert priced.provenance.method == Method.MARKUP_FACTOR
    assert priced.bill_rate == D("56.00")


def test_the_engine_imports_no_django():
    code = "import sys, kserp.rates.engine; sys.exit('django' in sys.modules)"
    backend = str(Path(__file__).resolve().parents[2] / "backend")

    completed = subprocess.run([sys.executable, "-c", code], env={"PYTHONPATH": backend}, check=False)

    assert completed.returncode == 0
