"""FX rates in the configuration document: imported with errors by path, one per pair and day,
exported as the same section and imported back unchanged (a round trip)."""

import datetime as dt
from decimal import Decimal
from io import StringIO

from django.core.management import call_command

from kserp.configuration.fx_rates import fx_rates_section
from kserp.configuration.services import configuration_import
from kserp.finance import selectors
from kserp.finance.books import RateIn, fx_rates_set
from kserp.finance.models import FxRate

D = Decimal
DOC = """
version: 1
fx_rates:
  - {date: 2025-07-01, base: NZD, quote: AUD, rate: "0.9125"}
  - {date: 2025-08-01, base: NZD, quote: AUD, rate: "0.91234567"}
  - {date: 2025-07-01, base: USD, quote: AUD, rate: 1.52}
"""


def _rates():
    return sorted((r.date, r.base, r.quote, r.rate, r.source) for r in FxRate.objects.all())


def test_fx_rates_import_and_are_used_by_consolidation(db):
    result = configuration_import(document=DOC)
    assert result.ok, result.errors
    assert [(s.section, s.created) for s in result.sections] == [("fx_rates", 3)]
    assert _rates() == [
        (dt.date(2025, 7, 1), "NZD", "AUD", D("0.91250000"), "configuration"),
        (dt.date(2025, 7, 1), "USD", "AUD", D("1.52000000"), "configuration"),
        (dt.date(2025, 8, 1), "NZD", "AUD", D("0.91234567"), "configuration"),
    ]
    assert selectors.fx_rate(base="NZD", quote="AUD", on=dt.date(2025, 7, 31)) == D("0.9125")
    assert selectors.fx_rate(base="NZD", quote="AUD", on=dt.date(2025, 8, 2)) == D("0.91234567")

    again = configuration_import(document=DOC)
    assert [(s.section, s.created, s.changed, s.unchanged) for s in again.sections] == [("fx_rates", 0, 0, 3)]


def test_fx_rate_errors_name_their_path_and_nothing_is_stored(db):
    bad = """
version: 1
fx_rates:
  - {date: 2025-07-01, base: NZD, quote: AUD, rate: "0.9125"}
  - {date: 2025-07-32, base: nzd, quote: AUD, rate: "-1"}
  - {date: 2025-07-01, base: AUD, quote: AUD, rate: "0.123456789"}
  - {date: 2025-07-01, base: NZD, quote: AUD, rate: "0.95"}
  - {date: 2025-07-01, base: NZD, rate: "1"}
"""
    result = configuration_import(document=bad)
    assert not result.ok
    assert sorted((e.field, e.code) for e in result.errors) == [
        ("fx_rates[1].base", "INVALID"),
        ("fx_rates[1].date", "INVALID"),
        ("fx_rates[1].rate", "INVALID"),
        ("fx_rates[2].quote", "INVALID"),
        ("fx_rates[2].rate", "INVALID"),
        ("fx_rates[3]", "DUPLICATE"),
        ("fx_rates[4].quote", "REQUIRED"),
    ]
    duplicate = next(e for e in result.errors if e.code == "DUPLICATE")
    assert "fx_rates[0]" in duplicate.message
    assert FxRate.objects.count() == 0


def test_fx_rates_export_and_import_back_unchanged(db):
    fx_rates_set(
        rates=[
            RateIn(dt.date(2025, 6, 30), "NZD", "AUD", D("0.9")),
            RateIn(dt.date(2025, 7, 31), "NZD", "AUD", D("0.91234567")),
            RateIn(dt.date(2025, 7, 31), "AUD", "USD", D("0.655")),
        ],
        source="manual",
    )
    section = fx_rates_section()
    assert section.splitlines()[:3] == [
        "version: 1",
        "fx_rates:",
        "- {date: '2025-06-30', base: NZD, quote: AUD, rate: '0.9000'}",
    ]
    out = StringIO()
    call_command("export_fx_rates", stdout=out)
    assert out.getvalue() == section

    before = [(d, b, q, r) for d, b, q, r, _ in _rates()]
    FxRate.objects.all().delete()
    result = configuration_import(document=section)
    assert result.ok, result.errors
    assert [(d, b, q, r) for d, b, q, r, _ in _rates()] == before
    assert fx_rates_section() == section
