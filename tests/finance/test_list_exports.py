"""CSV and XLSX exports of the clients, job orders and timesheets lists: the list's filters, ISO
dates, amounts and hours as numbers (XLSX with at least 2 places shown), refused without the
list's permission and to portal users."""

import csv
import datetime as dt
import io
from decimal import Decimal

from django.test import Client as HttpClient
from openpyxl import load_workbook

from kserp.crm.models import Client
from kserp.identity.models import User
from tests.finance.test_books_api import _login
from tests.support.billing import approve_weeks
from tests.support.orders import WEEK, make_client, make_job_order


def _csv(response) -> list[list[str]]:
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def _sheet(response) -> list[list[object]]:
    assert response.status_code == 200, response.content
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def _data(db_rows):
    acme = make_client("ACME")
    Client.objects.filter(pk=acme.pk).update(credit_limit=Decimal("25000.5"), abn="")
    make_client("BOLT")
    job = make_job_order("JO-1001", client=acme)
    make_job_order("JO-2001", client=make_client("BOLT"), payee_code="P002")
    approve_weeks(job, weeks=2)
    return job


def test_clients_export_with_the_list_filters_as_csv_and_xlsx(db):
    _data(db)
    staff = _login("account_manager")
    rows = _csv(staff.get("/exports/lists/clients.csv?search=acm"))
    assert rows[0][:4] == ["Code", "Name", "Entity", "Status"]
    assert [r[0] for r in rows[1:]] == ["ACME"]
    assert rows[1][8] == "25000.50"  # Decimal: 2 places in the CSV
    assert dt.date.fromisoformat(rows[1][9])  # ISO date

    assert [r[0] for r in _csv(staff.get("/exports/lists/clients.csv?entity=KSAU"))[1:]] == ["ACME", "BOLT"]
    assert _csv(staff.get("/exports/lists/clients.csv?entity=NOPE"))[1:] == []

    sheet = load_workbook(io.BytesIO(staff.get("/exports/lists/clients.xlsx?search=ACME").content)).active
    limit = sheet.cell(row=2, column=9)
    assert limit.value == 25000.5 and limit.number_format == "#,##0.00"
    updated = sheet.cell(row=2, column=10)
    assert isinstance(updated.value, dt.datetime) and updated.number_format == "yyyy-mm-dd"


def test_job_orders_export_filters_like_the_list(db):
    _data(db)
    staff = _login("finance")
    rows = _csv(staff.get("/exports/lists/job-orders.csv?client=BOLT"))
    assert rows[0] == ["Code", "Title", "Client", "Worker", "Entity", "Status", "Division", "Start", "End", "PO number"]
    assert rows[1][:6] == ["JO-2001", "Warehouse operator", "BOLT", "P002", "KSAU", "ACTIVE"]
    assert rows[1][7] == "2025-07-01" and rows[1][8] == ""
    assert [r[0] for r in _csv(staff.get("/exports/lists/job-orders.csv?search=payee p002"))[1:]] == ["JO-2001"]
    assert [r[0] for r in _csv(staff.get("/exports/lists/job-orders.csv?search=bolt"))[1:]] == ["JO-2001"]
    assert [r[0] for r in _csv(staff.get("/exports/lists/job-orders.csv?status=COMPLETED"))[1:]] == []
    assert [r[0] for r in _sheet(staff.get("/exports/lists/job-orders.xlsx"))[1:]] == ["JO-1001", "JO-2001"]


def test_timesheets_export_hours_as_numbers_and_the_status_view(db):
    _data(db)
    staff = _login("payroll")
    rows = _csv(staff.get("/exports/lists/timesheets.csv?status=APPROVED&client=ACME"))
    assert rows[0] == ["Week starting", "Job order", "Client", "Worker", "Status", "Hours", "Submitted", "Approved"]
    second = (WEEK + dt.timedelta(days=7)).isoformat()
    assert [(r[0], r[1], r[4], Decimal(r[5])) for r in rows[1:]] == [
        (second, "JO-1001", "APPROVED", Decimal("40.4")),
        (WEEK.isoformat(), "JO-1001", "APPROVED", Decimal("40.4")),
    ]
    assert _csv(staff.get("/exports/lists/timesheets.csv?status=SUBMITTED"))[1:] == []
    assert len(_csv(staff.get("/exports/lists/timesheets.csv?status=ALL"))) == 3
    assert len(_csv(staff.get(f"/exports/lists/timesheets.csv?weekStarting={WEEK.isoformat()}"))) == 2

    values = _sheet(staff.get("/exports/lists/timesheets.xlsx?jobOrder=JO-1001"))
    assert values[1][5] == 40.4 and isinstance(values[1][0], dt.datetime)

    bad = staff.get("/exports/lists/timesheets.csv?weekStarting=07/07/2025")
    assert bad.status_code == 400 and "YYYY-MM-DD" in bad.json()["error"]
    assert staff.get("/exports/lists/timesheets.pdf").status_code == 404


def test_list_exports_are_refused_without_the_permission_and_to_portal_users(db):
    _data(db)
    assert HttpClient().get("/exports/lists/clients.csv").status_code == 401
    portal = HttpClient()
    portal.force_login(User.objects.create_user(username="p", password="pw-123-p", client=make_client()))
    for name in ("clients", "job-orders", "timesheets"):
        response = portal.get(f"/exports/lists/{name}.csv")
        assert response.status_code == 403, name
        assert b"ACME" not in response.content
    no_role = HttpClient()
    no_role.force_login(User.objects.create_user(username="s", password="pw-123-s", is_staff=True))
    assert no_role.get("/exports/lists/timesheets.xlsx").status_code == 403
