"""Average-rate translation: the period's profit and loss at the period's (day-weighted) average
rate, the balance sheet at the closing rate, the difference in the translation reserve (3910)."""

import datetime as dt
from decimal import Decimal

import pytest

from kserp.finance.books import RateIn, fx_rates_set, journal_post_manual
from kserp.finance.selectors import MissingRate, consolidate, fx_average_rate
from tests.finance.test_books_api import _login
from tests.finance.test_consolidation import _line, _nz
from tests.support.graphql import gql

D = Decimal
FROM, AS_OF = dt.date(2025, 7, 1), dt.date(2025, 7, 31)
QUERY = """
query($translation: String!) {
  consolidation(
    asOf: "2025-07-31", from: "2025-07-01", currency: "AUD", entities: ["KSNZ"], translation: $translation
  ) {
    translation translationReserve entities { code rate averageRate }
    rows { account { code } debit credit }
    profitAndLoss { totalRevenue totalExpenses netProfit }
  }
}"""


def _nz_month():
    """NZD/AUD 0.90 from 1 July, 0.92 from 16 July (15 and 16 days of July); NZ invoices NZD 1,000 +
    GST on 5 July and pays NZD 400 of wages on 20 July."""
    fx_rates_set(
        rates=[
            RateIn(dt.date(2025, 7, 1), "NZD", "AUD", D("0.90")),
            RateIn(dt.date(2025, 7, 16), "NZD", "AUD", D("0.92")),
        ]
    )
    nz = _nz()
    journal_post_manual(
        entity=nz,
        date=dt.date(2025, 7, 5),
        reason="Invoice",
        lines=[_line("1100", debit="1150.00"), _line("4000", credit="1000.00"), _line("2100", credit="150.00")],
    )
    journal_post_manual(
        entity=nz,
        date=dt.date(2025, 7, 20),
        reason="Wages",
        lines=[_line("6000", debit="400.00"), _line("1000", credit="400.00")],
    )
    return nz


def test_the_average_rate_weighs_each_rate_by_its_days(db):
    _nz_month()
    # (15 × 0.90 + 16 × 0.92) / 31 = 28.22 / 31 = 0.910322580…
    assert fx_average_rate(base="NZD", quote="AUD", date_from=FROM, date_to=AS_OF) == D("0.91032258")
    # only the opposite pair entered: each day's inverse (1/0.90 for 15 days, 1/0.92 for 16) averaged
    assert fx_average_rate(base="AUD", quote="NZD", date_from=FROM, date_to=AS_OF) == D("1.09864423")
    assert fx_average_rate(base="NZD", quote="AUD", date_from=dt.date(2025, 7, 16), date_to=AS_OF) == D("0.92")
    with pytest.raises(MissingRate):
        fx_average_rate(base="NZD", quote="AUD", date_from=dt.date(2025, 6, 30), date_to=AS_OF)


def test_pl_at_the_average_rate_balance_sheet_at_closing_difference_in_the_reserve(db):
    nz = _nz_month()
    report = consolidate(entities=[nz], currency="AUD", as_of=AS_OF, date_from=FROM, translation="AVERAGE")
    assert report.entities[0].rate == D("0.92") and report.entities[0].average_rate == D("0.91032258")
    tb = {r.account.code: (r.debit, r.credit) for r in report.trial_balance}
    assert tb == {
        "1000": (D("0.00"), D("368.00")),  # 400 × 0.92 (closing)
        "1100": (D("1058.00"), D("0.00")),  # 1,150 × 0.92
        "2100": (D("0.00"), D("138.00")),  # 150 × 0.92
        "4000": (D("0.00"), D("910.32")),  # 1,000 × 0.91032258 (average)
        "6000": (D("364.13"), D("0.00")),  # 400 × 0.91032258
        "3910": (D("0.00"), D("5.81")),  # the reserve: 552.00 at closing less 546.19 at average
    }
    assert sum(d for d, _ in tb.values()) == sum(c for _, c in tb.values()) == D("1422.13")
    assert report.translation_reserve == D("-5.81")
    pl = report.profit_and_loss
    assert (pl.total_revenue, pl.total_expenses, pl.net_profit) == (D("910.32"), D("364.13"), D("546.19"))
    bs = report.balance_sheet
    assert (bs.total_assets, bs.total_liabilities, bs.total_equity) == (D("690.00"), D("138.00"), D("552.00"))

    closing = consolidate(entities=[nz], currency="AUD", as_of=AS_OF, date_from=FROM)
    assert closing.profit_and_loss.net_profit == D("552.00")
    assert closing.translation_reserve == D("0.00") and "3910" not in {r.account.code for r in closing.trial_balance}


def test_the_api_offers_both_methods_and_refuses_another(db):
    _nz_month()
    finance = _login("finance")
    body = gql(finance, QUERY, {"translation": "AVERAGE"})["data"]["consolidation"]
    assert body["translation"] == "AVERAGE" and body["translationReserve"] == "-5.81"
    assert body["entities"] == [{"code": "KSNZ", "rate": "0.92000000", "averageRate": "0.91032258"}]
    assert body["profitAndLoss"] == {"totalRevenue": "910.32", "totalExpenses": "364.13", "netProfit": "546.19"}
    closing = gql(finance, QUERY, {"translation": "CLOSING"})["data"]["consolidation"]
    assert closing["profitAndLoss"]["netProfit"] == "552.00" and closing["entities"][0]["averageRate"] is None
    refused = gql(finance, QUERY, {"translation": "HISTORICAL"})
    assert refused["data"] is None
    assert refused["errors"][0]["extensions"]["code"] == "INVALID"
    assert "CLOSING, AVERAGE" in refused["errors"][0]["message"]
