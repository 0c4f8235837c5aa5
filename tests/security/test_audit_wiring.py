"""The services that change agreements, rates, job orders, timesheets and invoices leave an audit
event (who, what, before, after) in their own transaction: nothing when they refuse."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from kserp.api.core.errors import ValidationFailed
from kserp.configuration.services import configuration_import
from kserp.finance.invoicing import invoice_credit, receipt_record
from kserp.identity.models import AuditEvent
from kserp.orders.job_orders import job_order_transition
from kserp.orders.models import JobOrderStatus
from kserp.orders.services import job_order_assign_bill_agreement
from kserp.orders.timesheets import timesheet_approve, timesheet_reject, timesheet_reopen, timesheet_submit
from kserp.rates.services import (
    BillLineInput,
    bill_agreement_create,
    bill_agreement_end,
    bill_rule_add,
    bill_rule_change_rate,
)
from tests.rates.documents import base_document, dump
from tests.support.access import two_clients
from tests.support.orders import WEEK, make_job_order, week_entries

LINES = [BillLineInput("ALL", "", "MARKUP_PERCENT", Decimal("30"), "ROUND_HALF_UP", 2, None)]


def _events() -> list[tuple[str, str, str]]:
    return list(AuditEvent.objects.order_by("id").values_list("action", "object_type", "actor_username"))


def test_a_timesheets_life_is_audited_with_its_status_before_and_after(db, staff_user):
    job_order = make_job_order()
    timesheet = timesheet_submit(job_order=job_order, week_starting=WEEK, entries=week_entries(), actor=staff_user)
    with pytest.raises(ValidationFailed):  # not SUBMITTED any more after this: refused, nothing recorded
        timesheet_reopen(timesheet=timesheet, actor=staff_user)
    timesheet_approve(timesheet=timesheet, user=staff_user)
    timesheet_reopen(timesheet=timesheet, actor=staff_user)
    timesheet = timesheet_submit(job_order=job_order, week_starting=WEEK, entries=week_entries(), actor=staff_user)
    timesheet_reject(timesheet=timesheet, reason="Tuesday is wrong", actor=staff_user)

    actions = ["timesheet.submit", "timesheet.approve", "timesheet.reopen", "timesheet.submit", "timesheet.reject"]
    assert _events() == [(action, "orders.timesheet", "sam") for action in actions]
    submit, approve, reopen, resubmit, reject = AuditEvent.objects.order_by("id")
    assert (submit.before, submit.after["status"], submit.after["entries"]) == (None, "SUBMITTED", 6)
    assert (approve.before["status"], approve.after["status"]) == ("SUBMITTED", "APPROVED")
    assert (approve.after["bill_lines"], approve.after["bill_total"]) == (4, "1645.73")
    assert (reopen.before["status"], reopen.after["status"]) == ("APPROVED", "DRAFT")
    assert resubmit.before["status"] == "DRAFT"
    assert (reject.after["status"], reject.after["rejection_reason"]) == ("REJECTED", "Tuesday is wrong")


def test_job_order_changes_are_audited(db, staff_user):
    job_order = make_job_order(status=JobOrderStatus.DRAFT)
    job_order_transition(job_order=job_order, to="FILLED", actor=staff_user)
    with pytest.raises(ValidationFailed):
        job_order_transition(job_order=job_order, to="DRAFT-ISH", actor=staff_user)
    job_order_assign_bill_agreement(job_order=job_order, bill_agreement=job_order.bill_agreement, actor=staff_user)
    assert _events() == [
        ("job_order.transition", "orders.joborder", "sam"),
        ("job_order.assign_bill_agreement", "orders.joborder", "sam"),
    ]
    transition = AuditEvent.objects.get(action="job_order.transition")
    assert (transition.before["status"], transition.after["status"]) == ("DRAFT", "FILLED")


def test_bill_agreement_maintenance_is_audited_with_rules_and_lines(db, staff_user):
    agreement = bill_agreement_create(
        name="Acme special", node_level="country", node_value="AU", valid_from=dt.date(2025, 1, 1), actor=staff_user
    )
    rule = bill_rule_add(agreement=agreement, node_level="country", node_value="AU", lines=LINES, actor=staff_user)
    bill_rule_change_rate(rule=rule, valid_from=dt.date(2025, 7, 1), lines=LINES, actor=staff_user)
    bill_agreement_end(agreement=agreement, valid_to=dt.date(2026, 6, 30), actor=staff_user)

    assert [action for action, _, _ in _events()] == [
        "bill_agreement.create",
        "bill_rule.add",
        "bill_rule.change_rate",
        "bill_agreement.end",
    ]
    change = AuditEvent.objects.get(action="bill_rule.change_rate")
    assert (change.before["valid_to"], change.after["ended"]["valid_to"]) == (None, "2025-06-30")
    assert change.after["successor"]["lines"][0]["value"] == "30.0000"
    end = AuditEvent.objects.get(action="bill_agreement.end")
    assert (end.before["valid_to"], end.after["valid_to"], len(end.after["rules"])) == (None, "2026-06-30", 2)


def test_a_configuration_import_is_one_summarised_event_and_a_dry_run_none(db, staff_user):
    text = dump(base_document())
    assert configuration_import(document=text, dry_run=True, actor=staff_user).ok
    assert not configuration_import(document="version: 1\nentities: [\n", actor=staff_user).ok
    assert AuditEvent.objects.count() == 0

    result = configuration_import(document=text, actor=staff_user)
    event = AuditEvent.objects.get()
    assert (event.action, event.object_type, event.actor_username) == (
        "configuration.import",
        "rates.configuration",
        "sam",
    )
    assert event.after["sections"]["pay_codes"] == {"created": 3, "changed": 0, "unchanged": 0}
    assert len(event.after["sha256"]) == 64 and result.summary.startswith(event.object_repr)


def test_credits_and_payments_are_audited_on_the_invoice(db, staff_user):
    world = two_clients()
    invoice = world.a.invoice
    line = invoice.lines.order_by("position").first()
    AuditEvent.objects.all().delete()
    invoice_credit(invoice=invoice, reason="Wrong PO", line_ids=[line.pk], actor=staff_user)
    receipt_record(invoice=invoice, amount=Decimal("10.00"), reference="EFT", actor=staff_user)
    with pytest.raises(ValidationFailed):
        receipt_record(invoice=invoice, amount=Decimal("1000000.00"), actor=staff_user)

    assert _events() == [("invoice.credit", "finance.invoice", "sam"), ("receipt.record", "finance.receipt", "sam")]
    credit, payment = AuditEvent.objects.order_by("id")
    assert credit.before["status"] == "ISSUED" and credit.after["status"] == "PART_CREDITED"
    assert credit.after["credit_note"]["lines"] == [line.pk]
    assert payment.before is None
    assert payment.after["reference"] == "EFT"
    assert payment.after["allocations"] == [
        {"invoice": invoice.number, "amount": "10.00", "on": payment.after["received_on"]}
    ]


def test_a_billing_run_records_one_issue_event_per_chunk_with_what_it_issued(db, staff_user):
    from kserp.billing.runs import billing_run_execute, billing_run_start
    from tests.support.billing import approve_weeks

    job_order = make_job_order()
    approve_weeks(job_order, weeks=2)
    run = billing_run_start(
        entity=job_order.entity, period_end=WEEK + dt.timedelta(days=20), issue_date=WEEK, user=staff_user
    )
    run = billing_run_execute(run_id=run.pk)
    events = list(AuditEvent.objects.filter(action="invoice.issue").values("actor_username", "object_id", "after"))
    assert events == [
        {
            "actor_username": staff_user.username,
            "object_id": str(run.pk),
            "after": {"invoices": run.invoice_count, "lines": run.line_count, "total": f"{run.total:.2f}"},
        }
    ]
