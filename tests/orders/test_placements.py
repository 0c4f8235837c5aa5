"""Extend, end and replace a placement; the job order form's agreement choices (with the reason
for each that does not apply) and its rate quote before saving."""

from __future__ import annotations

import datetime as dt

from kserp.crm.models import Payee
from kserp.orders.models import JobOrder
from kserp.orders.timesheets import timesheet_submit
from kserp.rates.models import BillAgreement
from tests.support.graphql import gql
from tests.support.orders import START, WEEK, make_client, make_job_order, week_entries

PLACEMENT = "{ jobOrder { code start end payee { code } status } errors { field code message } }"


def test_extend_end_and_replace(staff_client, db):
    job = make_job_order("JO-1", end=dt.date(2025, 8, 31))
    Payee.objects.create(code="P002", name="Sam Other", kind="EMPLOYEE")
    timesheet_submit(job_order=job, week_starting=WEEK, entries=week_entries())

    extended = gql(staff_client, f'mutation {{ extendJobOrder(jobOrder: "JO-1", end: "2025-09-30") {PLACEMENT} }}')
    assert extended["data"]["extendJobOrder"]["jobOrder"]["end"] == "2025-09-30"
    shorter = gql(staff_client, f'mutation {{ extendJobOrder(jobOrder: "JO-1", end: "2025-09-01") {PLACEMENT} }}')
    assert [e["code"] for e in shorter["data"]["extendJobOrder"]["errors"]] == ["DATE_ORDER"]

    too_early = gql(staff_client, f'mutation {{ endJobOrder(jobOrder: "JO-1", end: "2025-07-06") {PLACEMENT} }}')
    assert [(e["field"], e["code"]) for e in too_early["data"]["endJobOrder"]["errors"]] == [("end", "CONFLICT")]
    assert JobOrder.objects.get(code="JO-1").end == dt.date(2025, 9, 30)

    replaced = gql(
        staff_client,
        f'mutation {{ replaceJobOrder(jobOrder: "JO-1", payee: "P002", code: "JO-1B", on: "2025-08-18") {PLACEMENT} }}',
    )["data"]["replaceJobOrder"]
    assert replaced == {
        "jobOrder": {
            "code": "JO-1B",
            "start": "2025-08-18",
            "end": "2025-09-30",
            "payee": {"code": "P002"},
            "status": "DRAFT",
        },
        "errors": [],
    }
    assert JobOrder.objects.get(code="JO-1").end == dt.date(2025, 8, 17)
    again = gql(
        staff_client,
        f'mutation {{ replaceJobOrder(jobOrder: "JO-1", payee: "P002", code: "JO-1C", on: "2025-06-01") {PLACEMENT} }}',
    )["data"]["replaceJobOrder"]
    assert [e["field"] for e in again["errors"]] == ["on"]
    assert not JobOrder.objects.filter(code="JO-1C").exists()


CHOICES = """query($input: DraftJobOrderInput!) {
  billAgreementChoices(input: $input) { name applies reason }
  draftRateQuote(input: $input, payCode: "ORD", quantity: "38", date: "2025-07-07") { billRate billAmount grossMargin }
}"""


def test_the_form_offers_what_applies_with_reasons_and_quotes_before_saving(staff_client, db):
    make_job_order("JO-1")
    make_client("GLOBEX")
    BillAgreement.objects.create(name="Globex only", node_level="client", node_value="GLOBEX", valid_from=START)
    BillAgreement.objects.create(
        name="Old ACME",
        node_level="client",
        node_value="ACME",
        valid_from=dt.date(2024, 1, 1),
        valid_to=dt.date(2024, 12, 31),
    )
    draft = {
        "client": "ACME",
        "start": "2025-07-07",
        "path": {"state": "NSW"},
        "payAgreement": "Warehouse award 2025",
        "billAgreement": "Standard AU",
    }
    body = gql(staff_client, CHOICES, {"input": draft})["data"]
    assert body["billAgreementChoices"] == [
        {"name": "Standard AU", "applies": True, "reason": ""},
        {"name": "Globex only", "applies": False, "reason": "its node client=GLOBEX is not on the job order's path"},
        {
            "name": "Old ACME",
            "applies": False,
            "reason": "its validity 2024-01-01..2024-12-31 does not cover the job order's dates 2025-07-07..open",
        },
    ]
    assert body["draftRateQuote"] == {
        "billRate": "39.20",
        "billAmount": "1489.60",
        "grossMargin": "297.92",
    }  # 38 × (39.20 − 31.36)
    assert JobOrder.objects.count() == 1
