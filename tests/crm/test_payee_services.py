"""Payee details: validation by field, normalised storage, database constraints as a backstop."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from kserp.crm.models import Payee
from kserp.crm.services import BankDetails, PayeeDetails, SuperFund, TaxDeclaration, payee_create, payee_update
from kserp.errors import ValidationFailed

JANE = PayeeDetails(
    code="P001",
    name="Jane Citizen",
    kind="EMPLOYEE",
    email="jane@example.com",
    bank=BankDetails(bsb="063000", account="1234 5678", name="J Citizen"),
    tax=TaxDeclaration(tfn_provided=True, tax_free_threshold=True, foreign_resident=False),
    super_fund=SuperFund(name="Example Super", usi="EXS0001AU", member_number="100200"),
)
RAJ = PayeeDetails(
    code="P002",
    name="Raj Patel",
    kind="CONTRACTOR",
    bank=BankDetails(bsb="083-004", account="987654321", name="R Patel"),
    abn="51 824 753 556",
    gst_registered=True,
)


def test_an_employee_and_a_contractor_are_stored_normalised(db):
    jane = payee_create(details=JANE)
    raj = payee_create(details=RAJ)
    jane.refresh_from_db()
    assert (jane.bank_bsb, jane.bank_account, jane.bank_account_name) == ("063-000", "12345678", "J Citizen")
    assert (jane.tfn_provided, jane.tax_free_threshold, jane.foreign_resident) == (True, True, False)
    assert (jane.super_fund_name, jane.super_fund_usi, jane.super_member_number) == (
        "Example Super",
        "EXS0001AU",
        "100200",
    )
    assert (raj.abn, raj.gst_registered, raj.tfn_provided) == ("51824753556", True, None)


def _fields(exc: pytest.ExceptionInfo[ValidationFailed]) -> list[str | None]:
    return [e.field for e in exc.value.errors]


def test_every_problem_is_named_by_field_and_nothing_is_stored(db):
    bad = PayeeDetails(
        code="P009",
        name="Bad",
        kind="CONTRACTOR",
        email="not-an-email",
        bank=BankDetails(bsb="63-000", account="1234567890", name=""),
        tax=TaxDeclaration(tfn_provided=True, tax_free_threshold=False, foreign_resident=False),
        abn="51824753557",
        gst_registered=True,
    )
    with pytest.raises(ValidationFailed) as exc:
        payee_create(details=bad)
    assert _fields(exc) == ["email", "bank.bsb", "bank.account", "bank.name", "tax", "abn", "gstRegistered"]
    assert not Payee.objects.filter(code="P009").exists()


def test_an_employee_has_no_abn_and_a_complete_super_fund(db):
    bad = PayeeDetails(code="P010", name="E", kind="EMPLOYEE", abn="51824753556", super_fund=SuperFund("", "U", ""))
    with pytest.raises(ValidationFailed) as exc:
        payee_create(details=bad)
    assert _fields(exc) == ["superFund.name", "superFund.memberNumber", "abn"]


def test_update_replaces_details_and_refuses_a_taken_code(db):
    jane = payee_create(details=JANE)
    payee_create(details=RAJ)
    with pytest.raises(ValidationFailed) as exc:
        payee_update(payee=jane, details=PayeeDetails(code="P002", name="Jane", kind="EMPLOYEE"))
    assert [(e.field, e.code) for e in exc.value.errors] == [("code", "DUPLICATE")]
    updated = payee_update(payee=jane, details=PayeeDetails(code="P001", name="Jane C", kind="EMPLOYEE"))
    updated.refresh_from_db()
    assert (updated.name, updated.bank_bsb, updated.tfn_provided) == ("Jane C", "", None)


@pytest.mark.parametrize(
    "values",
    [
        {"bank_bsb": "063000", "bank_account": "1", "bank_account_name": "X"},
        {"bank_bsb": "063-000", "bank_account": "", "bank_account_name": "X"},
        {"abn": "123"},
        {"kind": "CONTRACTOR", "tfn_provided": True, "tax_free_threshold": True, "foreign_resident": False},
        {"tfn_provided": True},
        {"kind": "CONTRACTOR", "gst_registered": True},
    ],
)
def test_the_database_refuses_what_the_service_would(db, values):
    with pytest.raises(IntegrityError), transaction.atomic():
        Payee.objects.create(**{"code": "X", "name": "X", "kind": "EMPLOYEE", **values})
