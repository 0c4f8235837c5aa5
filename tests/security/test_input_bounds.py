"""Numbers, dates, IDs and cursors that cannot hurt: each refused with an error naming the argument
or the field, nothing stored, never a 500 (docs/security.md, "Numbers and dates")."""

from __future__ import annotations

import base64
import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from kserp.base.bounds import business_date_window
from kserp.billing.models import BillingRun
from kserp.finance.models import CreditNote, Receipt
from kserp.orders.models import Timesheet
from tests.support.billing import bill_one_invoice
from tests.support.graphql import gql
from tests.support.orders import WEEK, make_job_order

START_RUN = """
mutation($input: StartBillingRunInput!) {
  startBillingRun(input: $input) { billingRun { id } errors { field code } }
}"""
SUBMIT = """
mutation($input: SubmitTimesheetInput!) {
  submitTimesheet(input: $input) { timesheet { id } errors { field code message } }
}"""
PAY = """
mutation($input: RecordPaymentInput!) {
  recordPayment(input: $input) { receipt { id } errors { field code } }
}"""
CREDIT = """
mutation($input: CreditInvoiceInput!) {
  creditInvoice(input: $input) { creditNote { id } errors { field code } }
}"""
INVOICES_AFTER = "query($after: String) { invoices(first: 2, after: $after) { edges { node { id } } } }"
NODE = "query($id: ID!) { node(id: $id) { id } }"


def _b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_a_billing_run_for_an_absurd_date_is_refused_at_the_field(staff_client, day):
    make_job_order()
    for field, value in (("periodEnd", day), ("issueDate", day)):
        variables = {"entity": "KSAU", "periodEnd": "2025-07-31", field: value}
        body = gql(staff_client, START_RUN, {"input": variables})
        assert body["data"]["startBillingRun"] == {
            "billingRun": None,
            "errors": [{"field": field, "code": "DATE_OUT_OF_RANGE"}],
        }
    assert BillingRun.objects.count() == 0


def test_the_window_is_ten_years_either_side_of_today():
    today = timezone.localdate()
    first, last = business_date_window(today)
    assert (first, last) == (today.replace(year=today.year - 10), today.replace(year=today.year + 10))
    assert business_date_window(dt.date(2028, 2, 29)) == (dt.date(2018, 2, 28), dt.date(2038, 2, 28))


def test_a_receipt_and_a_credit_note_for_absurd_dates_are_refused(staff_client):
    invoice = bill_one_invoice()
    paid = gql(staff_client, PAY, {"input": {"invoice": invoice.number, "amount": "10.00", "receivedOn": "0001-01-01"}})
    assert paid["data"]["recordPayment"] == {
        "receipt": None,
        "errors": [{"field": "receivedOn", "code": "DATE_OUT_OF_RANGE"}],
    }
    credit = {"invoice": invoice.number, "reason": "wrong PO", "issueDate": "9999-12-31"}
    credited = gql(staff_client, CREDIT, {"input": credit})
    assert credited["data"]["creditInvoice"] == {
        "creditNote": None,
        "errors": [{"field": "issueDate", "code": "DATE_OUT_OF_RANGE"}],
    }
    assert (Receipt.objects.count(), CreditNote.objects.count()) == (0, 0)


def test_a_timesheet_for_a_week_far_in_the_future_is_refused(staff_client):
    make_job_order()
    entries = [{"date": "9999-12-27", "hours": "8"}]
    body = gql(
        staff_client, SUBMIT, {"input": {"jobOrder": "JO-1001", "weekStarting": "9999-12-27", "entries": entries}}
    )
    first = body["data"]["submitTimesheet"]["errors"][0]
    assert (first["field"], first["code"]) == ("weekStarting", "DATE_OUT_OF_RANGE")
    assert Timesheet.objects.count() == 0


@pytest.mark.parametrize(
    ("entry", "field"),
    [
        ({"hours": "1e-30"}, "entries[0].hours"),
        ({"hours": "7.12345"}, "entries[0].hours"),
        ({"payCode": "MEAL", "quantity": "1.00001"}, "entries[0].quantity"),
        ({"payCode": "MEAL", "quantity": "0.0000000000000000000000000001"}, "entries[0].quantity"),
    ],
)
def test_quantities_finer_than_4_places_are_refused_never_rounded(staff_client, entry, field):
    make_job_order()
    variables = {"input": {"jobOrder": "JO-1001", "weekStarting": str(WEEK), "entries": [{"date": str(WEEK), **entry}]}}
    body = gql(staff_client, SUBMIT, variables)
    assert [(e["field"], e["code"]) for e in body["data"]["submitTimesheet"]["errors"]] == [(field, "TOO_PRECISE")]
    assert Timesheet.objects.count() == 0


def test_four_places_and_trailing_zeros_are_accepted_as_given(staff_client):
    make_job_order()
    entries = [{"date": str(WEEK), "hours": "7.1234"}, {"date": str(WEEK), "payCode": "MEAL", "quantity": "2.500000"}]
    body = gql(staff_client, SUBMIT, {"input": {"jobOrder": "JO-1001", "weekStarting": str(WEEK), "entries": entries}})
    assert body["data"]["submitTimesheet"]["errors"] == []
    entry_values = Timesheet.objects.get().entries.order_by("pk").values_list("hours", "quantity")
    assert list(entry_values) == [(Decimal("7.1234"), None), (None, Decimal("2.5000"))]


def test_an_absurd_quantity_is_refused_at_the_field(staff_client):
    make_job_order()
    entries = [{"date": str(WEEK), "payCode": "MEAL", "quantity": "1e20"}]
    body = gql(staff_client, SUBMIT, {"input": {"jobOrder": "JO-1001", "weekStarting": str(WEEK), "entries": entries}})
    assert [(e["field"], e["code"]) for e in body["data"]["submitTimesheet"]["errors"]] == [
        ("entries[0].quantity", "INVALID_QUANTITY")
    ]


def test_money_finer_than_cents_is_refused(staff_client):
    invoice = bill_one_invoice()
    for amount in ("10.001", "1e-30"):
        paid = gql(staff_client, PAY, {"input": {"invoice": invoice.number, "amount": amount}})
        assert paid["data"]["recordPayment"] == {
            "receipt": None,
            "errors": [{"field": "amount", "code": "TOO_PRECISE"}],
        }
    assert Receipt.objects.count() == 0


@pytest.mark.parametrize("value", ["NaN", "Infinity", "-Infinity", "sNaN", "1e999999999", "abc", "1,5", "9" * 50])
def test_non_finite_or_absurd_decimals_are_refused_naming_the_argument(staff_client, value):
    make_job_order()
    variables = {
        "input": {"jobOrder": "JO-1001", "weekStarting": str(WEEK), "entries": [{"date": str(WEEK), "hours": value}]}
    }
    body = gql(staff_client, SUBMIT, variables)
    assert body.get("data") is None
    (error,) = body["errors"]
    assert error["message"].startswith("Variable '$input' has invalid value at .entries[0].hours: ")
    assert Timesheet.objects.count() == 0


@pytest.mark.parametrize("key", ["²", "١٢", "１", "99999999999999999999999", "1x"])
def test_ids_in_non_ascii_digits_are_refused_naming_the_argument(staff_client, key):
    body = gql(staff_client, NODE, {"id": _b64(f"Invoice:{key}")})
    assert body == {
        "data": None,
        "errors": [
            {
                "message": "Argument 'id' is not a valid Invoice ID.",
                "locations": [{"line": 1, "column": 24}],
                "extensions": {"code": "BAD_ID"},
            }
        ],
    }


def test_ids_in_non_ascii_digits_inside_inputs_are_not_found(staff_client):
    make_job_order()
    job_order = _b64("JobOrder:١")
    body = gql(staff_client, SUBMIT, {"input": {"jobOrder": job_order, "weekStarting": str(WEEK), "entries": []}})
    assert [(e["field"], e["code"]) for e in body["data"]["submitTimesheet"]["errors"]] == [("jobOrder", "NOT_FOUND")]


@pytest.mark.parametrize(
    "cursor",
    ["!!!", _b64("arrayconnection:x"), _b64("arrayconnection:-5"), _b64("arrayconnection:²"), _b64("other:1"),
     _b64("arrayconnection:99999999999999999999999")],
)  # fmt: skip
def test_malformed_cursors_are_refused_naming_the_argument(staff_client, cursor):
    body = gql(staff_client, INVOICES_AFTER, {"after": cursor})
    assert body["data"] is None
    assert [(e["message"], e["extensions"]["code"]) for e in body["errors"]] == [
        ("Argument 'after' is not a cursor this API gave out.", "BAD_CURSOR")
    ]


def test_a_cursor_the_api_gave_out_pages_on(staff_client):
    query = "query($after: String) { payCodes(first: 2, after: $after) { edges { node { code } } } }"
    assert gql(staff_client, query, {"after": _b64("arrayconnection:1")}) == {"data": {"payCodes": {"edges": []}}}


def test_an_impossible_date_is_refused_naming_the_argument(staff_client):
    make_job_order()
    body = gql(staff_client, START_RUN, {"input": {"entity": "KSAU", "periodEnd": "2025-02-30"}})
    assert body["data"] is None
    assert body["errors"][0]["message"].startswith("Variable '$input' has invalid value at .periodEnd: ")


def test_nul_characters_are_refused_naming_the_argument_and_path(staff_client):
    invoice = bill_one_invoice()
    literal = 'mutation { creditInvoice(input: {invoice: "AU-\\u0000", reason: "x"}) { errors { code } } }'
    body = gql(staff_client, literal)
    assert [(e["message"], e["extensions"]["code"]) for e in body["errors"]] == [
        ("Argument 'input' holds a NUL character (at '.invoice').", "BAD_TEXT")
    ]
    variables = {"input": {"invoice": invoice.number, "amount": "1.00", "reference": "pay\x00ment"}}
    body = gql(staff_client, PAY, variables)
    assert body["data"] is None
    assert [e["message"] for e in body["errors"]] == ["Argument 'input' holds a NUL character (at '.reference')."]
    assert Receipt.objects.count() == 0


def test_keyset_cursors_are_left_to_their_own_decoder():
    from kserp.api.core.arguments import cursor_is_valid

    assert cursor_is_valid(_b64('keyset:["2025-01-01T00:00:00", 3]'))
    assert not cursor_is_valid(_b64("keysets:1"))
    assert cursor_is_valid(_b64("arrayconnection:0"))
