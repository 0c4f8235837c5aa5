"""The database holds the rules too (PostgreSQL): exclusion constraints on overlapping validity,
check constraints on values. The services check the same rules on every database."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction

from kserp.configuration.services import configuration_import
from kserp.rates.models import BillAgreement, BillMethod, BillRateLine, BillRateRule, Oncost, OncostValue
from tests.rates.documents import base_document, dump

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="exclusion constraints need PostgreSQL (CI)")


def _immediately() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def test_two_headers_at_one_node_cannot_overlap(db):
    BillAgreement.objects.create(name="A", node_level="country", node_value="AU", valid_from=dt.date(2025, 1, 1))

    with pytest.raises(IntegrityError, match="rates_billagreement_no_overlap_at_node"), transaction.atomic():
        BillAgreement.objects.create(name="B", node_level="country", node_value="AU", valid_from=dt.date(2026, 1, 1))
        _immediately()


def test_oncost_values_cannot_overlap(db):
    oncost = Oncost.objects.create(
        code="SUPER", name="Super", kind="PERCENT", bill=True, node_level="country", node_value="AU"
    )
    OncostValue.objects.create(
        oncost=oncost, valid_from=dt.date(2025, 1, 1), valid_to=dt.date(2025, 6, 30), value=Decimal("11.5")
    )

    with pytest.raises(IntegrityError, match="rates_oncostvalue_no_overlap"), transaction.atomic():
        OncostValue.objects.create(oncost=oncost, valid_from=dt.date(2025, 6, 30), value=Decimal("12"))
        _immediately()


def test_two_rules_at_one_node_cannot_bill_one_scope_at_once(db):
    assert configuration_import(document=dump(base_document())).ok
    line = BillRateLine.objects.get(rule__node_level="country")
    rule = BillRateRule.objects.create(
        agreement=line.agreement, node_level="country", node_value="AU", valid_from=dt.date(2025, 9, 1)
    )

    with pytest.raises(IntegrityError, match="rates_billrateline_one_rule_per_node_and_scope"), transaction.atomic():
        BillRateLine.objects.create(
            rule=rule,
            scope_kind="ALL",
            method=BillMethod.MARKUP_PERCENT,
            value=Decimal(30),
            agreement=line.agreement,
            node_level="country",
            node_value="AU",
            valid_from=dt.date(2025, 9, 1),
        )
        _immediately()


def test_a_margin_of_100_is_refused_by_the_database(db):
    assert configuration_import(document=dump(base_document())).ok
    line = BillRateLine.objects.get(rule__node_level="job_order", rule__node_value="JO-MARGIN")

    with pytest.raises(IntegrityError, match="rates_billrateline_margin_below_100"), transaction.atomic():
        BillRateLine.objects.filter(pk=line.pk).update(value=Decimal(100))


def test_a_negative_value_is_refused_by_the_database(db):
    assert configuration_import(document=dump(base_document())).ok

    with pytest.raises(IntegrityError, match="rates_billrateline_value_non_negative"), transaction.atomic():
        BillRateLine.objects.update(value=Decimal(-1))


def test_a_change_rate_ending_and_starting_rules_passes_the_constraints(db):
    """Ending a rule and starting its successor at the same node and scope in one transaction."""
    from kserp.rates.services import BillLineInput, bill_rule_change_rate

    assert configuration_import(document=dump(base_document())).ok
    rule = BillRateRule.objects.get(node_level="country")

    bill_rule_change_rate(
        rule=rule, valid_from=dt.date(2025, 10, 1), lines=[BillLineInput("ALL", "", "MARKUP_PERCENT", Decimal(30))]
    )
    _immediately()

    assert BillRateRule.objects.filter(node_level="country").count() == 2
