"""Changing a bill rate, a pay rate or an oncost value from a date, with the preview of every job
order whose rate moves (the change is run and rolled back: nothing stored)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from strawberry import relay

from kserp.identity.models import AuditEvent
from kserp.orders.models import JobOrderStatus
from kserp.rates.models import BillRateRule, OncostValue, PayRateRule
from tests.support.graphql import gql
from tests.support.orders import make_client, make_job_order

FROM = "2025-09-01"
BILL_PREVIEW = """query($rule: ID!, $lines: [BillRateLineInput!]!) {
  billRateChangePreview(rule: $rule, validFrom: "2025-09-01", lines: $lines) {
    jobOrders { jobOrder client on billRateBefore billRateAfter billRateDifference payRateBefore }
    errors { field code }
  }
}"""
LINES = [{"scopeKind": "ALL", "method": "MARKUP_PERCENT", "value": "30"}]


def _gid(obj) -> str:
    return relay.to_base64(type(obj).__name__, obj.pk)


@pytest.fixture
def placements(db):
    make_job_order("JO-1")
    make_job_order("JO-2", client=make_client("BETA"), end=dt.date(2025, 8, 15))  # ended before the change
    make_job_order("JO-3", status=JobOrderStatus.CANCELLED)


def test_the_bill_rate_preview_lists_each_open_job_order_and_stores_nothing(staff_client, placements):
    rule = BillRateRule.objects.get()
    before = (BillRateRule.objects.count(), AuditEvent.objects.count())
    body = gql(staff_client, BILL_PREVIEW, {"rule": _gid(rule), "lines": LINES})["data"]["billRateChangePreview"]
    # (28.00 + 12% super) × 1.25 = 39.20 now; × 1.30 = 40.768 → 40.77
    assert body == {
        "jobOrders": [
            {
                "jobOrder": "JO-1",
                "client": "ACME",
                "on": FROM,
                "billRateBefore": "39.20",
                "billRateAfter": "40.77",
                "billRateDifference": "1.57",
                "payRateBefore": None,
            }
        ],
        "errors": [],
    }
    assert (BillRateRule.objects.count(), AuditEvent.objects.count()) == before
    assert BillRateRule.objects.get().valid_to is None

    refused = gql(staff_client, BILL_PREVIEW.replace("2025-09-01", "2025-06-01"), {"rule": _gid(rule), "lines": LINES})
    assert refused["data"]["billRateChangePreview"] == {
        "jobOrders": [],
        "errors": [{"field": "validFrom", "code": "OUTSIDE_RULE"}],
    }


def test_a_pay_rate_change_previews_then_applies_from_its_date(staff_client, placements):
    rule = PayRateRule.objects.get(pay_code__code="ORD")
    preview = gql(
        staff_client,
        'query($r: ID!) { payRateChangePreview(rule: $r, validFrom: "2025-09-01", rate: "29") '
        "{ jobOrders { jobOrder payRateBefore payRateAfter billRateAfter } errors { field } } }",
        {"r": _gid(rule)},
    )["data"]["payRateChangePreview"]
    assert preview == {
        "jobOrders": [
            {"jobOrder": "JO-1", "payRateBefore": "28.0000", "payRateAfter": "29.0000", "billRateAfter": "40.60"}
        ],
        "errors": [],
    }
    done = gql(
        staff_client,
        'mutation($r: ID!) { changePayRate(rule: $r, validFrom: "2025-09-01", rate: "29") '
        "{ rule { rate validFrom validTo } errors { field code } } }",
        {"r": _gid(rule)},
    )["data"]["changePayRate"]
    assert done == {"rule": {"rate": "29.0000", "validFrom": FROM, "validTo": None}, "errors": []}
    rule.refresh_from_db()
    assert rule.valid_to == dt.date(2025, 8, 31)
    bad = gql(
        staff_client,
        'mutation($r: ID!) { changePayRate(rule: $r, validFrom: "2025-10-01", rate: "-1") { errors { field code } } }',
        {"r": _gid(rule)},
    )["data"]["changePayRate"]
    assert bad["errors"] == [{"field": "validFrom", "code": "OUTSIDE_RULE"}, {"field": "rate", "code": "INVALID"}]


def test_an_oncost_value_change_moves_the_bill_rate(staff_client, placements):
    current = OncostValue.objects.get()
    preview = gql(
        staff_client,
        'query($v: ID!) { oncostValueChangePreview(oncostValue: $v, validFrom: "2025-09-01", '
        'value: "12.5") { jobOrders { jobOrder billRateBefore billRateAfter } errors { field } } }',
        {"v": _gid(current)},
    )["data"]["oncostValueChangePreview"]
    # 28.00 × 1.125 × 1.25 = 39.375 → 39.38
    assert preview["jobOrders"] == [{"jobOrder": "JO-1", "billRateBefore": "39.20", "billRateAfter": "39.38"}]
    done = gql(
        staff_client,
        'mutation($v: ID!) { changeOncostValue(oncostValue: $v, validFrom: "2025-09-01", '
        'value: "12.5") { oncostValue { value validFrom } errors { field } } }',
        {"v": _gid(current)},
    )
    assert done["data"]["changeOncostValue"] == {"oncostValue": {"value": "12.5000", "validFrom": FROM}, "errors": []}
    assert list(OncostValue.objects.order_by("valid_from").values_list("valid_to", "value")) == [
        (dt.date(2025, 8, 31), Decimal("12.0000")),
        (None, Decimal("12.5000")),
    ]
