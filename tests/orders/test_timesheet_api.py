"""The timesheet mutations of docs/api.md: exact errors with paths, nothing stored on error."""

import pytest

from kserp.orders.models import BillLine, JobOrderStatus, Timesheet, TimesheetEntry
from tests.support.graphql import gql
from tests.support.orders import make_job_order

SUBMIT = """
mutation($input: SubmitTimesheetInput!) {
  submitTimesheet(input: $input) {
    timesheet { id status weekStarting jobOrder { code } }
    errors { field code message }
  }
}"""
APPROVE = """
mutation($id: ID!) {
  approveTimesheet(id: $id) {
    timesheet { status payLines { payCode quantity payRate wage } billLines { payCode quantity billRate billAmount } }
    errors { field code }
  }
}"""
REJECT = """
mutation($id: ID!, $reason: String!) {
  rejectTimesheet(id: $id, reason: $reason) { timesheet { status rejectionReason } errors { field code } }
}"""

GOOD_ENTRIES = [
    {"date": "2025-07-07", "start": "07:00", "end": "15:06", "breakMinutes": 30},
    {"date": "2025-07-08", "hours": "10"},
    {"date": "2025-07-08", "payCode": "MEAL", "quantity": "1"},
    {"date": "2025-07-09", "hours": "7.6"},
    {"date": "2025-07-10", "hours": "7.6"},
    {"date": "2025-07-11", "hours": "7.6"},
]


def _submit(client, entries, week="2025-07-07", job_order="JO-1001"):
    variables = {"input": {"jobOrder": job_order, "weekStarting": week, "entries": entries}}
    return gql(client, SUBMIT, variables)["data"]["submitTimesheet"]


def test_submit_then_approve_returns_the_priced_lines(staff_client):
    make_job_order()
    submitted = _submit(staff_client, GOOD_ENTRIES)
    assert submitted["errors"] == []
    assert submitted["timesheet"]["status"] == "SUBMITTED"
    assert submitted["timesheet"]["jobOrder"] == {"code": "JO-1001"}

    approved = gql(staff_client, APPROVE, {"id": submitted["timesheet"]["id"]})["data"]["approveTimesheet"]

    assert approved["errors"] == []
    assert approved["timesheet"]["status"] == "APPROVED"
    assert approved["timesheet"]["payLines"][0] == {
        "payCode": "ORD",
        "quantity": "38.0000",
        "payRate": "28.0000",
        "wage": "1064.00",
    }
    assert approved["timesheet"]["billLines"] == [
        {"payCode": "ORD", "quantity": "38.0000", "billRate": "39.2000", "billAmount": "1489.60"},
        {"payCode": "OT150", "quantity": "2.0000", "billRate": "52.5000", "billAmount": "105.00"},
        {"payCode": "OT200", "quantity": "0.4000", "billRate": "70.0000", "billAmount": "28.00"},
        {"payCode": "MEAL", "quantity": "1.0000", "billRate": "23.1300", "billAmount": "23.13"},
    ]
    again = gql(staff_client, APPROVE, {"id": submitted["timesheet"]["id"]})["data"]["approveTimesheet"]
    assert again["errors"] == [{"field": None, "code": "INVALID_STATE"}]
    assert BillLine.objects.count() == 4


@pytest.mark.parametrize(
    ("entries", "expected"),
    [
        (
            [{"date": "2025-07-07", "hours": "8"}, {"date": "2025-07-08", "start": "09:00", "end": "08:00"}],
            [("entries[1].end", "END_BEFORE_START")],
        ),
        (
            [
                {"date": "2025-07-07", "start": "07:00", "end": "12:00"},
                {"date": "2025-07-07", "start": "11:00", "end": "15:00"},
                {"date": "2025-07-07", "start": "15:00", "end": "16:00"},
            ],
            [("entries[1].start", "OVERLAPPING_ENTRIES")],
        ),
        (
            [{"date": "2025-07-09", "hours": "20"}, {"date": "2025-07-09", "hours": "5"}],
            [("entries[1].hours", "DAY_OVER_24_HOURS")],
        ),
        (
            [{"date": "2025-07-14", "hours": "8"}, {"date": "2025-06-30", "hours": "8"}],
            [("entries[0].date", "DATE_OUTSIDE_WEEK"), ("entries[1].date", "DATE_OUTSIDE_WEEK")],
        ),
        (
            [
                {"date": "2025-07-07", "hours": "8", "start": "07:00"},
                {"date": "2025-07-08", "payCode": "ORD", "quantity": "2"},
            ],
            [("entries[0]", "INVALID_ENTRY"), ("entries[1].payCode", "UNKNOWN_PAY_CODE")],
        ),
        (
            [{"date": "2025-07-07", "start": "07:00", "end": "09:00", "breakMinutes": 150}],
            [("entries[0].breakMinutes", "INVALID_BREAK")],
        ),
    ],
    ids=["end-before-start", "overlap", "over-24h", "outside-week", "entry-kind-and-unit-code", "break-too-long"],
)
def test_bad_entries_are_reported_by_path_and_nothing_is_stored(staff_client, entries, expected):
    make_job_order()
    result = _submit(staff_client, entries)
    assert result["timesheet"] is None
    assert [(e["field"], e["code"]) for e in result["errors"]] == expected
    assert Timesheet.objects.count() == 0
    assert TimesheetEntry.objects.count() == 0


def test_an_overnight_shift_is_accepted_when_marked(staff_client):
    make_job_order()
    result = _submit(staff_client, [{"date": "2025-07-07", "start": "22:00", "end": "06:00", "overnight": True}])
    assert result["errors"] == []


def test_dates_outside_the_job_order_and_a_week_not_on_monday(staff_client):
    import datetime as dt

    make_job_order(end=dt.date(2025, 7, 9))
    result = _submit(staff_client, [{"date": "2025-07-10", "hours": "8"}])
    assert [(e["field"], e["code"]) for e in result["errors"]] == [("entries[0].date", "DATE_OUTSIDE_JOB_ORDER")]
    result = _submit(staff_client, [{"date": "2025-07-08", "hours": "8"}], week="2025-07-08")
    assert [(e["field"], e["code"]) for e in result["errors"]] == [("weekStarting", "NOT_A_MONDAY")]
    assert Timesheet.objects.count() == 0


def test_a_job_order_not_active_and_a_second_timesheet_for_the_week_are_refused(staff_client):
    make_job_order(code="JO-DRAFT", status=JobOrderStatus.FILLED)
    result = _submit(staff_client, [{"date": "2025-07-07", "hours": "8"}], job_order="JO-DRAFT")
    assert [(e["field"], e["code"]) for e in result["errors"]] == [("jobOrder", "JOB_ORDER_NOT_ACTIVE")]
    make_job_order()
    assert _submit(staff_client, [{"date": "2025-07-07", "hours": "8"}])["errors"] == []
    second = _submit(staff_client, [{"date": "2025-07-08", "hours": "4"}])
    assert second["errors"] == [
        {
            "field": "weekStarting",
            "code": "DUPLICATE_TIMESHEET",
            "message": "Job order JO-1001 already has a SUBMITTED timesheet for the week of 2025-07-07.",
        }
    ]
    assert list(TimesheetEntry.objects.values_list("hours", flat=True)) == [8]


def test_a_rejected_timesheet_can_be_corrected_and_resubmitted(staff_client):
    make_job_order()
    first = _submit(staff_client, [{"date": "2025-07-07", "hours": "8"}])
    rejected = gql(staff_client, REJECT, {"id": first["timesheet"]["id"], "reason": "Monday was 7 h"})
    assert rejected["data"]["rejectTimesheet"] == {
        "timesheet": {"status": "REJECTED", "rejectionReason": "Monday was 7 h"},
        "errors": [],
    }
    second = _submit(staff_client, [{"date": "2025-07-07", "hours": "7"}])
    assert second["errors"] == [] and second["timesheet"]["id"] == first["timesheet"]["id"]
    assert list(TimesheetEntry.objects.values_list("hours", flat=True)) == [7]


def test_anonymous_users_cannot_submit(db, client):
    make_job_order()
    result = _submit(client, GOOD_ENTRIES)
    assert result["errors"][0]["code"] == "UNAUTHENTICATED"
    assert Timesheet.objects.count() == 0


APPROVE_MANY = """
mutation($ids: [ID!]!) {
  approveTimesheets(ids: $ids) { timesheets { status weekStarting } errors { field code } }
}"""
REJECT_MANY = """
mutation($ids: [ID!]!, $reason: String!) {
  rejectTimesheets(ids: $ids, reason: $reason) { timesheets { status rejectionReason } errors { field code } }
}"""


def _three_weeks(client) -> list[str]:
    make_job_order()
    weeks = ("2025-07-07", "2025-07-14", "2025-07-21")
    return [_submit(client, [{"date": w, "hours": "8"}], week=w)["timesheet"]["id"] for w in weeks]


def test_approve_timesheets_approves_them_all_in_one_call(staff_client):
    ids = _three_weeks(staff_client)

    body = gql(staff_client, APPROVE_MANY, {"ids": ids})["data"]["approveTimesheets"]

    assert body["errors"] == []
    assert [(t["status"], t["weekStarting"]) for t in body["timesheets"]] == [
        ("APPROVED", "2025-07-07"),
        ("APPROVED", "2025-07-14"),
        ("APPROVED", "2025-07-21"),
    ]
    assert BillLine.objects.values("timesheet").distinct().count() == 3


def test_approve_timesheets_is_all_or_nothing_and_names_each_failing_id(staff_client):
    ids = _three_weeks(staff_client)
    gql(staff_client, APPROVE, {"id": ids[1]})  # already APPROVED: the second id will fail

    body = gql(staff_client, APPROVE_MANY, {"ids": [ids[0], ids[1], "VGltZXNoZWV0Ojk5OTk=", ids[0]]})

    assert body["data"]["approveTimesheets"] == {
        "timesheets": [],
        "errors": [
            {"field": "ids[1]", "code": "INVALID_STATE"},
            {"field": "ids[2]", "code": "NOT_FOUND"},
            {"field": "ids[3]", "code": "DUPLICATE"},
        ],
    }
    statuses = dict(Timesheet.objects.values_list("week_starting", "status"))
    assert sorted(statuses.values()) == ["APPROVED", "SUBMITTED", "SUBMITTED"]  # the first was not approved
    assert BillLine.objects.values("timesheet").distinct().count() == 1


def test_reject_timesheets_with_one_reason_and_its_errors(staff_client):
    ids = _three_weeks(staff_client)
    empty = gql(staff_client, REJECT_MANY, {"ids": ids, "reason": " "})["data"]["rejectTimesheets"]
    assert empty == {"timesheets": [], "errors": [{"field": "reason", "code": "REQUIRED"}]}  # once, not per id
    none = gql(staff_client, REJECT_MANY, {"ids": [], "reason": "x"})["data"]["rejectTimesheets"]
    assert none["errors"] == [{"field": "ids", "code": "INVALID"}]
    assert set(Timesheet.objects.values_list("status", flat=True)) == {"SUBMITTED"}

    done = gql(staff_client, REJECT_MANY, {"ids": ids[:2], "reason": "Wrong week"})["data"]["rejectTimesheets"]

    assert done["errors"] == [] and {t["status"] for t in done["timesheets"]} == {"REJECTED"}
    assert sorted(Timesheet.objects.values_list("status", flat=True)) == ["REJECTED", "REJECTED", "SUBMITTED"]
