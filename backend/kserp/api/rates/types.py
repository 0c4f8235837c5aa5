from __future__ import annotations

from decimal import Decimal
from typing import Any

import strawberry
import strawberry_django
from django.db.models import QuerySet
from strawberry import auto, relay
from strawberry.extensions import FieldExtension
from strawberry.types import Info

from kserp.api.core.errors import UserError
from kserp.api.core.permissions import Confidential, Require, confidential_queryset, scope_queryset_to_viewer
from kserp.rates import models

# Agency-internal types (docs/security.md): pay codes and bill agreements, rules and lines are for
# staff (nothing for clients, also through node(id:)); pay agreements, pay rate rules and oncosts
# are confidential (staff holding identity.view_confidential).
_CONFIDENTIAL: list[FieldExtension] = [Require(Confidential())]


class _StaffOnly:
    @classmethod
    def get_queryset(cls, queryset: QuerySet[Any], info: Info, **kwargs: Any) -> QuerySet[Any]:
        return scope_queryset_to_viewer(queryset, info, client_field=None)


class _ConfidentialRows:
    @classmethod
    def get_queryset(cls, queryset: QuerySet[Any], info: Info, **kwargs: Any) -> QuerySet[Any]:
        return confidential_queryset(queryset, info)


@strawberry_django.type(models.PayCode, name="PayCode")
class PayCodeType(_StaffOnly, relay.Node):
    code: auto
    name: auto
    type: str = strawberry_django.field(description="ORDINARY | OVERTIME | PENALTY | ALLOWANCE | LEAVE")
    unit: str = strawberry_django.field(description="HOUR | EACH | KM")
    multiplier: auto


@strawberry_django.type(models.OncostValue, name="OncostValue")
class OncostValueType(_ConfidentialRows, relay.Node):
    valid_from: auto
    valid_to: auto
    value: auto


@strawberry_django.type(models.Oncost, name="Oncost")
class OncostType(_ConfidentialRows, relay.Node):
    code: auto
    name: auto
    kind: str = strawberry_django.field(description="PERCENT (of the pay rate) | AMOUNT (per unit)")
    bill: auto
    node_level: auto
    node_value: auto
    applies_to: strawberry.scalars.JSON
    values: list[OncostValueType]


@strawberry_django.type(models.PayRateRule, name="PayRateRule")
class PayRateRuleType(_ConfidentialRows, relay.Node):
    pay_code: PayCodeType
    rate: auto
    node_level: auto
    node_value: auto
    valid_from: auto
    valid_to: auto


@strawberry_django.type(models.PayAgreement, name="PayAgreement")
class PayAgreementType(_ConfidentialRows, relay.Node):
    name: auto
    node_level: auto
    node_value: auto
    valid_from: auto
    valid_to: auto
    rates: list[PayRateRuleType]
    interpretation: strawberry.scalars.JSON | None


@strawberry_django.type(models.BillRateLine, name="BillRateLine")
class BillRateLineType(_StaffOnly, relay.Node):
    scope_kind: str = strawberry_django.field(description="ALL | TYPE | CODE")
    scope_value: auto
    method: str = strawberry_django.field(
        description="MARKUP_PERCENT | MARGIN_PERCENT | MARKUP_AMOUNT | MARKUP_FACTOR | FLAT_RATE (a markup on "
        "cost is a margin: identity.view_confidential)",
        extensions=_CONFIDENTIAL,
    )
    value: Decimal = strawberry_django.field(extensions=_CONFIDENTIAL)
    rounding_mode: str = strawberry_django.field(description="ROUND_HALF_UP | TRUNCATE")
    rounding_places: auto

    @strawberry_django.field(only=["scope_kind", "scope_value"], description="ALL, TYPE:<type> or CODE:<code>.")
    def scope(self, root: models.BillRateLine) -> str:
        return root.scope_label

    @strawberry_django.field(
        prefetch_related=["oncosts"],
        only=["oncosts_default"],
        description="The oncosts passed through; null means the bill oncosts (the default).",
        extensions=_CONFIDENTIAL,
    )
    def oncosts(self, root: models.BillRateLine) -> list[OncostType] | None:
        return None if root.oncosts_default else list(root.oncosts.all())  # type: ignore[arg-type]


@strawberry_django.type(models.BillRateRule, name="BillRateRule")
class BillRateRuleType(_StaffOnly, relay.Node):
    node_level: auto
    node_value: auto
    valid_from: auto
    valid_to: auto
    lines: list[BillRateLineType]


@strawberry_django.type(models.BillAgreement, name="BillAgreement")
class BillAgreementType(_StaffOnly, relay.Node):
    name: auto
    node_level: auto
    node_value: auto
    valid_from: auto
    valid_to: auto
    rules: list[BillRateRuleType]


@strawberry.type(description="An oncost's amount on a quoted line.")
class OncostAmountType:
    code: str
    amount: Decimal


@strawberry.type(description="The bill rule line that priced a quote, and where it sits in the hierarchy.")
class RateRule:
    agreement: str = strawberry.field(description="The bill agreement's name.")
    level: str = strawberry.field(description="The level of the winning rule's node.")
    node_value: str = strawberry.field(description="The value of the winning rule's node, e.g. ACME.")
    scope: str = strawberry.field(description="The line's scope: ALL, TYPE:<type> or CODE:<code>.")
    method: str = strawberry.field(extensions=_CONFIDENTIAL)
    value: Decimal = strawberry.field(
        description="The line's value (percent, amount or factor).", extensions=_CONFIDENTIAL
    )
    rule_id: strawberry.ID = strawberry.field(description="Global ID of the BillRateRule.")
    line_id: strawberry.ID = strawberry.field(description="Global ID of the BillRateLine.")


@strawberry.type(description="The pay and bill of `quantity` units of a pay code on a date (docs/design.md §4.4).")
class RateQuote:
    pay_code: str
    quantity: Decimal
    pay_rate: Decimal = strawberry.field(extensions=_CONFIDENTIAL)
    wage: Decimal = strawberry.field(extensions=_CONFIDENTIAL)
    bill_oncosts: list[OncostAmountType] = strawberry.field(
        description="Oncosts passed through to the bill rate.", extensions=_CONFIDENTIAL
    )
    pay_oncosts: list[OncostAmountType] = strawberry.field(
        description="Oncosts that are cost only.", extensions=_CONFIDENTIAL
    )
    cost_rate: Decimal = strawberry.field(
        description="Pay rate plus passed-through oncosts per unit (full precision).", extensions=_CONFIDENTIAL
    )
    bill_rate: Decimal
    bill_amount: Decimal
    gross_margin: Decimal = strawberry.field(extensions=_CONFIDENTIAL)
    margin_percent: Decimal | None = strawberry.field(extensions=_CONFIDENTIAL)
    rule: RateRule


@strawberry.type
class ImportSection:
    section: str
    created: int
    changed: int
    unchanged: int


@strawberry.type
class ImportConfigurationPayload:
    ok: bool
    dry_run: bool
    summary: str
    sections: list[ImportSection]
    errors: list[UserError]


@strawberry.type
class BillAgreementPayload:
    bill_agreement: BillAgreementType | None
    errors: list[UserError]


@strawberry.type
class BillRateRulePayload:
    rule: BillRateRuleType | None
    previous_rule: BillRateRuleType | None = strawberry.field(description="changeBillRate: the rule it end-dated.")
    errors: list[UserError]


@strawberry.input(description='A node of the hierarchy, e.g. {level: "client", value: "ACME"}.')
class NodeInput:
    level: str
    value: str


@strawberry.input
class BillRateLineInput:
    scope_kind: str = strawberry.field(description="ALL | TYPE | CODE")
    scope_value: str | None = strawberry.field(default=None, description="The pay code type or pay code.")
    method: str
    value: Decimal
    rounding_mode: str = "ROUND_HALF_UP"
    places: int = 2
    oncosts: list[str] | None = strawberry.field(
        default=None, description="Oncost codes passed through; null: the bill oncosts."
    )
