"""The 13-week forecast with a known gap. Today is Wednesday 2025-10-01; week 0 starts Monday 09-29.

ACME (30 days' terms, no receipts yet: it is expected to pay on its terms). JO-1 runs to Sunday
10-26 and billed 1,000.00 a week (wage 700.00, oncosts 150.00) in the four weeks ending 09-07..09-28,
none of them invoiced yet. An open invoice AU-1 (issued 09-15, 1,100.00 incl. 100.00 GST).

Receipts: AU-1 on 10-15 (week 2); the four unbilled weeks, 4,000.00 + 400.00 GST, invoiced today and
paid 10-31 (week 4); JO-1's expected weeks ending 10-05, 10-12, 10-19, 10-26, 1,100.00 each, invoiced
the Monday after and paid 30 days later: 11-05, 11-12, 11-19, 11-26 (weeks 5-8).
Outgoings of each expected week (pay day Wednesday after its Sunday): net pay 700 − 20 % PAYG = 560.00,
other oncosts 150 − super 84.00 − payroll tax 38.15 = 27.85 (weeks 1-4); super 84.00 seven days later
(weeks 2-5); payroll tax 4 × 38.15 = 152.60 on 11-07 (week 5); PAYG 4 × 140 = 560.00 on 11-21 (week 7);
the July-September BAS, 100.00, on 10-28 (week 4).

From 500.00: week 1 closes at −87.85 (the gap opens), week 3 at −331.55 (the lowest), week 12 at 6,900.00.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from kserp.analytics.forecast import CashKind, Scenario, cash_flow
from tests.analytics.insight_data import invoice, job, week
from tests.support.orders import make_client

D = Decimal
TODAY = dt.date(2025, 10, 1)


def _data():
    acme = make_client("ACME", terms=30)
    order = job("JO-1", acme, end=dt.date(2025, 10, 26))
    for sunday in ("2025-09-07", "2025-09-14", "2025-09-21", "2025-09-28"):
        week(order, sunday, bill="1000.00", wage="700.00", oncosts="150.00", hours="20")
    invoice(acme, "AU-1", "2025-09-15", "2025-10-15", "1100.00", "100.00")
    return acme, order


def test_forecast_opens_a_gap_in_week_1_and_is_lowest_in_week_3(db):
    acme, _ = _data()

    forecast = cash_flow(entity=acme.entity, today=TODAY, opening_balance=D("500.00"))

    assert [(str(w.week_starting), w.receipts, w.payments, w.closing) for w in forecast.weeks] == [
        ("2025-09-29", D("0.00"), D("0.00"), D("500.00")),
        ("2025-10-06", D("0.00"), D("587.85"), D("-87.85")),
        ("2025-10-13", D("1100.00"), D("671.85"), D("340.30")),
        ("2025-10-20", D("0.00"), D("671.85"), D("-331.55")),
        ("2025-10-27", D("4400.00"), D("771.85"), D("3296.60")),
        ("2025-11-03", D("1100.00"), D("236.60"), D("4160.00")),
        ("2025-11-10", D("1100.00"), D("0.00"), D("5260.00")),
        ("2025-11-17", D("1100.00"), D("560.00"), D("5800.00")),
        ("2025-11-24", D("1100.00"), D("0.00"), D("6900.00")),
        ("2025-12-01", D("0.00"), D("0.00"), D("6900.00")),
        ("2025-12-08", D("0.00"), D("0.00"), D("6900.00")),
        ("2025-12-15", D("0.00"), D("0.00"), D("6900.00")),
        ("2025-12-22", D("0.00"), D("0.00"), D("6900.00")),
    ]
    assert forecast.gap_week is not None and forecast.gap_week.week_starting == dt.date(2025, 10, 6)
    assert (forecast.lowest.week_starting, forecast.lowest.closing) == (dt.date(2025, 10, 20), D("-331.55"))
    week4 = forecast.weeks[4]
    assert [(i.kind, i.reference, i.amount) for i in week4.items] == [
        (CashKind.GST, "BAS quarter ending 2025-09-30", D("100.00")),
        (CashKind.NET_PAY, "Pay run 2025-10-29", D("560.00")),
        (CashKind.ONCOSTS, "Pay run 2025-10-29", D("27.85")),
        (CashKind.SUPER, "Pay run 2025-10-22", D("84.00")),
        (CashKind.UNBILLED, "ACME", D("4400.00")),
    ]


def test_scenarios_a_client_paying_later_and_a_placement_ending_early(db):
    acme, order = _data()

    later = cash_flow(
        entity=acme.entity, today=TODAY, opening_balance=D("500.00"), scenario=Scenario(client_delays={acme.pk: 14})
    )
    shorter = cash_flow(
        entity=acme.entity,
        today=TODAY,
        opening_balance=D("500.00"),
        scenario=Scenario(placement_ends={order.pk: dt.date(2025, 10, 12)}),
    )

    # AU-1 moves to 10-29 (week 4), the unbilled weeks to 11-14 (week 6), the first expected week to
    # 11-19 (week 7): week 3 falls to 500 − 587.85 − 2 × 671.85 = −1,431.55.
    assert [w.receipts for w in later.weeks[:7]] == [
        D("0.00"), D("0.00"), D("0.00"), D("0.00"), D("1100.00"), D("0.00"), D("4400.00"),
    ]  # fmt: skip
    assert (later.lowest.week_starting, later.lowest.closing) == (dt.date(2025, 10, 20), D("-1431.55"))
    # Two expected weeks instead of four: receipts 1,100 + 4,400 + 2 × 1,100 = 7,700.00; outgoings
    # 2 × (560 + 27.85 + 84) + payroll tax 2 × 38.15 + PAYG 2 × 140 + BAS 100 = 1,800.00.
    assert sum(w.receipts for w in shorter.weeks) == D("7700.00")
    assert shorter.weeks[-1].closing == D("500.00") + D("7700.00") - D("1800.00")
