"""Receivables by client (ageing, days to pay, late payers) and the 13-week cash-flow forecast,
on invoices with known dates. Today is Wednesday 2025-10-01; the forecast's week 0 starts on
Monday 2025-09-29.

ACME (30 days' terms):  A0 issued 05-01 due 05-31     99.00 open (123 days overdue: 90+)
                        A1 issued 07-01 due 07-31  1,100.00 paid 08-10 (40 days to pay, 10 late)
                        A2 issued 08-01 due 08-31  2,200.00 1,000.00 paid 09-05 (35 days, 5 late),
                                                              1,200.00 open (31 days overdue: 31-60)
                        A3 issued 09-15 due 10-15    550.00 open (current)
GLOBEX (14 days):       G1 issued 09-01 due 09-15    330.00 paid 09-12 (11 days, early)
                        G2 issued 09-20 due 10-04    440.00 open (current)
                        G3 issued 09-10 due 09-24    770.00 open (7 days overdue: 1-30)
INITECH: nothing (not listed).

ACME's days to pay = (1100 × 40 + 1000 × 35) / 2100 = 37.6; days late (1100 × 10 + 1000 × 5) / 2100 = 7.6.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from unittest import mock

from kserp.analytics.selectors import cash_flow_forecast, client_receivables, receivables_report
from kserp.finance.invoicing import receipt_record
from kserp.finance.models import Invoice
from kserp.orders.models import JobOrderStatus
from tests.support.billing import approve_weeks
from tests.support.graphql import gql
from tests.support.orders import make_client, make_job_order

D = Decimal
TODAY = dt.date(2025, 10, 1)


def _invoice(client, number: str, issued: str, due: str, total: str) -> Invoice:
    amount = D(total)
    return Invoice.objects.create(
        number=number, entity=client.entity, client=client, issue_date=dt.date.fromisoformat(issued),
        due_date=dt.date.fromisoformat(due), currency="AUD", tax_rate=D("10"), subtotal=amount, tax_total=D("0"),
        total=amount,
    )  # fmt: skip


def _pay(invoice: Invoice, amount: str, on: str) -> None:
    receipt_record(invoice=invoice, amount=D(amount), received_on=dt.date.fromisoformat(on))


def _ledger():
    acme = make_client("ACME", terms=30)
    globex = make_client("GLOBEX", terms=14)
    make_client("INITECH", terms=7)
    _invoice(acme, "AU-000001", "2025-05-01", "2025-05-31", "99.00")
    _pay(_invoice(acme, "AU-000002", "2025-07-01", "2025-07-31", "1100.00"), "1100.00", "2025-08-10")
    _pay(_invoice(acme, "AU-000003", "2025-08-01", "2025-08-31", "2200.00"), "1000.00", "2025-09-05")
    _invoice(acme, "AU-000004", "2025-09-15", "2025-10-15", "550.00")
    _pay(_invoice(globex, "AU-000005", "2025-09-01", "2025-09-15", "330.00"), "330.00", "2025-09-12")
    _invoice(globex, "AU-000006", "2025-09-20", "2025-10-04", "440.00")
    _invoice(globex, "AU-000007", "2025-09-10", "2025-09-24", "770.00")
    return acme, globex


def test_receivables_per_client_with_days_to_pay_and_late_payers(db):
    acme, _globex = _ledger()

    rows = client_receivables(entity=acme.entity, today=TODAY)

    assert [
        (r.client_code, r.outstanding, r.current, r.overdue, r.days1_to30, r.days31_to60, r.days61_to90,
         r.days90_plus, r.oldest_days_overdue, r.receipts, r.days_to_pay, r.average_days_late, r.late_payer)
        for r in rows
    ] == [
        ("ACME", D("1849.00"), D("550.00"), D("1299.00"), D("0.00"), D("1200.00"), D("0.00"), D("99.00"),
         123, 2, D("37.6"), D("7.6"), True),
        ("GLOBEX", D("1210.00"), D("440.00"), D("770.00"), D("770.00"), D("0.00"), D("0.00"), D("0.00"),
         7, 1, D("11.0"), D("0.0"), False),
    ]  # fmt: skip


def test_a_client_is_flagged_late_before_it_pays_anything(db):
    client = make_client("SLOW", terms=14)
    _invoice(client, "AU-000001", "2025-08-01", "2025-08-15", "500.00")  # 47 days overdue, no receipt yet

    (row,) = client_receivables(entity=client.entity, today=TODAY)

    assert (row.receipts, row.days_to_pay, row.oldest_days_overdue, row.late_payer) == (0, None, 47, True)


def test_a_client_paying_a_week_late_on_average_is_not_flagged(db):
    client = make_client("OKAY", terms=14)
    _pay(_invoice(client, "AU-000001", "2025-08-01", "2025-08-15", "500.00"), "500.00", "2025-08-22")

    (row,) = client_receivables(entity=client.entity, today=TODAY)

    assert (row.days_to_pay, row.average_days_late, row.late_payer) == (D("21.0"), D("7.0"), False)


RECEIVABLES = """
query { receivablesSummary(entity: "KSAU") {
  ageing { entity currency asOf outstanding current overdue days1To30 days31To60 days61To90 days90Plus }
  clients { client name paymentTermsDays outstanding daysToPay averageDaysLate oldestDaysOverdue latePayer }
  latePayers
} }"""


def test_receivables_summary_over_graphql(finance_http):
    _ledger()

    with mock.patch("django.utils.timezone.localdate", return_value=TODAY):
        body = gql(finance_http, RECEIVABLES)

    assert body == {
        "data": {
            "receivablesSummary": {
                "ageing": {
                    "entity": "KSAU", "currency": "AUD", "asOf": "2025-10-01", "outstanding": "3059.00",
                    "current": "990.00", "overdue": "2069.00", "days1To30": "770.00", "days31To60": "1200.00",
                    "days61To90": "0.00", "days90Plus": "99.00",
                },
                "clients": [
                    {"client": "ACME", "name": "Acme Pty Ltd", "paymentTermsDays": 30, "outstanding": "1849.00",
                     "daysToPay": "37.6", "averageDaysLate": "7.6", "oldestDaysOverdue": 123, "latePayer": True},
                    {"client": "GLOBEX", "name": "Globex Pty Ltd", "paymentTermsDays": 14, "outstanding": "1210.00",
                     "daysToPay": "11.0", "averageDaysLate": "0.0", "oldestDaysOverdue": 7, "latePayer": False},
                ],
                "latePayers": ["ACME"],
            }
        }
    }  # fmt: skip


def test_receivables_summary_is_staff_only(portal_http):
    _ledger()
    body = gql(portal_http, RECEIVABLES)
    assert [(e["message"], e["extensions"]["code"]) for e in body["errors"]] == [
        ("Only staff may do this.", "FORBIDDEN")
    ]


def test_receivables_summary_needs_a_known_entity(finance_http):
    body = gql(finance_http, 'query { receivablesSummary(entity: "NOPE") { latePayers } }')
    assert [(e["message"], e["extensions"]["code"]) for e in body["errors"]] == [("No entity 'NOPE'.", "NOT_FOUND")]


def _placements():
    """JO-1 (ends Sunday 2025-10-19) worked the weeks of 09-08 and 09-15, and 08-04 (too long ago to
    count); JO-2 is COMPLETED (no more payroll) though it worked the week of 09-15."""
    acme = make_client("ACME", terms=30)
    running = make_job_order(code="JO-1", client=acme, payee_code="P1", end=dt.date(2025, 10, 19))
    approve_weeks(running, first=dt.date(2025, 8, 4))
    approve_weeks(running, weeks=2, first=dt.date(2025, 9, 8))
    finished = make_job_order(code="JO-2", client=acme, payee_code="P2")
    approve_weeks(finished, first=dt.date(2025, 9, 15))
    finished.status = JobOrderStatus.COMPLETED
    finished.save(update_fields=["status"])


def test_cash_flow_forecast_receipts_by_days_to_pay_and_payroll_of_active_placements(db):
    acme, _globex = _ledger()
    _placements()

    forecast = cash_flow_forecast(entity=acme.entity, today=TODAY)

    weeks = [(w.week_starting.isoformat(), w.receipts, w.wages, w.oncosts, w.net) for w in forecast.weeks]
    assert weeks[:5] == [
        # A0 (due 05-31) and A2 (08-01 + 38 days = 09-08) are late: expected now; G2 (09-20 + 11 = 10-01), G3 (09-21).
        ("2025-09-29", D("2509.00"), D("1188.90"), D("127.68"), D("1192.42")),
        ("2025-10-06", D("0.00"), D("1188.90"), D("127.68"), D("-1316.58")),
        ("2025-10-13", D("0.00"), D("1188.90"), D("127.68"), D("-1316.58")),
        ("2025-10-20", D("550.00"), D("0.00"), D("0.00"), D("550.00")),  # A3: 09-15 + 38 = 10-23; JO-1 has ended
        ("2025-10-27", D("0.00"), D("0.00"), D("0.00"), D("0.00")),
    ]
    assert len(weeks) == 13 and weeks[-1][0] == "2025-12-22"
    assert all(w[1:] == (D("0.00"),) * 4 for w in weeks[4:])
    assert forecast.receipts_later == D("0.00")


def test_a_client_without_receipts_is_expected_to_pay_on_the_due_date(db):
    client = make_client("NEW", terms=30)
    _invoice(client, "AU-000001", "2025-10-01", "2025-10-31", "300.00")
    _invoice(client, "AU-000002", "2025-10-01", "2026-02-01", "400.00")  # beyond the 13 weeks

    forecast = cash_flow_forecast(entity=client.entity, today=TODAY)

    assert [(w.week_starting.isoformat(), w.receipts) for w in forecast.weeks if w.receipts] == [
        ("2025-10-27", D("300.00"))
    ]
    assert forecast.receipts_later == D("400.00")


def test_cash_flow_forecast_over_graphql_has_a_running_total(finance_http):
    _ledger()
    _placements()

    with mock.patch("django.utils.timezone.localdate", return_value=TODAY):
        body = gql(finance_http, "{ cashFlowForecast { entity currency asOf receiptsLater "
                                 "weeks { weekStarting receipts wages oncosts net cumulative } } }")  # fmt: skip

    forecast = body["data"]["cashFlowForecast"]
    assert (forecast["entity"], forecast["currency"], forecast["asOf"], forecast["receiptsLater"]) == (
        "KSAU", "AUD", "2025-10-01", "0.00"
    )  # fmt: skip
    assert [w["cumulative"] for w in forecast["weeks"][:5]] == ["1192.42", "-124.16", "-1440.74", "-890.74", "-890.74"]
    assert forecast["weeks"][0] == {
        "weekStarting": "2025-09-29", "receipts": "2509.00", "wages": "1188.90", "oncosts": "127.68",
        "net": "1192.42", "cumulative": "1192.42",
    }  # fmt: skip


def test_receivables_report_quantises_the_entity_ageing(db):
    acme, _ = _ledger()
    report = receivables_report(entity=acme.entity, today=TODAY)
    assert report.summary["outstanding"] == D("3059.00") and str(report.summary["outstanding"]) == "3059.00"
