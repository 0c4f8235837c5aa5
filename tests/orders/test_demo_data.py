"""Demo data: `generate_demo` through the real services, `manage.py generate_demo`, and the
`make run` loader (`demo_data_load`), which runs once on an empty database."""

from __future__ import annotations

import datetime as dt
import io
import time

import pytest
from django.core.management import call_command
from django.db.models import Count

from kserp.billing.models import BillingRun
from kserp.crm.models import Client
from kserp.demo.agency import generate_demo, past_weeks
from kserp.demo.staff import demo_data_load
from kserp.finance.models import Invoice, InvoiceLine, Receipt
from kserp.identity.models import User
from kserp.orders.models import BillLine, JobOrder, PayLine, Timesheet
from tests.support.billing import assert_ledger_balances

TODAY = dt.date(2025, 10, 1)  # a Wednesday


def test_past_weeks_are_the_complete_weeks_before_today():
    assert past_weeks(3, TODAY) == [dt.date(2025, 9, 8), dt.date(2025, 9, 15), dt.date(2025, 9, 22)]
    assert past_weeks(1, dt.date(2025, 9, 29)) == [dt.date(2025, 9, 22)]  # a Monday: last week


def test_generate_demo_builds_an_agency_through_the_services(db):
    summary = generate_demo(clients=3, job_orders=8, weeks=3, seed=7, today=TODAY, portal_password="pw-portal-123")

    assert (summary.clients, summary.job_orders, summary.portal_user) == (3, 8, "acme.portal")
    assert list(Client.objects.values_list("code", "payment_terms_days", "invoice_grouping")) == [
        ("ACME", 30, "CLIENT"),
        ("GLOBEX", 14, "JOB_ORDER"),
        ("INITECH", 7, "TIMESHEET"),
    ]
    assert set(JobOrder.objects.values_list("status", flat=True)) == {"ACTIVE"}
    assert JobOrder.objects.filter(consultant__isnull=True).count() == 0
    assert set(JobOrder.objects.values_list("path__state", flat=True)) == {"NSW", "VIC", "QLD"}
    # JO-D0007 joins a week later: 7 job orders × 3 weeks + 2 weeks.
    assert Timesheet.objects.count() == summary.timesheets == 23
    assert dict(Timesheet.objects.values_list("status").annotate(n=Count("id"))) == {"APPROVED": 22, "SUBMITTED": 1}
    assert PayLine.objects.exists() and not BillLine.objects.filter(provenance_record__isnull=True).exists()
    # Weekly runs for all but the latest week, which waits approved and unbilled.
    assert list(BillingRun.objects.order_by("id").values_list("status", "period_end")) == [
        ("COMPLETED", dt.date(2025, 9, 14)),
        ("COMPLETED", dt.date(2025, 9, 21)),
    ]
    assert not BillLine.objects.filter(week_ending__lte=dt.date(2025, 9, 21), invoice_line__isnull=True).exists()
    assert not BillLine.objects.filter(week_ending=dt.date(2025, 9, 28), invoice_line__isnull=False).exists()
    assert Invoice.objects.count() == summary.invoices > 0
    assert InvoiceLine.objects.count() == BillLine.objects.filter(invoice_line__isnull=False).count()
    assert Receipt.objects.count() == summary.receipts > 0
    assert not Receipt.objects.filter(received_on__gt=TODAY).exists()
    assert_ledger_balances()
    portal = User.objects.get(username="acme.portal")
    assert (portal.client.code, portal.check_password("pw-portal-123")) == ("ACME", True)


def test_the_demo_has_a_new_zealand_entity_to_consolidate(db):
    from decimal import Decimal

    from kserp.base.models import Entity
    from kserp.finance.selectors import consolidate, trial_balance

    generate_demo(clients=3, job_orders=8, weeks=3, seed=7, today=TODAY)
    nz = Entity.objects.get(code="KSNZ")
    assert (nz.currency, nz.tax_rate, nz.country) == ("NZD", Decimal("15"), "NZ")
    as_of = dt.date(2025, 9, 30)
    assert trial_balance(entity=nz, as_of=as_of).debit_total == Decimal("50000.00") + sum(
        (Decimal("1500.00") / rate).quantize(Decimal("0.01"))
        for rate in (Decimal("0.9120"), Decimal("0.9085"), Decimal("0.9150"))
    )

    group = consolidate(entities=list(Entity.objects.order_by("code")), currency="AUD", as_of=as_of)

    assert [(m.code, m.rate) for m in group.entities] == [("KSAU", Decimal(1)), ("KSNZ", Decimal("0.9150"))]
    assert sum((r.debit for r in group.trial_balance), Decimal(0)) == sum(
        (r.credit for r in group.trial_balance), Decimal(0)
    )
    assert not any(r.account.intercompany for r in group.trial_balance)


def test_generate_demo_refuses_a_database_with_data(db):
    generate_demo(clients=1, job_orders=1, weeks=1, today=TODAY)
    with pytest.raises(ValueError, match="already holds clients or job orders"):
        generate_demo(clients=1, job_orders=1, weeks=1, today=TODAY)


def test_the_command_fills_an_empty_database_quickly_then_does_nothing(db):
    out = io.StringIO()
    started = time.monotonic()
    call_command("generate_demo", "--clients", "5", "--job-orders", "20", "--weeks", "4", "--seed", "3", stdout=out)
    assert time.monotonic() - started < 20
    assert out.getvalue().startswith("Demo data: 5 clients, 20 job orders, ")
    assert JobOrder.objects.count() == 20

    again = io.StringIO()
    call_command("generate_demo", "--clients", "5", stdout=again)
    assert again.getvalue() == "The database already holds clients or job orders: no demo data generated.\n"
    assert JobOrder.objects.count() == 20


def test_make_run_loads_the_demo_once(db):
    first = demo_data_load()
    assert first.startswith("Demo data: staff alex, fran; 3 clients, 8 job orders, ")
    assert first.endswith(", portal user acme.portal; worker-portal user p0001.worker (password demo-password-123).")
    worker = User.objects.get(username="p0001.worker")
    assert (worker.payee.code, worker.is_staff, worker.check_password("demo-password-123")) == ("P0001", False, True)
    counts = (Client.objects.count(), JobOrder.objects.count(), Invoice.objects.count(), Receipt.objects.count())

    assert demo_data_load() == "Demo data already loaded."
    assert (
        Client.objects.count(),
        JobOrder.objects.count(),
        Invoice.objects.count(),
        Receipt.objects.count(),
    ) == counts
    assert User.objects.get(username="alex").check_password("demo-password-123")
