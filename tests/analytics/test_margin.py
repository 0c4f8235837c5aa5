"""Margins from stored bill lines: totals and by placement, client, division and consultant;
`marginSummary` over GraphQL, confidential (refused to portal users and staff without the permission).

Each approved worked week (tests/support/orders.py) bills 1645.73 for wages of 1188.90
(ORD 1064.00 + OT150 84.00 + OT200 22.40 + MEAL 18.50) and oncosts of 127.68 (12 % super on
ORD): a gross margin of 329.15, 20.00 % of the bill.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from kserp.analytics.selectors import margin_percent, margin_report
from kserp.identity.models import User
from kserp.orders.models import Timesheet
from kserp.orders.timesheets import timesheet_reopen
from tests.support.billing import approve_weeks
from tests.support.graphql import gql
from tests.support.orders import WEEK, make_client, make_job_order

D = Decimal
WEEK_2 = WEEK + dt.timedelta(days=7)


def _figures(row) -> tuple:
    return (row.key, row.bill_amount, row.wage, row.oncosts, row.gross_margin, row.margin_percent)


def _agency() -> None:
    """JO-1 (ACME, Industrial, alex) 2 weeks; JO-2 (ACME, Office, nobody) 1; JO-3 (GLOBEX, Industrial, alex) 1."""
    alex = User.objects.create_user(username="alex", is_staff=True)
    acme, globex = make_client("ACME"), make_client("GLOBEX", grouping="JOB_ORDER", terms=14)
    for code, client, division, consultant, weeks in (
        ("JO-1", acme, "Industrial", alex, 2),
        ("JO-2", acme, "Office", None, 1),
        ("JO-3", globex, "Industrial", alex, 1),
    ):
        job_order = make_job_order(code=code, client=client, payee_code=f"P-{code}")
        job_order.division, job_order.consultant = division, consultant
        job_order.save(update_fields=["division", "consultant"])
        approve_weeks(job_order, weeks=weeks)


def test_one_worked_week_has_the_margin_the_engine_priced(db):
    approve_weeks(make_job_order())

    report = margin_report()

    assert _figures(report.totals) == ("", D("1645.73"), D("1188.90"), D("127.68"), D("329.15"), D("20.00"))
    assert [_figures(r) for r in report.by_placement] == [
        ("JO-1001", D("1645.73"), D("1188.90"), D("127.68"), D("329.15"), D("20.00"))
    ]
    assert report.by_placement[0].label == "JO-1001 Warehouse operator (ACME)"


def test_margins_by_placement_client_division_and_consultant(db):
    _agency()

    report = margin_report()

    assert _figures(report.totals) == ("", D("6582.92"), D("4755.60"), D("510.72"), D("1316.60"), D("20.00"))
    assert [_figures(r) for r in report.by_placement] == [
        ("JO-1", D("3291.46"), D("2377.80"), D("255.36"), D("658.30"), D("20.00")),
        ("JO-2", D("1645.73"), D("1188.90"), D("127.68"), D("329.15"), D("20.00")),
        ("JO-3", D("1645.73"), D("1188.90"), D("127.68"), D("329.15"), D("20.00")),
    ]
    assert [_figures(r) for r in report.by_client] == [
        ("ACME", D("4937.19"), D("3566.70"), D("383.04"), D("987.45"), D("20.00")),
        ("GLOBEX", D("1645.73"), D("1188.90"), D("127.68"), D("329.15"), D("20.00")),
    ]
    assert [(r.key, r.label, r.gross_margin) for r in report.by_division] == [
        ("Industrial", "Industrial", D("987.45")),
        ("Office", "Office", D("329.15")),
    ]
    assert [(r.key, r.label, r.gross_margin) for r in report.by_consultant] == [
        ("", "(unassigned)", D("329.15")),
        ("alex", "alex", D("987.45")),
    ]


def test_filters_client_entity_and_weeks_ending_in_the_period(db):
    _agency()
    acme = make_client("ACME")

    assert margin_report(client_id=acme.pk).totals.bill_amount == D("4937.19")
    assert margin_report(entity_id=acme.entity_id).totals.bill_amount == D("6582.92")
    # The first week ends on 2025-07-13, the second on 2025-07-20.
    assert margin_report(date_to=dt.date(2025, 7, 13)).totals.bill_amount == D("4937.19")
    assert margin_report(date_from=dt.date(2025, 7, 14)).totals.bill_amount == D("1645.73")
    assert margin_report(date_from=dt.date(2025, 7, 13), date_to=dt.date(2025, 7, 13)).totals.bill_amount == D(
        "4937.19"
    )
    empty = margin_report(date_from=dt.date(2026, 1, 1))
    assert _figures(empty.totals) == ("", D("0.00"), D("0.00"), D("0.00"), D("0.00"), None)
    assert empty.by_client == []


def test_reopening_a_timesheet_takes_its_margin_out(db):
    _agency()
    timesheet = Timesheet.objects.get(job_order__code="JO-1", week_starting=WEEK_2)

    timesheet_reopen(timesheet=timesheet)

    assert margin_report().totals.gross_margin == D("987.45")


@pytest.mark.parametrize(
    ("margin", "bill", "percent"),
    [("1", "3", "33.33"), ("2", "3", "66.67"), ("-5", "100", "-5.00"), ("0.005", "100", "0.01"), ("5", "0", None)],
    ids=["third", "two-thirds", "loss", "half-up", "nothing-billed"],
)
def test_margin_percent_is_rounded_half_up_to_two_places(margin, bill, percent):
    assert margin_percent(D(margin), D(bill)) == (D(percent) if percent else None)


MARGIN_SUMMARY = """
query($client: ID, $from: Date, $to: Date) {
  marginSummary(client: $client, from: $from, to: $to) {
    client from to
    totals { billAmount wage oncosts grossMargin marginPercent }
    byClient { key label grossMargin }
    byDivision { key grossMargin }
    byConsultant { key label grossMargin marginPercent }
    byPlacement { key billAmount }
  }
}"""


def test_margin_summary_over_graphql(finance_http):
    _agency()

    body = gql(finance_http, MARGIN_SUMMARY, {"client": "ACME", "from": "2025-07-01", "to": "2025-07-31"})

    assert body == {
        "data": {
            "marginSummary": {
                "client": "ACME",
                "from": "2025-07-01",
                "to": "2025-07-31",
                "totals": {
                    "billAmount": "4937.19",
                    "wage": "3566.70",
                    "oncosts": "383.04",
                    "grossMargin": "987.45",
                    "marginPercent": "20.00",
                },
                "byClient": [{"key": "ACME", "label": "Acme Pty Ltd", "grossMargin": "987.45"}],
                "byDivision": [
                    {"key": "Industrial", "grossMargin": "658.30"},
                    {"key": "Office", "grossMargin": "329.15"},
                ],
                "byConsultant": [
                    {"key": "", "label": "(unassigned)", "grossMargin": "329.15", "marginPercent": "20.00"},
                    {"key": "alex", "label": "alex", "grossMargin": "658.30", "marginPercent": "20.00"},
                ],
                "byPlacement": [{"key": "JO-1", "billAmount": "3291.46"}, {"key": "JO-2", "billAmount": "1645.73"}],
            }
        }
    }


def test_margin_summary_names_a_client_by_global_id_and_refuses_unknown_ones(finance_http):
    _agency()
    from strawberry import relay

    globex = make_client("GLOBEX")
    by_id = gql(finance_http, MARGIN_SUMMARY, {"client": str(relay.GlobalID("Client", str(globex.pk)))})
    assert by_id["data"]["marginSummary"]["totals"]["billAmount"] == "1645.73"

    unknown = gql(finance_http, MARGIN_SUMMARY, {"client": "NOPE"})
    assert unknown["data"] is None
    assert [(e["message"], e["extensions"]["code"]) for e in unknown["errors"]] == [("No client 'NOPE'.", "NOT_FOUND")]


def test_a_period_ending_before_it_starts_is_refused(finance_http):
    body = gql(finance_http, MARGIN_SUMMARY, {"from": "2025-07-31", "to": "2025-07-01"})
    assert [(e["message"], e["extensions"]["code"]) for e in body["errors"]] == [
        ("`to` is before `from`.", "DATE_ORDER")
    ]


@pytest.mark.parametrize(
    ("who", "message", "code"),
    [
        ("portal_http", "Pay rates, wages, oncosts and margins are not shown to clients.", "FORBIDDEN"),
        ("roleless_staff_http", "You may not see pay rates, wages, oncosts and margins.", "FORBIDDEN"),
        ("anonymous", "Sign in first.", "UNAUTHENTICATED"),
    ],
    ids=["portal-user", "staff-without-role", "anonymous"],
)
def test_margins_are_refused_with_an_error_to_anyone_without_the_confidential_permission(
    request, db, who, message, code
):
    from django.test import Client as HttpClient

    approve_weeks(make_job_order())
    http = HttpClient() if who == "anonymous" else request.getfixturevalue(who)

    for query in (MARGIN_SUMMARY, "{ cashFlowForecast { asOf } }"):
        body = gql(http, query)
        assert body["data"] is None
        assert [(e["message"], e["extensions"]["code"]) for e in body["errors"]] == [(message, code)]
