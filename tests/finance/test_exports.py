"""Exports: Xero and MYOB CSVs of invoices, credit notes, receipts and journals; list pages as
CSV and XLSX; refused to portal users."""

import csv
import datetime as dt
import io
from decimal import Decimal

from openpyxl import load_workbook

from kserp.finance.cash import AllocationIn, receipt_create
from kserp.finance.invoicing import invoice_credit
from kserp.identity.models import User
from tests.finance.test_books_api import _login
from tests.support.finance import three_invoices

D = Decimal
PERIOD = "entity=KSAU&from=2025-07-01&to=2025-08-31"


def _csv(response) -> list[list[str]]:
    assert response.status_code == 200, response.content
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def _books():
    first, second, third = three_invoices()
    invoice_credit(invoice=third, reason="Wrong PO", issue_date=dt.date(2025, 8, 1))
    receipt_create(
        client=first.client,
        amount=D("2000.00"),
        received_on=dt.date(2025, 8, 20),
        reference="REMIT 7",
        allocations=[AllocationIn(first, D("1810.30"))],
    )
    return first, second, third


def test_xero_and_myob_exports_carry_the_documents_exactly(db):
    first, _, third = _books()
    finance = _login("finance")

    invoices = _csv(finance.get(f"/exports/xero/invoices.csv?{PERIOD}"))
    assert invoices[0][:5] == ["*ContactName", "*InvoiceNumber", "Reference", "*InvoiceDate", "*DueDate"]
    assert [row[1] for row in invoices[1:]] == ["AU-000001"] * 4 + ["AU-000002"] * 4 + ["AU-000003"] * 4
    first_line = first.lines.order_by("position").first()
    assert invoices[1] == [
        "Acme Pty Ltd", "AU-000001", "ACME", "14/07/2025", "13/08/2025", first_line.description, "38",
        "39.2", "4000", "GST on Income", "AUD",
    ]  # fmt: skip

    credits = _csv(finance.get(f"/exports/xero/credit-notes.csv?{PERIOD}"))
    assert {row[1] for row in credits[1:]} == {"CN-AU-000001"} and credits[1][6] == "-38"

    receipts = _csv(finance.get(f"/exports/xero/receipts.csv?{PERIOD}"))
    assert receipts == [
        ["Date", "Amount", "Payee", "Description", "Reference"],
        ["20/08/2025", "2000.00", "Acme Pty Ltd", "Receipt from ACME REMIT 7 for AU-000001", "AU-000001"],
    ]

    myob = _csv(finance.get(f"/exports/myob/invoices.csv?{PERIOD}"))
    by_invoice = {}
    for row in myob[1:]:
        by_invoice.setdefault(row[1], []).append(row)
    for number, rows in by_invoice.items():
        assert sum(D(r[9]) for r in rows) == D("164.57"), number  # GST shared, adds up exactly
        assert sum(D(r[7]) for r in rows) == D("1810.30"), number

    journals = _csv(finance.get(f"/exports/myob/journals.csv?{PERIOD}"))
    debits = sum(D(r[4] or "0") for r in journals[1:])
    credits_total = sum(D(r[5] or "0") for r in journals[1:])
    # three invoices (AR), the credit note (revenue and GST), the receipt (bank)
    assert debits == credits_total == D("1810.30") * 3 + D("1810.30") + D("2000.00")
    assert third.number in {r[2].split()[-1] for r in journals[1:]}


def test_list_pages_export_as_csv_and_xlsx_and_are_refused_to_portal_users(db):
    _books()
    finance = _login("finance")

    rows = _csv(finance.get(f"/exports/lists/invoices.csv?{PERIOD}&status=PAID"))
    assert [r[0] for r in rows] == ["Number", "AU-000001"]

    response = finance.get(f"/exports/lists/trial-balance.xlsx?{PERIOD}")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0] == ["Account", "Name", "Debit", "Credit"]
    assert values[-1][1:] == ["Total", 3810.3, 3810.3]  # AR 1810.30 (one invoice open) + bank 2000

    from django.test import Client as HttpClient

    from tests.support.orders import make_client

    portal = HttpClient()
    portal.force_login(User.objects.create_user(username="p", password="pw-123-p", client=make_client()))
    assert portal.get(f"/exports/lists/invoices.csv?{PERIOD}").status_code == 403
    assert portal.get(f"/exports/xero/journals.csv?{PERIOD}").status_code == 403
