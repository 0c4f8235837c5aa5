"""Consolidation of an AU and an NZ entity at a given rate, intercompany eliminated."""

import datetime as dt
from decimal import Decimal

from kserp.base.models import Entity
from kserp.finance.books import ManualLine, RateIn, fx_rates_set, journal_post_manual
from kserp.finance.selectors import consolidate, fx_rate
from tests.finance.test_books_api import _login
from tests.support.finance import assert_trial_balance_zero, bill_weeks
from tests.support.graphql import gql
from tests.support.orders import make_job_order

D = Decimal
AS_OF = dt.date(2025, 8, 31)
CONSOLIDATION = """
query($asOf: Date!) {
  consolidation(asOf: $asOf, currency: "AUD") {
    currency entities { code currency rate } debitTotal creditTotal eliminated
    rows { account { code } debit credit }
    profitAndLoss { totalRevenue totalExpenses netProfit }
    balanceSheet { totalAssets totalLiabilities totalEquity }
  }
}"""


def _nz() -> Entity:
    return Entity.objects.create(
        code="KSNZ",
        name="KS Staffing NZ Ltd",
        country="NZ",
        brand="KS",
        currency="NZD",
        tax_rate=D("15"),
        invoice_prefix="NZ-",
    )


def _line(account: str, debit: str = "0", credit: str = "0") -> ManualLine:
    return ManualLine(account=account, debit=D(debit), credit=D(credit))


def test_an_au_and_an_nz_entity_consolidate_in_aud_at_the_given_rate_without_intercompany(db):
    job_order = make_job_order()
    bill_weeks(job_order, weeks=1)  # AU: AR 1810.30, revenue 1645.73, GST 164.57
    au, nz = job_order.entity, _nz()
    journal_post_manual(
        entity=au,
        date=dt.date(2025, 8, 1),
        reason="Management fee to KSNZ",
        lines=[_line("1500", debit="500.00"), _line("4500", credit="500.00")],
    )
    journal_post_manual(
        entity=nz,
        date=dt.date(2025, 8, 5),
        reason="Invoice NZ client (NZD, GST 15%)",
        lines=[_line("1100", debit="1150.00"), _line("4000", credit="1000.00"), _line("2100", credit="150.00")],
    )
    journal_post_manual(
        entity=nz,
        date=dt.date(2025, 8, 1),
        reason="Management fee from KSAU",
        lines=[_line("5500", debit="555.56"), _line("2500", credit="555.56")],
    )
    fx_rates_set(rates=[RateIn(date=dt.date(2025, 8, 29), base="NZD", quote="AUD", rate=D("0.9"))])
    fx_rates_set(rates=[RateIn(date=dt.date(2025, 9, 30), base="NZD", quote="AUD", rate=D("0.5"))])  # later: unused
    assert fx_rate(base="AUD", quote="NZD", on=AS_OF) == D(1) / D("0.9")
    for entity in (au, nz):
        assert_trial_balance_zero(entity)

    body = gql(_login("finance"), CONSOLIDATION, {"asOf": AS_OF.isoformat()})["data"]["consolidation"]

    assert body["entities"] == [
        {"code": "KSAU", "currency": "AUD", "rate": "1"},
        {"code": "KSNZ", "currency": "NZD", "rate": "0.90000000"},
    ]
    assert body["rows"] == [
        {"account": {"code": "1100"}, "debit": "2845.30", "credit": "0.00"},  # 1810.30 + 1150 × 0.9
        {"account": {"code": "2100"}, "debit": "0.00", "credit": "299.57"},  # 164.57 + 150 × 0.9
        {"account": {"code": "4000"}, "debit": "0.00", "credit": "2545.73"},  # 1645.73 + 1000 × 0.9
    ]
    assert body["debitTotal"] == body["creditTotal"] == "2845.30"
    assert body["eliminated"] == "0.00"  # AU 500.00 − 500.00, NZ 555.56 × 0.9 − 555.56 × 0.9
    assert body["profitAndLoss"] == {"totalRevenue": "2545.73", "totalExpenses": "0.00", "netProfit": "2545.73"}
    assert body["balanceSheet"] == {"totalAssets": "2845.30", "totalLiabilities": "299.57", "totalEquity": "2545.73"}


def test_a_translation_difference_stays_in_equity_so_the_group_balances(db):
    nz = _nz()
    journal_post_manual(
        entity=nz,
        date=dt.date(2025, 8, 5),
        reason="Capital",
        lines=[_line("1000", debit="0.01"), _line("1100", debit="0.01"), _line("3000", credit="0.02")],
    )
    fx_rates_set(rates=[RateIn(date=dt.date(2025, 8, 1), base="NZD", quote="AUD", rate=D("0.5"))])

    report = consolidate(entities=[nz], currency="AUD", as_of=AS_OF)

    # 0.01 × 0.5 rounds half-up to 0.01 twice, 0.02 × 0.5 = 0.01: 0.01 is left, in 3900.
    assert [(r.account.code, r.debit, r.credit) for r in report.trial_balance] == [
        ("1000", D("0.01"), D("0")),
        ("1100", D("0.01"), D("0")),
        ("3000", D("0"), D("0.01")),
        ("3900", D("0"), D("0.01")),
    ]
