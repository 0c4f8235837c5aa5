"""PayeeInput -> the service's PayeeDetails (an update keeps what the input leaves out)."""

from __future__ import annotations

from dataclasses import replace

from kserp.api.core.errors import UserError
from kserp.api.crm.payee_types import PayeeInput
from kserp.crm.services import BankDetails, PayeeDetails, SuperFund, TaxDeclaration

#: Input fields that are bank or tax facts: only finance staff may set them.
PAY_DETAIL_FIELDS = ("bank", "tax", "super_fund", "abn", "gst_registered")
CAMEL = {"super_fund": "superFund", "gst_registered": "gstRegistered"}


def pay_detail_errors(data: PayeeInput, allowed: bool) -> list[UserError]:
    if allowed:
        return []
    return [
        UserError(
            field=CAMEL.get(name, name),
            code="FORBIDDEN",
            message="Bank and tax facts are set by finance staff.",
        )
        for name in PAY_DETAIL_FIELDS
        if getattr(data, name) is not None
    ]


def details_from_input(data: PayeeInput, base: PayeeDetails) -> PayeeDetails:
    changes: dict[str, object] = {}
    for name in ("code", "name", "kind", "email", "abn", "gst_registered"):
        value = getattr(data, name)
        if value is not None:
            changes[name] = value
    if data.bank is not None:
        changes["bank"] = BankDetails(bsb=data.bank.bsb, account=data.bank.account, name=data.bank.name)
    if data.tax is not None:
        changes["tax"] = TaxDeclaration(
            tfn_provided=data.tax.tfn_provided,
            tax_free_threshold=data.tax.tax_free_threshold,
            foreign_resident=data.tax.foreign_resident,
        )
    if data.super_fund is not None:
        fund = data.super_fund
        changes["super_fund"] = SuperFund(name=fund.name, usi=fund.usi, member_number=fund.member_number)
    return replace(base, **changes)  # type: ignore[arg-type]
