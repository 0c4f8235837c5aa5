"""Payee pay details in GraphQL: bank, TFN declaration facts, super fund, ABN (finance only)."""

from __future__ import annotations

import strawberry

from kserp.base.identifiers import mask_account_number


@strawberry.type(name="PayeeBank")
class PayeeBank:
    bsb: str
    account: str = strawberry.field(description="The full account number.")
    name: str

    @strawberry.field(description="The account number with all but its last three digits hidden (for lists).")
    def account_masked(self) -> str:
        return mask_account_number(self.account)


@strawberry.type(name="TaxDeclaration")
class TaxDeclarationType:
    tfn_provided: bool = strawberry.field(description="A TFN was quoted (the TFN itself is not kept).")
    tax_free_threshold: bool
    foreign_resident: bool


@strawberry.type(name="SuperFund")
class SuperFundType:
    name: str
    usi: str
    member_number: str


@strawberry.input
class BankInput:
    bsb: str = strawberry.field(description="ddd-ddd")
    account: str = strawberry.field(description="Up to 9 digits.")
    name: str = strawberry.field(description="The account name, up to 32 characters.")


@strawberry.input
class TaxDeclarationInput:
    tfn_provided: bool
    tax_free_threshold: bool
    foreign_resident: bool


@strawberry.input
class SuperFundInput:
    name: str
    usi: str
    member_number: str


@strawberry.input
class PayeeInput:
    """On update, a field left out (null) keeps its value."""

    code: str | None = None
    name: str | None = None
    kind: str | None = strawberry.field(default=None, description="EMPLOYEE | CONTRACTOR")
    email: str | None = None
    bank: BankInput | None = None
    tax: TaxDeclarationInput | None = strawberry.field(default=None, description="Employees only.")
    super_fund: SuperFundInput | None = strawberry.field(default=None, description="Employees only.")
    abn: str | None = strawberry.field(default=None, description="Contractors: 11 digits, ATO checksum.")
    gst_registered: bool | None = strawberry.field(default=None, description="Contractors with an ABN.")
