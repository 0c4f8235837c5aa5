"""CSV import: each (job_order, week_starting) group is one timesheet, stored whole or not at all."""

from kserp.orders.models import Timesheet, TimesheetEntry
from kserp.orders.timesheet_import import timesheets_import_csv
from tests.support.graphql import gql
from tests.support.orders import make_client, make_job_order

CSV = """job_order,week_starting,date,start,end,break_minutes,overnight,hours,pay_code,quantity
JO-1,2025-07-07,2025-07-07,07:00,15:06,30,,,,
JO-1,2025-07-07,2025-07-08,,,,,10,,
JO-1,2025-07-07,2025-07-08,,,,,,MEAL,1
JO-2,2025-07-07,2025-07-07,09:00,08:00,0,,,,
JO-2,2025-07-07,2025-07-08,,,,,8,,
JO-3,2025-07-07,2025-07-07,,,,,8,,
JO-1,2025-07-14,2025-07-14,,,,,abc,,
JO-1,2025-07-14,2025-07-15,,,,,8,,
"""


def test_good_groups_are_imported_and_bad_groups_are_reported_by_line(db):
    client = make_client()
    make_job_order(code="JO-1", client=client)
    make_job_order(code="JO-2", client=client)

    result = timesheets_import_csv(text=CSV)

    assert (result.imported, result.rejected) == (1, 3)
    assert [(e.row, e.column, e.code) for e in result.errors] == [
        (5, "end", "END_BEFORE_START"),
        (7, "job_order", "NOT_FOUND"),
        (8, "hours", "INVALID"),
        (9, None, "GROUP_REJECTED"),
    ]
    timesheet = Timesheet.objects.get()
    assert (timesheet.job_order.code, str(timesheet.week_starting), timesheet.status) == (
        "JO-1",
        "2025-07-07",
        "SUBMITTED",
    )
    assert TimesheetEntry.objects.count() == 3


def test_all_or_nothing_stores_nothing_when_any_row_is_bad(staff_client):
    client = make_client()
    make_job_order(code="JO-1", client=client)
    make_job_order(code="JO-2", client=client)
    mutation = """mutation($csv: String!) { importTimesheets(csv: $csv, allOrNothing: true) {
        ok imported rejected rowErrors { row field code } errors { field code } } }"""
    body = gql(staff_client, mutation, {"csv": CSV})["data"]["importTimesheets"]
    assert (body["ok"], body["imported"], body["rejected"]) == (False, 0, 4)
    assert body["errors"][0] == {"field": "csv[5].end", "code": "END_BEFORE_START"}
    assert Timesheet.objects.count() == 0


def test_a_missing_column_is_reported_on_line_1(db):
    result = timesheets_import_csv(text="job_order,date\nJO-1,2025-07-07\n")
    assert [(e.row, e.column, e.code) for e in result.errors] == [(1, "week_starting", "MISSING_COLUMN")]


def test_the_management_command_imports_a_file(db, tmp_path):
    from django.core.management import call_command

    make_job_order(code="JO-1")
    path = tmp_path / "week.csv"
    path.write_text("job_order,week_starting,date,hours\nJO-1,2025-07-07,2025-07-07,8\n")
    call_command("import_timesheets", str(path))
    assert Timesheet.objects.count() == 1
