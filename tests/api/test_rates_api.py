"""Rates and job orders through GraphQL: rateQuote (docs/design.md §4.4 worked checks), import,
assignBillAgreement, agreement maintenance, the jobOrders connection's query count."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from strawberry import relay

from kserp.configuration.services import configuration_import
from kserp.orders.models import JobOrder
from kserp.rates.models import BillAgreement, BillRateLine, BillRateRule
from tests.rates.documents import base_document, dump
from tests.support.graphql import gql

QUOTE = """
query Quote($jobOrder: ID!, $payCode: String!, $quantity: Decimal!, $date: Date!) {
  rateQuote(jobOrder: $jobOrder, payCode: $payCode, quantity: $quantity, date: $date) {
    payRate wage billOncosts { code amount } payOncosts { code amount } costRate
    billRate billAmount grossMargin marginPercent
    rule { agreement level value scope method nodeValue }
  }
}
"""


@pytest.fixture
def configured(db):
    result = configuration_import(document=dump(base_document()))
    assert result.ok, result.errors


def _quote(client: Client, job_order: str, pay_code: str, quantity: str, date: str = "2025-07-08") -> dict:
    body = gql(client, QUOTE, {"jobOrder": job_order, "payCode": pay_code, "quantity": quantity, "date": date})
    assert "errors" not in body, body
    return body["data"]["rateQuote"]


def test_38_hours_of_ordinary_time_at_28_is_a_wage_of_1064(configured, staff_client):
    quote = _quote(staff_client, "JO-1001", "ORD", "38")

    assert quote["payRate"] == "28.0000"
    assert quote["wage"] == "1064.00"
    assert quote["billRate"] == "35.00"
    assert quote["billAmount"] == "1330.00"
    assert quote["rule"] == {
        "agreement": "Standard AU",
        "level": "country",
        "nodeValue": "AU",
        "scope": "ALL",
        "method": "MARKUP_PERCENT",
        "value": "25.0000",
    }


@pytest.mark.parametrize(
    ("job_order", "bill_rate", "method", "margin"),
    [
        ("JO-MARGIN", "414.77", "MARGIN_PERCENT", "49.77"),
        ("JO-AMOUNT", "485.00", "MARKUP_AMOUNT", "120.00"),
        ("JO-PERCENT", "803.00", "MARKUP_PERCENT", "438.00"),
    ],
    ids=["margin 12%", "markup $120", "markup 120%"],
)
def test_pay_350_with_a_15_bill_oncost(configured, staff_client, job_order, bill_rate, method, margin):
    quote = _quote(staff_client, job_order, "DAY", "1")

    assert quote["payRate"] == "350.0000"
    assert quote["billOncosts"] == [{"code": "LEVY", "amount": "15.00"}]
    assert quote["payOncosts"] == []
    assert quote["costRate"] == "365.0000"
    assert quote["billRate"] == bill_rate
    assert quote["billAmount"] == bill_rate
    assert quote["grossMargin"] == margin
    assert quote["rule"]["level"] == "job_order"
    assert quote["rule"]["nodeValue"] == job_order
    assert quote["rule"]["scope"] == "CODE:DAY"
    assert quote["rule"]["method"] == method


def test_the_job_order_without_its_own_rule_falls_back_to_the_country_rule(configured, staff_client):
    quote = _quote(staff_client, "JO-1001", "DAY", "1")

    assert quote["rule"]["level"] == "country"
    assert quote["billRate"] == "456.25"  # (350 + 15) x 1.25


def test_rate_quote_accepts_a_global_id(configured, staff_client):
    job = JobOrder.objects.get(code="JO-MARGIN")

    quote = _quote(staff_client, str(relay.to_base64("JobOrder", job.pk)), "DAY", "1")

    assert quote["billRate"] == "414.77"


def test_rate_quote_needs_staff(configured, client):
    body = gql(client, QUOTE, {"jobOrder": "JO-1001", "payCode": "ORD", "quantity": "1", "date": "2025-07-08"})

    assert body["data"] is None
    assert body["errors"][0]["message"] == "Sign in first."


def test_rate_quote_of_an_unknown_pay_code_is_an_error_not_a_500(configured, staff_client):
    body = gql(staff_client, QUOTE, {"jobOrder": "JO-1001", "payCode": "NOPE", "quantity": "1", "date": "2025-07-08"})

    assert body["data"] is None
    assert "NOPE" in body["errors"][0]["message"]


IMPORT = """
mutation Import($document: String!, $dryRun: Boolean) {
  importConfiguration(document: $document, dryRun: $dryRun) { ok dryRun summary errors { field code message } }
}
"""


def test_import_configuration_reports_errors_by_path(db, staff_client):
    doc = base_document()
    doc["bill_agreements"][0]["rules"][1]["lines"][0]["value"] = "100"

    body = gql(staff_client, IMPORT, {"document": dump(doc)})

    payload = body["data"]["importConfiguration"]
    assert payload["ok"] is False
    assert payload["errors"] == [
        {
            "field": "bill_agreements[0].rules[1].lines[0].value",
            "code": "MARGIN_TOO_HIGH",
            "message": "MARGIN_PERCENT must be below 100 (got 100).",
        }
    ]
    assert BillAgreement.objects.count() == 0


def test_import_configuration_dry_run_stores_nothing(db, staff_client):
    body = gql(staff_client, IMPORT, {"document": dump(base_document()), "dryRun": True})

    payload = body["data"]["importConfiguration"]
    assert payload["ok"] is True and payload["dryRun"] is True and payload["errors"] == []
    assert "job_orders: 4 created" in payload["summary"]
    assert JobOrder.objects.count() == 0


def test_import_configuration_needs_staff(db, client):
    body = gql(client, IMPORT, {"document": dump(base_document())})

    assert body["data"]["importConfiguration"]["errors"][0]["code"] == "UNAUTHENTICATED"
    assert JobOrder.objects.count() == 0


ASSIGN = """
mutation Assign($jobOrder: ID!, $billAgreement: ID!) {
  assignBillAgreement(jobOrder: $jobOrder, billAgreement: $billAgreement) {
    jobOrder { code billAgreement { name } } errors { field code message }
  }
}
"""


def test_assign_bill_agreement_refuses_one_that_does_not_apply(configured, staff_client):
    other = BillAgreement.objects.create(
        name="Victoria", node_level="state", node_value="VIC", valid_from=dt.date(2025, 1, 1)
    )

    body = gql(
        staff_client, ASSIGN, {"jobOrder": "JO-1001", "billAgreement": str(relay.to_base64("BillAgreement", other.pk))}
    )

    assert body["data"]["assignBillAgreement"] == {
        "jobOrder": None,
        "errors": [
            {
                "field": "billAgreement",
                "code": "NOT_APPLICABLE",
                "message": "Bill agreement 'Victoria' does not apply to job order JO-1001: "
                "its node state=VIC is not on the job order's path.",
            }
        ],
    }
    assert JobOrder.objects.get(code="JO-1001").bill_agreement.name == "Standard AU"


def test_assign_bill_agreement_accepts_an_applicable_one(configured, staff_client):
    BillAgreement.objects.create(name="NSW", node_level="state", node_value="NSW", valid_from=dt.date(2025, 1, 1))

    body = gql(staff_client, ASSIGN, {"jobOrder": "JO-1001", "billAgreement": "NSW"})

    assert body["data"]["assignBillAgreement"] == {
        "jobOrder": {"code": "JO-1001", "billAgreement": {"name": "NSW"}},
        "errors": [],
    }


CHANGE_RATE = """
mutation Change($rule: ID!, $validFrom: Date!, $lines: [BillRateLineInput!]!) {
  changeBillRate(rule: $rule, validFrom: $validFrom, lines: $lines) {
    rule { validFrom validTo lines { scope method value } }
    previousRule { validFrom validTo }
    errors { field code message }
  }
}
"""


def test_change_rate_end_dates_the_current_rule_the_day_before(configured, staff_client):
    rule = BillRateRule.objects.get(node_level="country")
    lines = [{"scopeKind": "ALL", "method": "MARKUP_PERCENT", "value": "30"}]

    body = gql(
        staff_client,
        CHANGE_RATE,
        {"rule": str(relay.to_base64("BillRateRule", rule.pk)), "validFrom": "2025-10-01", "lines": lines},
    )

    assert body["data"]["changeBillRate"] == {
        "rule": {
            "validFrom": "2025-10-01",
            "validTo": None,
            "lines": [{"scope": "ALL", "method": "MARKUP_PERCENT", "value": "30.0000"}],
        },
        "previousRule": {"validFrom": "2025-07-01", "validTo": "2025-09-30"},
        "errors": [],
    }
    assert list(BillRateLine.objects.filter(rule=rule).values_list("valid_to", flat=True)) == [dt.date(2025, 9, 30)]
    assert _quote(staff_client, "JO-1001", "ORD", "38", date="2025-09-30")["billRate"] == "35.00"
    assert _quote(staff_client, "JO-1001", "ORD", "38", date="2025-10-01")["billRate"] == "36.40"


def test_change_rate_refuses_a_margin_of_100_and_stores_nothing(configured, staff_client):
    rule = BillRateRule.objects.get(node_level="country")
    lines = [{"scopeKind": "ALL", "method": "MARGIN_PERCENT", "value": "100"}]

    body = gql(
        staff_client,
        CHANGE_RATE,
        {"rule": str(relay.to_base64("BillRateRule", rule.pk)), "validFrom": "2025-10-01", "lines": lines},
    )

    assert body["data"]["changeBillRate"]["errors"] == [
        {"field": "lines[0].value", "code": "MARGIN_TOO_HIGH", "message": "MARGIN_PERCENT must be below 100 (got 100)."}
    ]
    rule.refresh_from_db()
    assert rule.valid_to is None
    assert BillRateRule.objects.count() == 4


CREATE_AND_ADD = """
mutation {
  createBillAgreement(name: "Acme special", node: {level: "client", value: "ACME"}, validFrom: "2026-01-01") {
    billAgreement { name nodeLevel nodeValue } errors { field code }
  }
  addBillRateRule(billAgreement: "Acme special", node: {level: "country", value: "AU"},
                  lines: [{scopeKind: "ALL", method: "FLAT_RATE", value: "50"}]) {
    rule { nodeLevel } errors { field code message }
  }
}
"""


def test_create_a_header_then_a_rule_above_it_is_refused(configured, staff_client):
    body = gql(staff_client, CREATE_AND_ADD)

    assert body["data"]["createBillAgreement"] == {
        "billAgreement": {"name": "Acme special", "nodeLevel": "client", "nodeValue": "ACME"},
        "errors": [],
    }
    assert body["data"]["addBillRateRule"]["errors"] == [
        {
            "field": "node",
            "code": "ABOVE_HEADER",
            "message": "Node country=AU is above its header's level 'client': a rule is at or below its header.",
        }
    ]


JOB_ORDERS = """
query { jobOrders(first: 10, filters: {client: "ACME"}) {
  totalCount pageInfo { hasNextPage }
  edges { node { id code title status client { code name } payee { code name }
                 applicableBillAgreements { name } billAgreement { name } payAgreement { name } } } } }
"""


def test_the_job_orders_connection_costs_a_constant_number_of_queries(
    configured, staff_client, django_assert_num_queries
):
    # session, user, the user's permissions and its groups' (2, once per request: payAgreement is
    # confidential, docs/security.md), the page (client, payee, entity joined), the bill and the pay
    # agreement (one prefetch each: their types scope rows to the caller with get_queryset), hierarchy,
    # bill agreement headers. None of it grows with the number of job orders.
    with django_assert_num_queries(9):
        body = gql(staff_client, JOB_ORDERS)

    connection = body["data"]["jobOrders"]
    assert connection["totalCount"] == 4
    assert [edge["node"]["code"] for edge in connection["edges"]] == ["JO-1001", "JO-AMOUNT", "JO-MARGIN", "JO-PERCENT"]
    node = connection["edges"][0]["node"]
    assert node["client"] == {"code": "ACME", "name": "Acme Logistics"}
    assert node["applicableBillAgreements"] == [{"name": "Standard AU"}]
    assert node["payAgreement"] == {"name": "Award"}


def test_job_orders_filter_by_status(configured, staff_client):
    JobOrder.objects.filter(code="JO-1001").update(status="DRAFT")

    body = gql(staff_client, 'query { jobOrders(filters: {status: "DRAFT"}) { totalCount edges { node { code } } } }')

    assert body["data"]["jobOrders"] == {"totalCount": 1, "edges": [{"node": {"code": "JO-1001"}}]}


def test_hierarchy_levels_follow_the_configuration_broadest_first(configured, staff_client, client):
    from kserp.rates.models import HierarchyLevel

    expected = list(HierarchyLevel.objects.order_by("position").values_list("name", flat=True))
    assert expected[:2] == ["country", "brand"] and expected[-1] == "job_order"
    assert gql(staff_client, "{ hierarchyLevels }")["data"] == {"hierarchyLevels": expected}
    assert gql(client, "{ hierarchyLevels }")["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
