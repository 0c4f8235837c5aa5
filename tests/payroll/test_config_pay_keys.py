"""The configuration document's pay keys: stored when given, rejected by path, additive."""

from __future__ import annotations

import copy
import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from kserp.base.models import Entity
from kserp.configuration.services import configuration_import
from kserp.crm.models import Payee
from kserp.payroll.calc.withholding import SCHEDULE_1_2024_25, TaxFacts, withholding
from kserp.payroll.models import PaySchedule, WithholdingTable
from kserp.payroll.tables import scales_to_json, table_of, withholding_table
from kserp.rates.models import Oncost, PayCode
from tests.rates.documents import base_document, dump

BANK = {"bsb": "062-000", "account": "10203040", "name": "KS Staffing Pty Ltd", "mnemonic": "CBA", "apca_id": "301500"}
TABLE = {"name": "Schedule 1 2024-25", "valid_from": "2024-07-01", "scales": scales_to_json(SCHEDULE_1_2024_25),
         "no_tfn_percent": {"resident": "47", "foreign": "45"}}  # fmt: skip


def _pay_document() -> dict[str, Any]:
    doc = base_document()
    doc["entities"][0].update(abn="51 824 753 556", bank=BANK, pay_schedule={"frequency": "FORTNIGHTLY"})
    doc["pay_codes"].append({"code": "MEAL", "name": "Meal allowance", "type": "ALLOWANCE", "unit": "EACH",
                             "withholding": False})  # fmt: skip
    doc["oncosts"][0]["applies_to"] = {"all": True, "payee_kinds": ["EMPLOYEE"]}
    doc["payees"] = [
        {"code": "P001", "name": "Jane Citizen", "kind": "EMPLOYEE", "email": "jane@example.com",
         "bank": {"bsb": "063-000", "account": "12345678", "name": "J Citizen"},
         "tax": {"tfn_provided": True, "tax_free_threshold": True, "foreign_resident": False},
         "super_fund": {"name": "Example Super", "usi": "EXS0001AU", "member_number": "100200"}},
        {"code": "P002", "name": "Raj Patel", "kind": "CONTRACTOR",
         "bank": {"bsb": "083-004", "account": "987654321", "name": "R Patel"}, "abn": "51824753556",
         "gst_registered": True},
    ]  # fmt: skip
    doc["withholding_tables"] = [TABLE]
    return copy.deepcopy(doc)  # BANK and TABLE are shared: a test changes its own copy


def test_pay_keys_are_stored_and_a_second_import_changes_nothing(db):
    result = configuration_import(document=dump(_pay_document()))
    assert result.ok, result.errors
    entity = Entity.objects.get(code="KSAU")
    assert (entity.abn, entity.bank_bsb, entity.bank_account, entity.bank_mnemonic, entity.apca_id) == (
        "51824753556", "062-000", "10203040", "CBA", "301500",
    )  # fmt: skip
    schedule = PaySchedule.objects.get(entity=entity)
    assert (schedule.frequency, schedule.pay_day_offset_days) == ("FORTNIGHTLY", 3)
    assert PayCode.objects.get(code="MEAL").withholding is False
    assert Oncost.objects.get(code="LEVY").applies_to == {"all": True, "payee_kinds": ["EMPLOYEE"]}
    jane, raj = Payee.objects.order_by("code")
    assert (jane.bank_bsb, jane.tfn_provided, jane.super_fund_usi, jane.email) == (
        "063-000", True, "EXS0001AU", "jane@example.com",
    )  # fmt: skip
    assert (raj.abn, raj.gst_registered, raj.tfn_provided) == ("51824753556", True, None)
    stored = table_of(WithholdingTable.objects.get())
    facts = TaxFacts(True, True, False)
    assert withholding(stored, facts, Decimal("1500.40")) == withholding(SCHEDULE_1_2024_25, facts, Decimal("1500.40"))
    assert withholding_table(dt.date(2025, 1, 1)).name == "Schedule 1 2024-25"
    again = configuration_import(document=dump(_pay_document()))
    assert again.ok
    assert all(s.created == s.changed == 0 for s in again.sections), again.summary


def test_a_payee_entry_without_pay_keys_leaves_stored_details_alone(db):
    assert configuration_import(document=dump(_pay_document())).ok
    assert configuration_import(document=dump(base_document())).ok
    jane = Payee.objects.get(code="P001")
    assert (jane.bank_account, jane.tfn_provided) == ("12345678", True)


def _put(doc: dict[str, Any], path: list[Any], value: Any) -> dict[str, Any]:
    target = doc
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return doc


@pytest.mark.parametrize(
    ("path", "value", "field"),
    [
        (["entities", 0, "abn"], "51824753557", "entities[0].abn"),
        (["entities", 0, "bank", "bsb"], "62-000", "entities[0].bank.bsb"),
        (["payees", 0, "bank", "bsb"], "63-000", "payees[0].bank.bsb"),
        (["payees", 1, "tax"], {"tfn_provided": True, "tax_free_threshold": True, "foreign_resident": False},
         "payees[1].tax"),
        (["payees", 0, "tax"], None, "payees[0].tax"),
        (["payees", 1, "abn"], "12345678901", "payees[1].abn"),
        (["payees", 0, "super_fund"], {"name": "X", "usi": "", "member_number": "1"}, "payees[0].super_fund.usi"),
        (["oncosts", 0, "applies_to", "payee_kinds"], ["WORKER"], "oncosts[0].applies_to.payee_kinds[0]"),
        (["withholding_tables", 0, "scales", "2", 1, "below"], "100", "withholding_tables[0].scales.2[1].below"),
    ],
)  # fmt: skip
def test_bad_pay_keys_are_rejected_by_path_and_nothing_is_stored(db, path, value, field):
    doc = _put(_pay_document(), path, value)
    if value is None:
        del doc["payees"][0]["tax"]
    result = configuration_import(document=dump(doc))
    assert not result.ok
    assert field in [e.field for e in result.errors], result.errors
    assert not Entity.objects.exists() and not Payee.objects.exists()


def test_two_tables_starting_the_same_day_are_refused(db):
    doc = _pay_document()
    doc["withholding_tables"].append({**TABLE, "name": "Again"})
    result = configuration_import(document=dump(doc))
    assert [(e.field, e.code) for e in result.errors] == [("withholding_tables[1].valid_from", "OVERLAP")]


def test_an_oncost_limited_to_employees_does_not_price_a_contractors_lines(db):
    from kserp.crm.models import Payee as PayeeModel
    from kserp.rates.compile import compiled_job_order
    from tests.support.orders import make_job_order

    job_order = make_job_order()
    before = [o.code for o in compiled_job_order(job_order).oncosts["ORD"]]
    Oncost.objects.filter(code="SUPER").update(applies_to={"pay_code_types": ["ORDINARY"], "payee_kinds": ["EMPLOYEE"]})
    assert [o.code for o in compiled_job_order(job_order).oncosts["ORD"]] == before == ["SUPER"]
    PayeeModel.objects.filter(pk=job_order.payee_id).update(kind="CONTRACTOR")
    job_order.refresh_from_db()
    assert compiled_job_order(job_order).oncosts["ORD"] == ()
