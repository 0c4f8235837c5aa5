"""Pay runs end to end: timesheets priced by the engine -> payslips and RCTIs to the cent, journals,
payables, the ABA file, exactly once."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from kserp.errors import ValidationFailed
from kserp.finance.models import Journal
from kserp.finance.selectors import trial_balance
from kserp.payroll.models import PayRun, PayRunLine, PayRunPayment, PayRunStatus
from kserp.payroll.runs import pay_run_execute, pay_run_mark_paid, pay_run_start
from kserp.payroll.selectors import pay_run_aba, payables
from tests.payroll.aba_parser import parse
from tests.support.payroll import assert_journals_balance, assert_paid_exactly_once, make_payee, place, work_the_week

D = Decimal
PERIOD_END = dt.date(2025, 10, 12)
PAY_DATE = dt.date(2025, 10, 15)  # weekly, 3 days after the period end (the default schedule)


def _run(entity, period_end=PERIOD_END) -> PayRun:
    run = pay_run_start(entity=entity, period_end=period_end)
    return pay_run_execute(run_id=run.pk)


def _worker(code, kind="EMPLOYEE", **facts):
    payee = make_payee(code, kind, **facts)
    job_order = place(payee, f"JO-{code}")
    work_the_week(job_order)
    return job_order


SCALE_1 = {"tfn_provided": True, "tax_free_threshold": False, "foreign_resident": False}
SCALE_2 = {"tfn_provided": True, "tax_free_threshold": True, "foreign_resident": False}
NO_TFN = {"tfn_provided": False, "tax_free_threshold": False, "foreign_resident": False}
FUND = {"super_fund_name": "Example Super", "super_fund_usi": "EXS0001AU", "super_member_number": "100200"}


def test_a_week_of_ordinary_overtime_weekend_and_holiday_hours_paid_to_the_cent(db):
    job_order = _worker("E1", **SCALE_2, **FUND)
    _worker("E2", **SCALE_1, **FUND)
    _worker("E4", **NO_TFN, **FUND)
    run = _run(job_order.entity)

    assert (run.status, run.progress, run.payment_count, run.line_count, run.pay_date) == (
        PayRunStatus.COMPLETED,
        1.0,
        3,
        18,
        PAY_DATE,
    )
    slips = {p.payee.code: p for p in PayRunPayment.objects.select_related("payee")}
    e1 = slips["E1"]
    lines = list(e1.lines.order_by("id").values_list("pay_code", "quantity", "rate", "amount"))
    assert sorted(lines) == sorted(
        [
            ("PH", D("7.6000"), D("70.0000"), D("532.00")),
            ("ORD", D("30.4000"), D("28.0000"), D("851.20")),
            ("OT150", D("2.0000"), D("42.0000"), D("84.00")),
            ("OT200", D("0.4000"), D("56.0000"), D("22.40")),
            ("SAT", D("6.0000"), D("42.0000"), D("252.00")),
            ("MEAL", D("1.0000"), D("18.5000"), D("18.50")),
        ]
    )
    # super: 12% of OTE 1635.20 (ORD + SAT + PH) = 196.224
    # scale 2: x = 1741.99 (gross less the meal allowance): 0.32x − 176.5769 = 380.86
    # scale 1: 0.32x − 65.7202 = 491.72; no TFN: 47% of 1741 = 818.27, cents ignored
    figures = {
        code: (p.kind, p.scale, p.gross, p.withholding, p.superannuation, p.gst, p.net) for code, p in slips.items()
    }
    assert figures == {
        "E1": ("PAYSLIP", "2", D("1760.10"), D("381.00"), D("196.22"), D("0.00"), D("1379.10")),
        "E2": ("PAYSLIP", "1", D("1760.10"), D("492.00"), D("196.22"), D("0.00"), D("1268.10")),
        "E4": ("PAYSLIP", "4", D("1760.10"), D("818.00"), D("196.22"), D("0.00"), D("942.10")),
    }
    assert (e1.ytd_gross, e1.ytd_withholding, e1.ytd_superannuation, e1.ytd_net) == (
        D("1760.10"),
        D("381.00"),
        D("196.22"),
        D("1379.10"),
    )
    assert sorted(p.number for p in slips.values()) == ["PS-AU-000001", "PS-AU-000002", "PS-AU-000003"]
    assert run.total == D("3589.30")
    assert_paid_exactly_once()
    assert_journals_balance(job_order.entity, PAY_DATE)


def test_rctis_with_and_without_gst_and_without_an_abn(db):
    job_order = _worker("C1", "CONTRACTOR", abn="51824753556", gst_registered=True)
    _worker("C2", "CONTRACTOR", abn="51824753556")
    _worker("C3", "CONTRACTOR")
    _run(job_order.entity)
    rctis = {p.payee.code: p for p in PayRunPayment.objects.select_related("payee")}
    figures = {code: (p.kind, p.gross, p.gst, p.withholding, p.net, p.scale) for code, p in rctis.items()}
    assert figures == {
        # GST 10% of 1760.10 = 176.01
        "C1": ("RCTI", D("1760.10"), D("176.01"), D("0.00"), D("1936.11"), ""),
        "C2": ("RCTI", D("1760.10"), D("0.00"), D("0.00"), D("1760.10"), ""),
        # no ABN: 47% of 1760 = 827.20, cents ignored
        "C3": ("RCTI", D("1760.10"), D("0.00"), D("827.00"), D("933.10"), "NO_ABN"),
    }
    assert sorted(p.number for p in rctis.values()) == ["RCTI-AU-000001", "RCTI-AU-000002", "RCTI-AU-000003"]
    assert rctis["C1"].payee_abn == "51824753556"
    assert_paid_exactly_once()
    assert_journals_balance(job_order.entity, PAY_DATE)


def test_running_again_pays_nothing_twice_and_later_weeks_wait(db):
    job_order = _worker("E1", **SCALE_2)
    work_the_week(job_order, dt.date(2025, 10, 13))  # ends 19 October: after the period
    run = _run(job_order.entity)
    assert pay_run_execute(run_id=run.pk).line_count == 6
    second = _run(job_order.entity)
    assert (second.status, second.payment_count, second.line_count) == (PayRunStatus.COMPLETED, 0, 0)
    third = _run(job_order.entity, dt.date(2025, 10, 19))
    # no holiday that week: 38 h ORD, Saturday is overtime: ORD, OT150, OT200, MEAL
    assert (third.payment_count, third.line_count) == (1, 4)
    payment = third.payments.get()
    assert (payment.gross, payment.withholding) == (D("1496.90"), D("297.00"))
    # the year to date adds the first week's payslip: 1760.10 + 1496.90, 381 + 297
    assert (payment.ytd_gross, payment.ytd_withholding) == (D("3257.00"), D("678.00"))
    assert PayRunLine.objects.count() == 10
    assert_paid_exactly_once()


def test_a_failed_chunk_leaves_nothing_and_the_rerun_finishes(db, monkeypatch):
    job_order = _worker("E1", **SCALE_2)
    from kserp.payroll import posting

    real = posting._insert_payment_lines
    monkeypatch.setattr(posting, "_insert_payment_lines", lambda rows: (_ for _ in ()).throw(RuntimeError("boom")))
    run = pay_run_start(entity=job_order.entity, period_end=PERIOD_END)
    with pytest.raises(RuntimeError):
        pay_run_execute(run_id=run.pk)
    run.refresh_from_db()
    assert (run.status, PayRunPayment.objects.count(), Journal.objects.count()) == (PayRunStatus.FAILED, 0, 0)
    monkeypatch.setattr(posting, "_insert_payment_lines", real)
    run = pay_run_execute(run_id=run.pk)
    assert (run.status, run.payment_count) == (PayRunStatus.COMPLETED, 1)
    assert PayRunPayment.objects.get().number == "PS-AU-000001"  # the failed chunk's number came back


def test_payables_and_marking_paid(db):
    job_order = _worker("E1", **SCALE_2, **FUND)
    _worker("C1", "CONTRACTOR", abn="51824753556", gst_registered=True)
    run = _run(job_order.entity)
    owed = [(p.kind, p.payee_code, p.counterparty, p.due_date, p.amount) for p in payables(entity=job_order.entity)]
    assert owed == [
        ("NET_PAY", "E1", "Worker E1", PAY_DATE, D("1379.10")),
        ("RCTI", "C1", "Worker C1", PAY_DATE, D("1936.11")),
        ("SUPER", None, "Example Super", dt.date(2025, 10, 22), D("196.22")),
        ("PAYG", None, "Australian Taxation Office", dt.date(2025, 11, 21), D("381.00")),
    ]
    pay_run_mark_paid(run=run)
    assert [p.kind for p in payables(entity=job_order.entity)] == ["SUPER", "PAYG"]
    with pytest.raises(ValidationFailed) as exc:
        pay_run_mark_paid(run=run)
    assert exc.value.errors[0].code == "INVALID_STATE"
    rows = {r.account.code: (r.debit, r.credit) for r in trial_balance(entity=job_order.entity, as_of=PAY_DATE).rows}
    assert rows == {
        "1000": (D("0.00"), D("3315.21")),  # bank: 1379.10 + 1936.11
        "1200": (D("176.01"), D("0.00")),  # GST input tax credits
        "2200": (D("0.00"), D("381.00")),  # PAYG
        "2210": (D("0.00"), D("196.22")),  # super payable
        "6000": (D("1760.10"), D("0.00")),  # wages
        "6010": (D("196.22"), D("0.00")),  # super expense
        "6100": (D("1760.10"), D("0.00")),  # contractor payments
    }
    assert_journals_balance(job_order.entity, PAY_DATE)


def test_the_aba_file_pays_each_net_and_refuses_a_worker_without_a_bank_account(db):
    job_order = _worker("E1", **SCALE_2)
    entity = job_order.entity
    run = _run(entity)
    with pytest.raises(ValidationFailed) as exc:
        pay_run_aba(run=run)
    assert [(e.code, e.field) for e in exc.value.errors] == [("BANK_FILE", "entity")]
    entity.bank_bsb, entity.bank_account, entity.bank_account_name = "062-000", "10203040", "KS Staffing"
    entity.bank_mnemonic, entity.apca_id = "CBA", "301500"
    entity.save()
    run.refresh_from_db()
    aba = parse(pay_run_aba(run=run))
    assert [(d.bsb, d.account, d.code, d.cents, d.title, d.reference) for d in aba.details] == [
        ("063-000", "100118", "53", 137910, "Worker E1", "PS-AU-000001"),
        ("062-000", "10203040", "13", 137910, "KS Staffing", "PAYROLL"),
    ]
    assert (aba.header.mnemonic, aba.header.apca_id, aba.header.processing_date) == ("CBA", "301500", PAY_DATE)

    _worker("E9", bank_bsb="", bank_account="", bank_account_name="", **SCALE_2)
    second = _run(entity, dt.date(2025, 10, 12))
    with pytest.raises(ValidationFailed) as exc:
        pay_run_aba(run=second)
    assert [(e.code, e.field) for e in exc.value.errors] == [("NO_BANK_ACCOUNT", "payments[0]")]
    assert "E9 Worker E9" in exc.value.errors[0].message


def test_a_paid_timesheet_cannot_be_reopened(db):
    from kserp.orders.models import Timesheet
    from kserp.orders.timesheets import timesheet_reopen

    job_order = _worker("E1", **SCALE_2)
    _run(job_order.entity)
    timesheet = Timesheet.objects.get()
    with pytest.raises(ValidationFailed) as exc:
        timesheet_reopen(timesheet=timesheet)
    assert exc.value.errors[0].code == "ALREADY_PAID"
    timesheet.refresh_from_db()
    assert (timesheet.status, timesheet.pay_lines.count(), timesheet.bill_lines.count()) == ("APPROVED", 6, 6)


def test_a_completed_pay_run_tells_the_entitys_webhook_endpoints_once(db):
    from kserp.webhooks.models import WebhookEvent
    from kserp.webhooks.services import webhook_endpoint_create

    job_order = _worker("E1", **SCALE_2, **FUND)
    entity = job_order.entity
    webhook_endpoint_create(
        name="Payroll provider", url="https://payroll.example/hooks", event_types=["pay_run.completed"],
        entity_id=entity.pk,
    )  # fmt: skip
    run = _run(entity)
    pay_run_execute(run_id=run.pk)  # a second delivery of the message: COMPLETED is left alone

    events = list(WebhookEvent.objects.filter(type="pay_run.completed").values_list("entity_id", "object_id"))
    assert events == [(entity.pk, str(run.pk))]
