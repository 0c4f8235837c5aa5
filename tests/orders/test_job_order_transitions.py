"""Job order transitions: DRAFT → FILLED → ACTIVE → COMPLETED | CANCELLED."""

import pytest

from kserp.api.core.errors import ValidationFailed
from kserp.orders.job_orders import job_order_transition
from kserp.orders.models import JobOrder
from tests.support.graphql import gql
from tests.support.orders import make_job_order

TRANSITION = """mutation($j: ID!, $s: String!) {
  transitionJobOrder(jobOrder: $j, status: $s) { jobOrder { code status } errors { field code } } }"""


def test_a_job_order_goes_through_its_life(staff_client):
    make_job_order(status="DRAFT")
    for status in ("FILLED", "ACTIVE", "COMPLETED"):
        body = gql(staff_client, TRANSITION, {"j": "JO-1001", "s": status})["data"]["transitionJobOrder"]
        assert body == {"jobOrder": {"code": "JO-1001", "status": status}, "errors": []}
    body = gql(staff_client, TRANSITION, {"j": "JO-1001", "s": "ACTIVE"})["data"]["transitionJobOrder"]
    assert body["errors"] == [{"field": "status", "code": "INVALID_TRANSITION"}]


def test_active_needs_applicable_pay_and_bill_agreements(db):
    job_order = make_job_order(status="FILLED")
    JobOrder.objects.filter(pk=job_order.pk).update(pay_agreement=None, bill_agreement=None)
    with pytest.raises(ValidationFailed) as failed:
        job_order_transition(job_order=job_order, to="ACTIVE")
    assert [(e.field, e.code) for e in failed.value.errors] == [
        ("payAgreement", "NO_PAY_AGREEMENT"),
        ("billAgreement", "NO_BILL_AGREEMENT"),
    ]
    assert JobOrder.objects.get(pk=job_order.pk).status == "FILLED"
