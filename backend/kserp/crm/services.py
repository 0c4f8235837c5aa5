"""Writes of the crm domain. Payees are created and updated here (by the API) and by the
configuration import, both through `payee_problems` so the rules are the same everywhere."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.db import transaction

from kserp.base.identifiers import normalise_abn, normalise_account_number, normalise_bsb
from kserp.crm.models import Payee, PayeeKind
from kserp.errors import ServiceError, ValidationFailed


@dataclass(frozen=True)
class BankDetails:
    bsb: str
    account: str
    name: str


@dataclass(frozen=True)
class TaxDeclaration:
    """The answers of a TFN declaration; the TFN itself is not taken."""

    tfn_provided: bool
    tax_free_threshold: bool
    foreign_resident: bool


@dataclass(frozen=True)
class SuperFund:
    name: str
    usi: str
    member_number: str


@dataclass(frozen=True)
class PayeeDetails:
    """Everything about a payee that a person enters; ``None`` means "none"."""

    code: str
    name: str
    kind: str
    email: str = ""
    bank: BankDetails | None = None
    tax: TaxDeclaration | None = None
    super_fund: SuperFund | None = None
    abn: str = ""
    gst_registered: bool = False


def payee_problems(details: PayeeDetails, prefix: str = "") -> tuple[dict[str, object], list[ServiceError]]:
    """Check ``details``; return the model's field values (normalised) and every problem found,
    each naming its field (``bank.bsb``) under ``prefix`` (``payees[2].``)."""
    errors: list[ServiceError] = []
    values: dict[str, object] = {}

    def bad(field: str, message: str, code: str = "INVALID") -> None:
        errors.append(ServiceError(code=code, message=message, field=f"{prefix}{field}"))

    code, name = details.code.strip(), details.name.strip()
    if not code or len(code) > 32:
        bad("code", "A code is 1 to 32 characters.", "REQUIRED" if not code else "INVALID")
    if not name or len(name) > 200:
        bad("name", "A name is 1 to 200 characters.", "REQUIRED" if not name else "INVALID")
    if details.kind not in PayeeKind.values:
        bad("kind", f"Kind is one of {', '.join(PayeeKind.values)}.")
    values.update(code=code, name=name, kind=details.kind)

    email = details.email.strip()
    if email:
        try:
            validate_email(email)
        except DjangoValidationError:
            bad("email", "This is not an email address.")
    values["email"] = email

    values.update(bank_bsb="", bank_account="", bank_account_name="")
    if details.bank is not None:
        try:
            values["bank_bsb"] = normalise_bsb(details.bank.bsb)
        except ValueError as exc:
            bad("bank.bsb", str(exc))
        try:
            values["bank_account"] = normalise_account_number(details.bank.account)
        except ValueError as exc:
            bad("bank.account", str(exc))
        account_name = details.bank.name.strip()
        if not account_name or len(account_name) > 32:
            bad("bank.name", "The account name is 1 to 32 characters, as the bank file carries it.")
        values["bank_account_name"] = account_name

    employee = details.kind == PayeeKind.EMPLOYEE
    values.update(tfn_provided=None, tax_free_threshold=None, foreign_resident=None)
    if details.tax is not None:
        if not employee:
            bad("tax", "Only employees make a TFN declaration; a contractor quotes an ABN.")
        else:
            values.update(
                tfn_provided=details.tax.tfn_provided,
                tax_free_threshold=details.tax.tax_free_threshold,
                foreign_resident=details.tax.foreign_resident,
            )
    values.update(super_fund_name="", super_fund_usi="", super_member_number="")
    if details.super_fund is not None:
        if not employee:
            bad("superFund", "A super fund is kept for employees only.")
        fund = details.super_fund
        for field, value, limit in (
            ("name", fund.name, 200),
            ("usi", fund.usi, 20),
            ("memberNumber", fund.member_number, 30),
        ):
            if not value.strip() or len(value.strip()) > limit:
                bad(f"superFund.{field}", f"Required, at most {limit} characters.")
        values.update(
            super_fund_name=fund.name.strip(),
            super_fund_usi=fund.usi.strip(),
            super_member_number=fund.member_number.strip(),
        )

    values["abn"] = ""
    if details.abn.strip():
        if employee:
            bad("abn", "An employee has no ABN on their pay; contractors quote one.")
        try:
            values["abn"] = normalise_abn(details.abn)
        except ValueError as exc:
            bad("abn", str(exc))
    values["gst_registered"] = details.gst_registered
    if details.gst_registered and (employee or not values["abn"]):
        bad("gstRegistered", "Only a contractor with an ABN can be registered for GST.")
    return values, errors


def payee_create(*, details: PayeeDetails) -> Payee:
    values, errors = payee_problems(details)
    if not errors and Payee.objects.filter(code=values["code"]).exists():
        errors.append(ServiceError(code="DUPLICATE", message="A payee with this code exists.", field="code"))
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        return Payee.objects.create(**values)


def payee_update(*, payee: Payee, details: PayeeDetails) -> Payee:
    values, errors = payee_problems(details)
    if not errors and Payee.objects.filter(code=values["code"]).exclude(pk=payee.pk).exists():
        errors.append(ServiceError(code="DUPLICATE", message="A payee with this code exists.", field="code"))
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        locked = Payee.objects.select_for_update().get(pk=payee.pk)
        for field, value in values.items():
            setattr(locked, field, value)
        locked.save()
    return locked


def payee_details_of(payee: Payee) -> PayeeDetails:
    """A stored payee as `PayeeDetails` (an update changes some of it and passes the rest back)."""
    return PayeeDetails(
        code=payee.code,
        name=payee.name,
        kind=payee.kind,
        email=payee.email,
        bank=BankDetails(payee.bank_bsb, payee.bank_account, payee.bank_account_name) if payee.bank_bsb else None,
        tax=TaxDeclaration(bool(payee.tfn_provided), bool(payee.tax_free_threshold), bool(payee.foreign_resident))
        if payee.tfn_provided is not None
        else None,
        super_fund=SuperFund(payee.super_fund_name, payee.super_fund_usi, payee.super_member_number)
        if payee.super_fund_name
        else None,
        abn=payee.abn,
        gst_registered=payee.gst_registered,
    )
