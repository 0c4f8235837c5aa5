"""Insight over GraphQL: the figures of the selectors, and margins refused (an error, not zeros) to
portal users, client-bound tokens and staff without the confidential permission."""

from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest
from django.test import Client as HttpClient

from kserp.analytics.models import Notification
from kserp.identity.models import User
from tests.analytics.conftest import user_with_role
from tests.analytics.insight_data import job, week
from tests.security.helpers import issue
from tests.support.graphql import gql
from tests.support.orders import make_client

MARGIN_BY = """query { marginBy(dimension: CLIENT, from: "2025-07-07", to: "2025-07-13") {
  totals { billAmount grossMargin netMargin }
  rows { key revenue grossMargin grossMarginPercent overhead netMargin } } }"""
CASH_FLOW = """query { cashFlow(openingBalance: "500.00") { gapWeek lowestWeek lowestBalance
  weeks { weekStarting receipts payments closing items { kind reference amount } } } }"""
CONFIDENTIAL_QUERIES = [
    MARGIN_BY,
    CASH_FLOW,
    "query { marginTrend(weeks: 13) { weekEnding figures { grossMargin } } }",
    'query { consultantPerformance(from: "2025-07-07", to: "2025-07-13") { consultant figures { netMargin } } }',
    'query { accountPerformance(client: "ACME") { client figures { grossMargin } } }',
    "query { morningDashboard { timesheetsToApprove marginAlerts { jobOrder } } }",
]


def _data():
    acme = make_client("ACME")
    order = job("JO-A", acme)
    week(order, "2025-07-13", bill="1900.00", wage="1330.00", oncosts="200.00", hours="38")
    return acme


def test_margin_by_client_over_graphql(finance_http):
    _data()

    body = gql(finance_http, MARGIN_BY)

    assert body == {
        "data": {
            "marginBy": {
                "totals": {"billAmount": "1900.00", "grossMargin": "370.00", "netMargin": "370.00"},
                "rows": [
                    {"key": "ACME", "revenue": "1900.00", "grossMargin": "370.00", "grossMarginPercent": "19.47",
                     "overhead": "0.00", "netMargin": "370.00"}
                ],
            }
        }
    }  # fmt: skip


def test_cash_flow_over_graphql_names_the_gap(finance_http):
    acme = make_client("ACME", terms=30)
    order = job("JO-1", acme, end=dt.date(2025, 10, 26))
    for sunday in ("2025-09-07", "2025-09-14", "2025-09-21", "2025-09-28"):
        week(order, sunday, bill="1000.00", wage="700.00", oncosts="150.00", hours="20")

    with mock.patch("django.utils.timezone.localdate", return_value=dt.date(2025, 10, 1)):
        body = gql(finance_http, CASH_FLOW)["data"]["cashFlow"]

    # Without AU-1 and its BAS (tests/analytics/test_insight_forecast.py): week 1 closes 500 − 587.85.
    assert (body["gapWeek"], body["weeks"][1]["closing"]) == ("2025-10-06", "-87.85")
    assert body["weeks"][1]["items"] == [
        {"kind": "NET_PAY", "reference": "Pay run 2025-10-08", "amount": "560.00"},
        {"kind": "ONCOSTS", "reference": "Pay run 2025-10-08", "amount": "27.85"},
    ]


@pytest.mark.parametrize("query", CONFIDENTIAL_QUERIES)
def test_portal_users_get_an_error_not_margins(portal_http, query):
    _data()

    body = gql(portal_http, query)

    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert body["data"] is None or all(v is None for v in body["data"].values())


@pytest.mark.parametrize("query", CONFIDENTIAL_QUERIES[:2])
def test_staff_without_the_confidential_permission_and_client_bound_tokens_are_refused(db, roleless_staff_http, query):
    acme = _data()
    finance = user_with_role("fred", "finance")
    token = issue(finance, "read", client_id=acme.pk)

    staff = gql(roleless_staff_http, query)
    bound = gql(HttpClient(), query, Authorization=f"Bearer {token}")

    assert staff["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert bound["errors"][0]["extensions"]["code"] == "FORBIDDEN"


def test_notifications_are_listed_and_marked_read(finance_http):
    fiona = User.objects.get(username="fiona")
    note = Notification.objects.create(user=fiona, kind="LATE_PAYER", key="ACME:2025-09", message="ACME pays late.")

    listed = gql(finance_http, "query { notifications(unreadOnly: true) { id message read } }")
    marked = gql(
        finance_http,
        f'mutation {{ notificationRead(id: "{note.pk}") {{ notification {{ read }} errors {{ code }} }} }}',
    )
    unknown = gql(
        finance_http, 'mutation { notificationRead(id: "999999") { notification { read } errors { field code } } }'
    )

    assert listed["data"]["notifications"] == [{"id": str(note.pk), "message": "ACME pays late.", "read": False}]
    assert marked["data"]["notificationRead"] == {"notification": {"read": True}, "errors": []}
    assert unknown["data"]["notificationRead"] == {
        "notification": None,
        "errors": [{"field": "id", "code": "NOT_FOUND"}],
    }
    assert Notification.objects.get().read_at is not None


def test_a_table_is_exported_as_xlsx_with_numbers_as_numbers(finance_http, portal_http):
    import io
    import json

    from openpyxl import load_workbook

    table = {"title": "Margin by client", "columns": ["Client", "Margin"], "rows": [["ACME", "370.00"], ["=cmd", "-5"]]}

    response = finance_http.post("/documents/table.xlsx", data=json.dumps(table), content_type="application/json")
    refused = portal_http.post("/documents/table.xlsx", data=json.dumps(table), content_type="application/json")

    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [[c.value for c in row] for row in sheet.iter_rows()] == [["Client", "Margin"], ["ACME", 370], ["cmd", -5]]
    assert refused.status_code == 403
