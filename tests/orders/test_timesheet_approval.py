"""Submitting and approving a timesheet stores priced pay and bill lines with provenance."""

from decimal import Decimal

from kserp.orders.models import BillLine, PayLine, TimesheetStatus
from kserp.orders.timesheets import timesheet_approve, timesheet_submit
from tests.support.orders import WEEK, make_job_order, week_entries

D = Decimal


def test_approval_prices_the_week_into_exact_pay_and_bill_lines(db):
    job_order = make_job_order()
    timesheet = timesheet_submit(job_order=job_order, week_starting=WEEK, entries=week_entries())
    assert timesheet.status == TimesheetStatus.SUBMITTED

    timesheet_approve(timesheet=timesheet)

    timesheet.refresh_from_db()
    assert timesheet.status == TimesheetStatus.APPROVED
    pay = list(PayLine.objects.filter(timesheet=timesheet).values_list("pay_code", "quantity", "pay_rate", "wage"))
    assert pay == [
        ("ORD", D("38.0000"), D("28.0000"), D("1064.00")),
        ("OT150", D("2.0000"), D("42.0000"), D("84.00")),
        ("OT200", D("0.4000"), D("56.0000"), D("22.40")),
        ("MEAL", D("1.0000"), D("18.5000"), D("18.50")),
    ]
    bill = list(
        BillLine.objects.filter(timesheet=timesheet).values_list("pay_code", "quantity", "bill_rate", "bill_amount")
    )
    assert bill == [
        ("ORD", D("38.0000"), D("39.2000"), D("1489.60")),
        ("OT150", D("2.0000"), D("52.5000"), D("105.00")),
        ("OT200", D("0.4000"), D("70.0000"), D("28.00")),
        ("MEAL", D("1.0000"), D("23.1300"), D("23.13")),
    ]
    ordinary = BillLine.objects.get(timesheet=timesheet, pay_code="ORD")
    provenance = ordinary.provenance["provenance"]
    assert provenance["bill_agreement_name"] == "Standard AU"
    assert provenance["method"] == "MARKUP_PERCENT"
    assert D(provenance["cost"]) == D("31.36")
    assert [o["code"] for o in provenance["oncosts"]] == ["SUPER"]
    assert provenance["pay_rate_rule_id"] is not None
