"""The `overheads:` and `late_payers:` configuration sections: every key stored, every bad value
refused with its path, nothing stored then."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from kserp.analytics.models import LatePayerPolicy, OverheadRule
from kserp.configuration.services import configuration_import
from tests.rates.documents import base_document, dump

HQ = {
    "code": "HQ", "name": "Head office", "entity": "KSAU", "division": "Industrial", "amount": "1000.00",
    "period": "MONTH", "basis": "HOURS", "valid_from": "2025-07-01", "valid_to": "2026-06-30",
}  # fmt: skip


def test_overheads_and_late_payers_are_stored_and_reimported_unchanged(db):
    doc = base_document() | {
        "overheads": [HQ, {"code": "IT", "name": "Systems", "amount": 250, "period": "WEEK", "basis": "HEADCOUNT",
                           "valid_from": "2025-01-01"}],
        "late_payers": {"drift_days": 10, "recent_receipts": 3, "email_account_manager": True},
    }  # fmt: skip

    first = configuration_import(document=dump(doc))
    second = configuration_import(document=dump(doc))

    assert first.ok, first.errors
    assert list(
        OverheadRule.objects.values_list(
            "code", "entity__code", "division", "amount", "period", "basis", "valid_from", "valid_to"
        )
    ) == [
        ("HQ", "KSAU", "Industrial", Decimal("1000.00"), "MONTH", "HOURS", dt.date(2025, 7, 1), dt.date(2026, 6, 30)),
        ("IT", None, "", Decimal("250.00"), "WEEK", "HEADCOUNT", dt.date(2025, 1, 1), None),
    ]
    assert list(
        LatePayerPolicy.objects.values_list("pk", "drift_days", "recent_receipts", "email_account_manager")
    ) == [(1, 10, 3, True)]
    counts = {s.section: (s.created, s.changed, s.unchanged) for s in second.sections}
    assert (counts["overheads"], counts["late_payers"]) == ((0, 0, 2), (0, 0, 1))


@pytest.mark.parametrize(
    ("change", "field", "code"),
    [
        ({"entity": "NOPE"}, "overheads[0].entity", "UNKNOWN_REFERENCE"),
        ({"period": "YEAR"}, "overheads[0].period", "INVALID"),
        ({"basis": "SEATS"}, "overheads[0].basis", "INVALID"),
        ({"amount": "-5"}, "overheads[0].amount", "NEGATIVE"),
        ({"amount": "1.005"}, "overheads[0].amount", "INVALID"),
        ({"valid_to": "2025-06-30"}, "overheads[0].valid_to", "DATE_ORDER"),
        ({"colour": "red"}, "overheads[0].colour", "UNKNOWN_KEY"),
        ({"name": None}, "overheads[0].name", "REQUIRED"),
    ],
)
def test_a_bad_overhead_is_refused_by_path(db, change, field, code):
    doc = base_document() | {"overheads": [HQ | change]}

    result = configuration_import(document=dump(doc))

    assert [(e.field, e.code) for e in result.errors] == [(field, code)]
    assert OverheadRule.objects.count() == 0


@pytest.mark.parametrize(
    ("late_payers", "field"),
    [
        ({"drift_days": -1}, "late_payers.drift_days"),
        ({"recent_receipts": 0}, "late_payers.recent_receipts"),
        ({"email_account_manager": "yes"}, "late_payers.email_account_manager"),
        ({"margin": 3}, "late_payers.margin"),
    ],
)
def test_a_bad_late_payer_policy_is_refused_by_path(db, late_payers, field):
    result = configuration_import(document=dump(base_document() | {"late_payers": late_payers}))

    assert [e.field for e in result.errors] == [field]
    assert LatePayerPolicy.objects.count() == 0
