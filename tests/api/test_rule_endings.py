"""endBillRateRule and endBillRateLine: end one rule, or one line of a rule, on a date; refused
before the rule starts or at/after its current end, with the error at validTo and nothing stored."""

from __future__ import annotations

import datetime as dt

import pytest
from strawberry import relay

from kserp.configuration.services import configuration_import
from kserp.rates.models import BillRateLine, BillRateRule
from tests.rates.documents import base_document, dump
from tests.support.graphql import gql

END_RULE = """mutation($rule: ID!, $validTo: Date!) {
  endBillRateRule(rule: $rule, validTo: $validTo) {
    rule { validFrom validTo lines { scope } } previousRule { validTo } errors { field code message }
  }
}"""
END_LINE = """mutation($line: ID!, $validTo: Date!) {
  endBillRateLine(line: $line, validTo: $validTo) {
    rule { nodeLevel validFrom validTo lines { scope value } } previousRule { validFrom validTo }
    errors { field code message }
  }
}"""
ADD_RULE = """mutation {
  addBillRateRule(billAgreement: "Standard AU", node: {level: "state", value: "NSW"}, lines: [
    {scopeKind: "ALL", method: "MARKUP_PERCENT", value: "28"},
    {scopeKind: "TYPE", scopeValue: "PENALTY", method: "MARKUP_PERCENT", value: "35"}]) {
    rule { id lines { id scope } } errors { field code message }
  }
}"""


@pytest.fixture
def configured(db):
    result = configuration_import(document=dump(base_document()))
    assert result.ok, result.errors


def _gid(obj) -> str:
    return relay.to_base64(type(obj).__name__, obj.pk)


def test_ending_a_rule_ends_it_and_its_lines_on_the_day(configured, staff_client):
    rule = BillRateRule.objects.get(node_level="country")

    body = gql(staff_client, END_RULE, {"rule": _gid(rule), "validTo": "2025-09-30"})

    assert body["data"]["endBillRateRule"]["errors"] == []
    assert body["data"]["endBillRateRule"]["rule"]["validTo"] == "2025-09-30"
    assert set(BillRateLine.objects.filter(rule=rule).values_list("valid_to", flat=True)) == {dt.date(2025, 9, 30)}


def test_ending_a_rule_before_it_starts_is_refused_at_valid_to(configured, staff_client):
    rule = BillRateRule.objects.get(node_level="country")

    body = gql(staff_client, END_RULE, {"rule": _gid(rule), "validTo": "2025-06-30"})

    assert body["data"]["endBillRateRule"]["errors"] == [
        {
            "field": "validTo",
            "code": "DATE_ORDER",
            "message": "The rule starts on 2025-07-01: it cannot end before it starts.",
        }
    ]
    rule.refresh_from_db()
    assert rule.valid_to is None


def test_ending_a_rule_later_than_it_ends_is_refused(configured, staff_client):
    rule = BillRateRule.objects.get(node_level="country")
    assert (
        gql(staff_client, END_RULE, {"rule": _gid(rule), "validTo": "2025-09-30"})["data"]["endBillRateRule"]["errors"]
        == []
    )

    body = gql(staff_client, END_RULE, {"rule": _gid(rule), "validTo": "2025-10-31"})

    assert [(e["field"], e["code"]) for e in body["data"]["endBillRateRule"]["errors"]] == [("validTo", "NOT_EARLIER")]
    rule.refresh_from_db()
    assert rule.valid_to == dt.date(2025, 9, 30)


def test_ending_one_line_keeps_the_others_from_the_next_day(configured, staff_client):
    added = gql(staff_client, ADD_RULE)["data"]["addBillRateRule"]
    assert added["errors"] == []
    penalty = next(line for line in added["rule"]["lines"] if line["scope"] == "TYPE:PENALTY")

    body = gql(staff_client, END_LINE, {"line": penalty["id"], "validTo": "2025-08-31"})

    assert body["data"]["endBillRateLine"] == {
        "rule": {
            "nodeLevel": "state",
            "validFrom": "2025-09-01",
            "validTo": None,
            "lines": [{"scope": "ALL", "value": "28.0000"}],
        },
        "previousRule": {"validFrom": "2025-07-01", "validTo": "2025-08-31"},
        "errors": [],
    }


def test_ending_the_only_line_ends_the_rule(configured, staff_client):
    rule = BillRateRule.objects.get(node_level="country")
    line = rule.lines.get()

    body = gql(staff_client, END_LINE, {"line": _gid(line), "validTo": "2025-09-30"})

    assert body["data"]["endBillRateLine"]["rule"]["validTo"] == "2025-09-30"
    assert body["data"]["endBillRateLine"]["previousRule"] is None
    assert BillRateRule.objects.filter(node_level="country").count() == 1


def test_ending_a_line_before_its_rule_starts_stores_nothing(configured, staff_client):
    line = BillRateRule.objects.get(node_level="country").lines.get()
    count = BillRateRule.objects.count()

    body = gql(staff_client, END_LINE, {"line": _gid(line), "validTo": "2025-06-01"})

    assert [(e["field"], e["code"]) for e in body["data"]["endBillRateLine"]["errors"]] == [("validTo", "DATE_ORDER")]
    assert BillRateRule.objects.count() == count
    line.refresh_from_db()
    assert line.valid_to is None


def test_an_unknown_line_is_not_found_at_line(configured, staff_client):
    body = gql(staff_client, END_LINE, {"line": relay.to_base64("BillRateLine", 999999), "validTo": "2025-09-30"})

    assert body["data"]["endBillRateLine"]["errors"][0]["field"] == "line"
    assert body["data"]["endBillRateLine"]["errors"][0]["code"] == "NOT_FOUND"
