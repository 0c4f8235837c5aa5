"""The configuration document cannot hurt: no YAML aliases, no duplicate keys, impossible dates at
their path, every error of every section in one pass up to a cap (docs/configuration.md)."""

from __future__ import annotations

from kserp.base.models import Entity
from kserp.configuration.reader import MAX_ERRORS
from kserp.configuration.services import configuration_import
from kserp.rates.models import PayCode
from tests.rates.documents import base_document, dump

LAUGHS = """version: 1
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
"""


def _errors(document: str) -> list[tuple[str | None, str]]:
    result = configuration_import(document=document)
    assert result.ok is False
    return [(e.field, e.code) for e in result.errors]


def test_yaml_aliases_are_refused_before_anything_expands(db):
    result = configuration_import(document=LAUGHS)
    assert [(e.field, e.code) for e in result.errors] == [(None, "SYNTAX")]
    assert result.errors[0].message == (
        "Not valid YAML or JSON (line 3, column 8): aliases (*a) are not allowed: write the value out."
    )


def test_an_alias_document_through_the_api_gets_a_small_answer(staff_client):
    query = "mutation($d: String!) { importConfiguration(document: $d) { ok errors { code message } } }"
    response = staff_client.post(
        "/graphql", data={"query": query, "variables": {"d": LAUGHS}}, content_type="application/json"
    )
    assert len(response.content) < 1000
    assert response.json()["data"]["importConfiguration"]["errors"][0]["code"] == "SYNTAX"


def test_duplicate_mapping_keys_are_refused_with_their_path(db):
    doc = dump(base_document()).replace("  name: Ordinary hours\n", "  name: Ordinary hours\n  name: Ordinary\n", 1)
    result = configuration_import(document=doc)
    assert [(e.field, e.code) for e in result.errors] == [("pay_codes[0].name", "DUPLICATE_KEY")]
    line = doc.splitlines().index("  name: Ordinary") + 1
    assert result.errors[0].message == f"Key 'name' is given twice (again on line {line})."
    assert PayCode.objects.count() == 0


def test_an_impossible_unquoted_date_is_an_error_at_its_path(db):
    doc = dump(base_document()).replace("valid_from: '2025-01-01'", "valid_from: 2025-02-30", 1)
    assert _errors(doc) == [("oncosts[0].values[0].valid_from", "INVALID")]


def test_a_missing_required_key_is_reported_with_the_rest_of_the_item(db):
    doc = base_document()
    del doc["entities"][0]["name"]
    doc["entities"][0]["tax_rate"] = "ten"
    assert _errors(dump(doc))[:2] == [("entities[0].name", "REQUIRED"), ("entities[0].tax_rate", "INVALID")]
    assert Entity.objects.count() == 0


def test_errors_in_every_section_and_phase_come_in_one_pass(db):
    doc = base_document()
    doc["entities"][0]["colour"] = "red"  # unknown key
    doc["pay_codes"][1]["multiplier"] = "x"  # bad value
    doc["oncosts"][0]["values"][0]["valid_from"] = "2025-02-30"  # impossible date
    doc["bill_agreements"].append({"name": "Other AU", "node": {"country": "AU"}, "valid_from": "2025-08-01"})
    doc["job_orders"][0]["client"] = "NOPE"  # reference
    assert _errors(dump(doc)) == [
        ("entities[0].colour", "UNKNOWN_KEY"),
        ("pay_codes[1].multiplier", "INVALID"),
        ("oncosts[0].values[0].valid_from", "INVALID"),
        ("bill_agreements[1]", "OVERLAP"),
        ("job_orders[0].client", "UNKNOWN_REFERENCE"),
    ]


def test_errors_are_capped_and_the_rest_counted(db):
    doc = {"version": 1, "pay_codes": [{"code": f"X{i}", "name": "X", "type": "NOPE"} for i in range(MAX_ERRORS + 30)]}
    errors = configuration_import(document=dump(doc)).errors
    assert [e.field for e in errors[:MAX_ERRORS]] == [f"pay_codes[{i}].type" for i in range(MAX_ERRORS)]
    assert (errors[-1].field, errors[-1].code, errors[-1].message) == (
        None,
        "TOO_MANY_ERRORS",
        f"30 more error(s) not listed: at most {MAX_ERRORS} are reported per document.",
    )
    assert len(errors) == MAX_ERRORS + 1


def test_control_characters_are_a_syntax_error_not_a_crash(db):
    assert _errors("\x1f") == [(None, "SYNTAX")]
