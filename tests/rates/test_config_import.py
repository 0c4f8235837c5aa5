"""The configuration import (docs/configuration.md): every rejection by path, all-or-nothing,
idempotence, dry runs, the command."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from kserp.base.models import Entity
from kserp.configuration.services import configuration_import
from kserp.crm.models import Client
from kserp.identity.models import User
from kserp.orders.models import JobOrder
from kserp.rates.models import BillAgreement, BillRateLine, BillRateRule, PayCode
from tests.rates.documents import base_document, dump

REPO = Path(__file__).resolve().parents[2]


def _set(doc: dict[str, Any], path: list[Any], value: Any) -> None:
    target = doc
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value


def _add_agreement(doc: dict[str, Any], agreement: dict[str, Any]) -> None:
    doc["bill_agreements"].append(agreement)


REJECTIONS: list[tuple[str, Callable[[dict[str, Any]], None], str, str]] = [
    ("unknown key", lambda d: _set(d, ["entities", 0, "colour"], "blue"), "entities[0].colour", "UNKNOWN_KEY"),
    (
        "unknown key in the hierarchy",
        lambda d: _set(
            d,
            ["hierarchy"],
            {"levels": ["country", "brand", "state", "client", "cost_centre", "payee", "job_order"], "depth": 2},
        ),
        "hierarchy.depth",
        "UNKNOWN_KEY",
    ),
    (
        "node level not in the hierarchy",
        lambda d: _set(d, ["bill_agreements", 0, "rules", 0, "node"], {"region": "EAST"}),
        "bill_agreements[0].rules[0].node",
        "UNKNOWN_LEVEL",
    ),
    (
        "job order path level not in the hierarchy",
        lambda d: _set(d, ["job_orders", 0, "path"], {"state": "NSW", "region": "EAST"}),
        "job_orders[0].path.region",
        "UNKNOWN_LEVEL",
    ),
    (
        "rule node above its header's level",
        lambda d: _add_agreement(
            d,
            {
                "name": "Acme",
                "node": {"client": "ACME"},
                "valid_from": "2025-07-01",
                "rules": [
                    {"node": {"country": "AU"}, "lines": [{"scope": "ALL", "method": "FLAT_RATE", "value": "40"}]}
                ],
            },
        ),
        "bill_agreements[1].rules[0].node",
        "ABOVE_HEADER",
    ),
    (
        "overlapping headers at the same node",
        lambda d: _add_agreement(
            d, {"name": "Second AU", "node": {"country": "AU"}, "valid_from": "2026-01-01", "rules": []}
        ),
        "bill_agreements[1]",
        "OVERLAP",
    ),
    (
        "rule validity outside its header",
        lambda d: _set(d, ["bill_agreements", 0, "rules", 0, "valid_from"], "2025-06-01"),
        "bill_agreements[0].rules[0].valid_from",
        "OUTSIDE_HEADER",
    ),
    (
        "two rules valid at once for the same node and scope",
        lambda d: d["bill_agreements"][0]["rules"].append(
            {
                "node": {"country": "AU"},
                "valid_from": "2025-09-01",
                "lines": [{"scope": "ALL", "method": "MARKUP_PERCENT", "value": "30"}],
            }
        ),
        "bill_agreements[0].rules[4]",
        "OVERLAP",
    ),
    (
        "MARGIN_PERCENT of 100",
        lambda d: _set(d, ["bill_agreements", 0, "rules", 1, "lines", 0, "value"], "100"),
        "bill_agreements[0].rules[1].lines[0].value",
        "MARGIN_TOO_HIGH",
    ),
    (
        "negative rate",
        lambda d: _set(d, ["pay_agreements", 0, "rates", 0, "rate"], "-28.00"),
        "pay_agreements[0].rates[0].rate",
        "NEGATIVE",
    ),
    (
        "negative line value",
        lambda d: _set(d, ["bill_agreements", 0, "rules", 0, "lines", 0, "value"], -5),
        "bill_agreements[0].rules[0].lines[0].value",
        "NEGATIVE",
    ),
    (
        "negative oncost value",
        lambda d: _set(d, ["oncosts", 0, "values", 0, "value"], "-1"),
        "oncosts[0].values[0].value",
        "NEGATIVE",
    ),
    (
        "unknown pay code",
        lambda d: _set(d, ["pay_agreements", 0, "rates", 0, "pay_code"], "ORDX"),
        "pay_agreements[0].rates[0].pay_code",
        "UNKNOWN_REFERENCE",
    ),
    (
        "unknown oncost",
        lambda d: _set(d, ["bill_agreements", 0, "rules", 0, "lines", 0, "oncosts"], ["SUPER"]),
        "bill_agreements[0].rules[0].lines[0].oncosts[0]",
        "UNKNOWN_REFERENCE",
    ),
    (
        "unknown client",
        lambda d: _set(d, ["job_orders", 1, "client"], "NOPE"),
        "job_orders[1].client",
        "UNKNOWN_REFERENCE",
    ),
    (
        "unknown payee",
        lambda d: _set(d, ["job_orders", 1, "payee"], "P999"),
        "job_orders[1].payee",
        "UNKNOWN_REFERENCE",
    ),
    ("unknown entity", lambda d: _set(d, ["clients", 0, "entity"], "KSNZ"), "clients[0].entity", "UNKNOWN_REFERENCE"),
    (
        "unknown agreement",
        lambda d: _set(d, ["job_orders", 0, "pay_agreement"], "Award 1999"),
        "job_orders[0].pay_agreement",
        "UNKNOWN_REFERENCE",
    ),
    (
        "unknown consultant",
        lambda d: _set(d, ["job_orders", 0, "consultant"], "nobody"),
        "job_orders[0].consultant",
        "UNKNOWN_REFERENCE",
    ),
    (
        "bill agreement that does not apply (dates)",
        lambda d: (_set(d, ["bill_agreements", 0, "valid_to"], "2026-06-30"), _set(d, ["job_orders", 0, "end"], None)),
        "job_orders[0].bill_agreement",
        "NOT_APPLICABLE",
    ),
    (
        "pay agreement that does not apply (node)",
        lambda d: (
            _set(d, ["pay_agreements", 0, "node"], {"state": "NSW"}),
            _set(d, ["job_orders", 0, "path", "state"], "VIC"),
        ),
        "job_orders[0].pay_agreement",
        "NOT_APPLICABLE",
    ),
    (
        "valid_to before valid_from",
        lambda d: _set(d, ["bill_agreements", 0, "valid_to"], "2025-06-30"),
        "bill_agreements[0].valid_to",
        "DATE_ORDER",
    ),
    (
        "overlapping oncost values",
        lambda d: d["oncosts"][0]["values"].append({"valid_from": "2025-03-01", "value": "16"}),
        "oncosts[0].values[1]",
        "OVERLAP",
    ),
]


def _nothing_stored() -> None:
    assert Entity.objects.count() == 0
    assert PayCode.objects.count() == 0
    assert BillAgreement.objects.count() == 0
    assert JobOrder.objects.count() == 0
    assert User.objects.filter(username="acme.ap").count() == 0


@pytest.mark.parametrize(("change", "field", "code"), [r[1:] for r in REJECTIONS], ids=[r[0] for r in REJECTIONS])
def test_a_bad_document_is_rejected_by_path_and_nothing_is_stored(db, change, field, code):
    doc = base_document()
    change(doc)

    result = configuration_import(document=dump(doc))

    assert result.ok is False
    assert [(e.field, e.code) for e in result.errors] == [(field, code)], result.errors
    _nothing_stored()


def test_the_base_document_is_valid(db):
    result = configuration_import(document=dump(base_document()))

    assert result.ok, result.errors
    assert JobOrder.objects.count() == 4


def test_every_error_is_reported_in_one_pass(db):
    doc = base_document()
    doc["entities"][0]["tax_rate"] = "ten"
    doc["bill_agreements"][0]["rules"][1]["lines"][0]["value"] = "150"
    doc["job_orders"][2]["payee"] = "P404"

    result = configuration_import(document=dump(doc))

    assert [e.field for e in result.errors] == [
        "entities[0].tax_rate",
        "bill_agreements[0].rules[1].lines[0].value",
        "job_orders[2].payee",
    ]
    assert result.errors[0].message == "'ten' is not a number."
    assert result.errors[1].message == "MARGIN_PERCENT must be below 100 (got 150)."
    _nothing_stored()


def test_a_header_overlapping_a_stored_header_is_rejected(db):
    assert configuration_import(document=dump(base_document())).ok
    doc = {
        "version": 1,
        "bill_agreements": [{"name": "Another AU", "node": {"country": "AU"}, "valid_from": "2024-01-01"}],
    }

    result = configuration_import(document=dump(doc))

    assert [(e.field, e.code) for e in result.errors] == [("bill_agreements[0]", "OVERLAP")]
    assert result.errors[0].message == (
        "Overlaps bill agreement 'Standard AU' (2025-07-01..open) at the same node country=AU: "
        "headers at one node never overlap."
    )
    assert BillAgreement.objects.count() == 1


def test_not_yaml_is_one_error(db):
    result = configuration_import(document="version: 1\nentities: [\n")

    assert result.ok is False
    assert [e.code for e in result.errors] == ["SYNTAX"]


def test_importing_twice_is_importing_once(db):
    text = dump(base_document())
    first = configuration_import(document=text)
    ids = sorted(BillRateLine.objects.values_list("id", flat=True))

    second = configuration_import(document=text)

    assert first.ok and second.ok
    assert {s.section: (s.created, s.changed, s.unchanged) for s in second.sections} == {
        "entities": (0, 0, 1),
        "pay_codes": (0, 0, 3),
        "oncosts": (0, 0, 1),
        "clients": (0, 0, 1),
        "portal_users": (0, 0, 1),
        "payees": (0, 0, 1),
        "pay_agreements": (0, 0, 1),
        "bill_agreements": (0, 0, 1),
        "job_orders": (0, 0, 4),
    }
    assert sorted(BillRateLine.objects.values_list("id", flat=True)) == ids
    assert BillRateRule.objects.count() == 4


def test_a_changed_document_updates_in_place(db):
    doc = base_document()
    assert configuration_import(document=dump(doc)).ok
    doc["bill_agreements"][0]["rules"][0]["lines"][0]["value"] = "30"
    doc["clients"][0]["name"] = "Acme Logistics Pty Ltd"

    result = configuration_import(document=dump(doc))

    counts = {s.section: (s.created, s.changed, s.unchanged) for s in result.sections}
    assert counts["bill_agreements"] == (0, 1, 0)
    assert counts["clients"] == (0, 1, 0)
    assert BillRateLine.objects.get(rule__node_level="country").value == Decimal("30.0000")
    assert Client.objects.get().name == "Acme Logistics Pty Ltd"


def test_a_dry_run_reports_the_counts_and_stores_nothing(db):
    result = configuration_import(document=dump(base_document()), dry_run=True)

    assert result.ok and result.dry_run
    assert result.summary.startswith(
        "Dry run, nothing stored: entities: 1 created, 0 changed, 0 unchanged; pay_codes: 3 created"
    )
    assert {s.section: s.created for s in result.sections}["job_orders"] == 4
    _nothing_stored()


def test_portal_users_are_bound_to_their_client_without_a_password(db):
    assert configuration_import(document=dump(base_document())).ok

    user = User.objects.get(username="acme.ap")

    assert user.client is not None and user.client.code == "ACME"
    assert user.has_usable_password() is False
    assert user.is_staff is False


def test_yaml_floats_are_read_as_decimals(db):
    doc = base_document()
    doc["pay_agreements"][0]["rates"][0]["rate"] = 28.1  # a YAML float

    assert configuration_import(document=dump(doc)).ok

    assert PayCode.objects.get(code="ORD").pay_rate_rules.get().rate == Decimal("28.1000")


def test_the_example_document_imports(db):
    User.objects.create_user(username="alex", is_staff=True)
    text = (REPO / "docs" / "examples" / "config.yaml").read_text()

    result = configuration_import(document=text)

    assert result.ok, result.errors
    assert JobOrder.objects.get(code="JO-1001").consultant.username == "alex"
    assert JobOrder.objects.get(code="JO-1001").path == {"state": "NSW", "cost_centre": "CC10"}
    assert BillAgreement.objects.get(name="Globex 2025").valid_to == dt.date(2026, 6, 30)


def test_the_command_prints_every_error_and_exits_1(db, tmp_path, capsys):
    doc = base_document()
    doc["job_orders"][0]["client"] = "NOPE"
    doc["entities"][0]["colour"] = "blue"
    path = tmp_path / "bad.yaml"
    path.write_text(dump(doc))

    with pytest.raises(CommandError) as raised:
        call_command("import_config", str(path))

    assert raised.value.returncode == 1
    err = capsys.readouterr().err
    assert "entities[0].colour: Unknown key 'colour'" in err
    assert "job_orders[0].client: Unknown client 'NOPE'. [UNKNOWN_REFERENCE]" in err
    _nothing_stored()


def test_the_command_dry_run_stores_nothing(db, tmp_path, capsys):
    path = tmp_path / "good.yaml"
    path.write_text(dump(base_document()))

    call_command("import_config", str(path), "--dry-run")

    assert capsys.readouterr().out.startswith("Dry run, nothing stored:")
    _nothing_stored()
