"""Helpers for pay run tests: a worked week priced by the real engine, payees of each kind, and
the invariants a pay run keeps.

The week of Monday 6 October 2025 (Labour Day, a NSW public holiday): Monday 7.6 h on the
holiday, Tuesday 10 h with a meal allowance, Wednesday to Friday 7.6 h, Saturday 6 h. With ORD
$28.00, SAT ×1.5, PH ×2.5 and the overtime tiers of `tests.support.orders` it pays:

    PH    7.6 h × 70.00 = 532.00      ORD   30.4 h × 28.00 = 851.20
    OT150 2   h × 42.00 =  84.00      OT200  0.4 h × 56.00 =  22.40
    SAT   6   h × 42.00 = 252.00      MEAL   1     × 18.50 =  18.50 (no PAYG withheld)
    gross 1760.10; withholdable 1741.60; OTE (ordinary and penalty) 1635.20
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Count, F, Sum

from kserp.crm.models import Payee
from kserp.finance.models import Journal
from kserp.finance.selectors import trial_balance
from kserp.orders.models import JobOrder, PayLine
from kserp.orders.timesheets import EntryInput, timesheet_approve, timesheet_submit
from kserp.payroll.models import PayRunLine, PayRunPayment
from kserp.rates.models import Oncost, PayAgreement, PayCode
from tests.support.orders import INTERPRETATION, START, make_client, make_entity, make_rates

D = Decimal
HOLIDAY_WEEK = dt.date(2025, 10, 6)


def pay_setup() -> PayAgreement:
    """The pay codes and agreement of the worked week (the orders tests' agreement with Saturday
    and public holiday codes); SUPER on ordinary and penalty time."""
    pay, _ = make_rates()
    for code, name, multiplier in (("SAT", "Saturday", "1.5"), ("PH", "Public holiday", "2.5")):
        PayCode.objects.get_or_create(
            code=code, defaults={"name": name, "type": "PENALTY", "unit": "HOUR", "multiplier": D(multiplier)}
        )
    PayCode.objects.filter(code="MEAL").update(withholding=False)
    Oncost.objects.filter(code="SUPER").update(applies_to={"pay_code_types": ["ORDINARY", "PENALTY"]})
    PayAgreement.objects.filter(pk=pay.pk).update(
        interpretation={
            **INTERPRETATION,
            "saturday_code": "SAT",
            "public_holiday_code": "PH",
            "holidays": {"country": "AU", "subdivision": "NSW"},
        }
    )
    pay.refresh_from_db()
    agreement = pay
    return agreement


def make_payee(code: str, kind: str = "EMPLOYEE", **fields) -> Payee:
    defaults = {
        "bank_bsb": "063-000",
        "bank_account": str(100000 + sum(map(ord, code))),
        "bank_account_name": f"Worker {code}",
    }
    return Payee.objects.create(code=code, name=f"Worker {code}", kind=kind, **{**defaults, **fields})


def holiday_week_entries(week: dt.date = HOLIDAY_WEEK) -> list[EntryInput]:
    return [
        EntryInput(date=week, hours=D("7.6")),
        EntryInput(date=week + dt.timedelta(days=1), hours=D("10")),
        EntryInput(date=week + dt.timedelta(days=1), pay_code="MEAL", quantity=D("1")),
        *(EntryInput(date=week + dt.timedelta(days=d), hours=D("7.6")) for d in (2, 3, 4)),
        EntryInput(date=week + dt.timedelta(days=5), hours=D("6")),
    ]


def place(payee: Payee, code: str) -> JobOrder:
    """A job order for the payee on the worked week's agreement."""
    agreement = pay_setup()
    _, bill = make_rates()
    client = make_client(entity=make_entity())
    return JobOrder.objects.create(
        code=code,
        client=client,
        payee=payee,
        entity=client.entity,
        title="Warehouse operator",
        start=START,
        path={"state": "NSW", "cost_centre": "CC10"},
        pay_agreement=agreement,
        bill_agreement=bill,
        status="ACTIVE",
    )


def work_the_week(job_order: JobOrder, week: dt.date = HOLIDAY_WEEK) -> None:
    timesheet = timesheet_submit(job_order=job_order, week_starting=week, entries=holiday_week_entries(week))
    timesheet_approve(timesheet=timesheet)


def assert_paid_exactly_once() -> None:
    """Every pay line is on exactly one payment line (a copy of it), payments add up, RCTI and
    payslip numbers are gapless per entity."""
    assert PayRunLine.objects.count() == PayLine.objects.count()
    copies = {"pay_code": "pay_line__pay_code", "quantity": "pay_line__quantity", "rate": "pay_line__pay_rate"}
    for name, source in {**copies, "amount": "pay_line__wage"}.items():
        assert not PayRunLine.objects.exclude(**{name: F(source)}).exists(), name
    for payment in PayRunPayment.objects.annotate(n=Count("lines"), s=Sum("lines__amount")):
        assert payment.s == payment.gross, payment.number
        assert payment.net == payment.gross + payment.gst - payment.withholding, payment.number
    for kind in ("RCTI", "PAYSLIP"):
        for entity_id in PayRunPayment.objects.values_list("entity_id", flat=True).distinct():
            numbers = sorted(
                PayRunPayment.objects.filter(entity_id=entity_id, kind=kind).values_list("number", flat=True)
            )
            assert [int(n[-6:]) for n in numbers] == list(range(1, len(numbers) + 1)), numbers


def assert_journals_balance(entity, as_of: dt.date) -> None:
    for journal in Journal.objects.annotate(d=Sum("lines__debit"), c=Sum("lines__credit")):
        assert journal.d == journal.c, journal.memo
    report = trial_balance(entity=entity, as_of=as_of)
    assert report.debit_total == report.credit_total > 0
