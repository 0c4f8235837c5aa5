"""Margins by dimension, net of credits and of overhead allocated to the cent.

Week Monday 2025-07-07 .. Sunday 2025-07-13, entity KSAU, three placements:
  JO-A (ACME, division Industrial, consultant cara): 38 h, bill 1,900.00, wage 1,330.00, oncosts 200.00
  JO-B (ACME, division Office):                      20 h, bill 1,000.00, wage   700.00, oncosts 100.00
  JO-C (GLOBEX, division Industrial):                17 h, bill   850.00, wage   595.00, oncosts  90.00
Overhead HQ: 1,000.00 a week by hours → 1000 × 38/75 = 506.666…, × 20/75 = 266.666…, × 17/75 = 226.666…;
rounded down 506.66 + 266.66 + 226.66 = 999.98, the two cents left go to the largest remainders (all
equal: key order) → 506.67, 266.67, 226.66.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from kserp.analytics.margins import Dimension, MarginFilter, Window, margin_by, margin_trend, split_to_cents
from kserp.analytics.models import OverheadRule
from kserp.finance.models import CreditNote, CreditNoteLine, InvoiceLine
from kserp.identity.models import User
from tests.analytics.insight_data import invoice, job, week
from tests.support.orders import make_client

D = Decimal
WINDOW = Window(dt.date(2025, 7, 7), dt.date(2025, 7, 13))


def _data():
    cara = User.objects.create_user(username="cara", password="pw-cara-123", is_staff=True)
    acme, globex = make_client("ACME"), make_client("GLOBEX")
    a = job("JO-A", acme, division="Industrial", consultant=cara)
    b = job("JO-B", acme, division="Office")
    c = job("JO-C", globex, division="Industrial")
    lines = {
        "A": week(a, "2025-07-13", bill="1900.00", wage="1330.00", oncosts="200.00", hours="38"),
        "B": week(b, "2025-07-13", bill="1000.00", wage="700.00", oncosts="100.00", hours="20"),
        "C": week(c, "2025-07-13", bill="850.00", wage="595.00", oncosts="90.00", hours="17"),
    }
    week(a, "2025-07-20", bill="1900.00", wage="1330.00", oncosts="200.00", hours="38")  # outside the window
    return acme, lines


def _overhead(**kwargs) -> OverheadRule:
    values = {"code": "HQ", "name": "Head office", "amount": D("1000.00"), "period": "WEEK", "basis": "HOURS",
              "valid_from": dt.date(2025, 1, 1)} | kwargs  # fmt: skip
    return OverheadRule.objects.create(**values)


def test_overhead_by_hours_is_allocated_to_the_cent(db):
    _data()
    _overhead()

    report = margin_by(dimension=Dimension.PLACEMENT, window=WINDOW)

    assert [(r.key, r.hours, r.gross_margin, r.overhead, r.net_margin) for r in report.rows] == [
        ("JO-A", D("38"), D("370.00"), D("506.67"), D("-136.67")),
        ("JO-B", D("20"), D("200.00"), D("266.67"), D("-66.67")),
        ("JO-C", D("17"), D("165.00"), D("226.66"), D("-61.66")),
    ]
    assert report.totals.overhead == D("1000.00")
    assert report.unallocated_overhead == D("0.00")


def test_margins_by_client_division_consultant_and_entity_sum_their_placements(db):
    _data()
    _overhead(basis="REVENUE", amount=D("375.00"))  # 1900/3750, 1000/3750, 850/3750 of 375 = 190, 100, 85

    def rows(dimension):
        return [(r.key, r.bill_amount, r.gross_margin, r.overhead, r.placements)
                for r in margin_by(dimension=dimension, window=WINDOW).rows]  # fmt: skip

    assert rows(Dimension.CLIENT) == [
        ("ACME", D("2900.00"), D("570.00"), D("290.00"), 2),
        ("GLOBEX", D("850.00"), D("165.00"), D("85.00"), 1),
    ]
    assert rows(Dimension.DIVISION) == [
        ("Industrial", D("2750.00"), D("535.00"), D("275.00"), 2),
        ("Office", D("1000.00"), D("200.00"), D("100.00"), 1),
    ]
    assert rows(Dimension.CONSULTANT) == [
        ("", D("1850.00"), D("365.00"), D("185.00"), 2),
        ("cara", D("1900.00"), D("370.00"), D("190.00"), 1),
    ]
    assert rows(Dimension.ENTITY) == [("KSAU", D("3750.00"), D("735.00"), D("375.00"), 3)]


def test_a_clients_report_keeps_its_share_of_overhead_allocated_over_everyone(db):
    acme, _ = _data()
    _overhead(division="Industrial")  # JO-A 38 h and JO-C 17 h: 690.909… and 309.090… → 690.91, 309.09

    report = margin_by(dimension=Dimension.PLACEMENT, window=WINDOW, where=MarginFilter(client_id=acme.pk))

    assert [(r.key, r.overhead) for r in report.rows] == [("JO-A", D("690.91")), ("JO-B", D("0.00"))]


def test_monthly_overhead_counts_the_days_of_the_month_in_the_window(db):
    _data()
    _overhead(period="MONTH", amount=D("3100.00"), basis="HEADCOUNT")  # July: 3100 × 7/31 = 700 → 233.34, 233.33 ×2

    report = margin_by(dimension=Dimension.PLACEMENT, window=WINDOW)

    assert [r.overhead for r in report.rows] == [D("233.34"), D("233.33"), D("233.33")]


def test_margins_are_net_of_credits(db):
    _, lines = _data()
    inv = invoice(lines["B"].client, "AU-9", "2025-07-14", "2025-08-13", "1100.00", "100.00")
    invoice_line = InvoiceLine.objects.create(
        invoice=inv, bill_line=lines["B"], job_order=lines["B"].job_order, timesheet=lines["B"].timesheet,
        position=0, description="Ordinary", pay_code="ORD", quantity=D("20"), unit_price=D("50"), amount=D("1000.00"),
    )  # fmt: skip
    note = CreditNote.objects.create(
        number="CN-1", entity=inv.entity, invoice=inv, issue_date=dt.date(2025, 7, 20), reason="Re-price",
        subtotal=D("150.00"), tax_total=D("15.00"), total=D("165.00"),
    )  # fmt: skip
    CreditNoteLine.objects.create(credit_note=note, invoice_line=invoice_line, amount=D("150.00"))

    row = margin_by(
        dimension=Dimension.PLACEMENT, window=WINDOW, where=MarginFilter(job_order_id=lines["B"].job_order_id)
    ).rows[0]

    assert (row.bill_amount, row.credits, row.revenue, row.gross_margin, row.margin_after_credits, row.net_margin) == (
        D("1000.00"), D("150.00"), D("850.00"), D("200.00"), D("50.00"), D("50.00"),
    )  # fmt: skip


def test_trend_is_week_by_week(db):
    _data()

    points = margin_trend(weeks=3, last_week_ending=dt.date(2025, 7, 20))

    assert [(p.week_ending.isoformat(), p.figures.bill_amount, p.figures.gross_margin) for p in points] == [
        ("2025-07-06", D("0.00"), D("0.00")),
        ("2025-07-13", D("3750.00"), D("735.00")),
        ("2025-07-20", D("1900.00"), D("370.00")),
    ]


def test_split_to_cents_adds_up_exactly():
    shares = split_to_cents(D("100.00"), {"a": D(1), "b": D(1), "c": D(1)})

    assert shares == {"a": D("33.34"), "b": D("33.33"), "c": D("33.33")}
