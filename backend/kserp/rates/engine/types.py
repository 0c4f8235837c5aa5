"""Input types of the engine: plain frozen dataclasses, no behaviour beyond small helpers.

Enums are ``StrEnum``s, so the Django side may pass either the enum member or its plain string
value (``"ORDINARY"``): they compare and hash equal.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, time
from decimal import Decimal
from enum import StrEnum

#: A node of the agreement hierarchy: ``(level, value)``, e.g. ``("client", "ACME")``.
Node = tuple[str, str]
#: Ordered level names, broadest first.
Hierarchy = tuple[str, ...]
#: A job order's path: level -> value (levels may be missing).
Path = Mapping[str, str]
#: Ids are whatever the caller uses for provenance (database ids, codes).
Id = int | str

DEFAULT_HIERARCHY: Hierarchy = (
    "country",
    "brand",
    "state",
    "client",
    "cost_centre",
    "payee",
    "job_order",
)


class PayCodeType(StrEnum):
    ORDINARY = "ORDINARY"
    OVERTIME = "OVERTIME"
    PENALTY = "PENALTY"
    ALLOWANCE = "ALLOWANCE"
    LEAVE = "LEAVE"


class Unit(StrEnum):
    HOUR = "HOUR"
    EACH = "EACH"
    KM = "KM"


class OncostKind(StrEnum):
    PERCENT = "PERCENT"  # percent of the pay rate
    AMOUNT = "AMOUNT"  # money per unit


class Method(StrEnum):
    MARKUP_PERCENT = "MARKUP_PERCENT"
    MARGIN_PERCENT = "MARGIN_PERCENT"
    MARKUP_AMOUNT = "MARKUP_AMOUNT"
    MARKUP_FACTOR = "MARKUP_FACTOR"
    FLAT_RATE = "FLAT_RATE"


class RoundingMode(StrEnum):
    ROUND_HALF_UP = "ROUND_HALF_UP"
    TRUNCATE = "TRUNCATE"  # towards zero (decimal.ROUND_DOWN)


class ScopeKind(StrEnum):
    ALL = "ALL"
    TYPE = "TYPE"  # one pay code type
    CODE = "CODE"  # one pay code


@dataclass(frozen=True, slots=True)
class PayCode:
    code: str
    type: PayCodeType
    unit: Unit = Unit.HOUR
    multiplier: Decimal | None = None  # of the ordinary rate, e.g. OT150 = 1.5
    name: str = ""


@dataclass(frozen=True, slots=True)
class AppliesTo:
    """Which pay codes an oncost applies to: all of them, some pay code types, or some codes."""

    all: bool = False
    types: frozenset[str] = frozenset()
    codes: frozenset[str] = frozenset()

    @classmethod
    def everything(cls) -> AppliesTo:
        return cls(all=True)

    @classmethod
    def pay_code_types(cls, *types: str) -> AppliesTo:
        return cls(types=frozenset(types))

    @classmethod
    def pay_codes(cls, *codes: str) -> AppliesTo:
        return cls(codes=frozenset(codes))

    def matches(self, pay_code: PayCode) -> bool:
        return self.all or pay_code.code in self.codes or pay_code.type in self.types


@dataclass(frozen=True, slots=True)
class OncostValue:
    id: Id
    valid_from: date
    valid_to: date | None  # inclusive; None = open-ended
    value: Decimal  # percent for PERCENT, money per unit for AMOUNT


@dataclass(frozen=True, slots=True)
class Oncost:
    id: Id
    code: str
    kind: OncostKind
    bill: bool  # True: bill oncost (passed to the client); False: pay oncost (cost only)
    node: Node
    applies_to: AppliesTo
    values: tuple[OncostValue, ...]


@dataclass(frozen=True, slots=True)
class PayRateRule:
    id: Id
    pay_code: str
    rate: Decimal
    node: Node
    valid_from: date
    valid_to: date | None = None


@dataclass(frozen=True, slots=True)
class OvertimeTier:
    hours: Decimal | None  # None: the rest of the day's overtime
    code: str


@dataclass(frozen=True, slots=True)
class HolidayCalendar:
    country: str
    subdivision: str | None = None


@dataclass(frozen=True, slots=True)
class MealAllowance:
    after_overtime_hours: Decimal  # one unit when the day's overtime exceeds this
    code: str


@dataclass(frozen=True, slots=True)
class NightWindow:
    """Ordinary hours worked between ``start`` and ``end`` are paid at ``code``.

    ``end <= start`` means the window crosses midnight (19:00-07:00). In the configuration
    document these are ``from`` and ``to``.
    """

    code: str
    start: time
    end: time


@dataclass(frozen=True, slots=True)
class InterpretationRules:
    ordinary_code: str
    daily_ordinary_hours: Decimal | None = None  # None: no daily limit
    weekly_ordinary_hours: Decimal | None = None  # None: no weekly limit (week Monday-Sunday)
    overtime_tiers: tuple[OvertimeTier, ...] = ()
    saturday_code: str | None = None
    sunday_code: str | None = None
    public_holiday_code: str | None = None
    holidays: HolidayCalendar | None = None
    minimum_engagement_hours: Decimal | None = None
    meal_allowance: MealAllowance | None = None
    night: NightWindow | None = None


@dataclass(frozen=True, slots=True)
class PayAgreement:
    id: Id
    name: str
    node: Node
    valid_from: date
    valid_to: date | None = None
    rates: tuple[PayRateRule, ...] = ()
    interpretation: InterpretationRules | None = None


@dataclass(frozen=True, slots=True)
class Scope:
    """What a bill line applies to: ``Scope.all()``, ``Scope.of_type("OVERTIME")``,
    ``Scope.of_code("ORD")``."""

    kind: ScopeKind
    value: str | None = None

    @classmethod
    def all(cls) -> Scope:
        return cls(ScopeKind.ALL)

    @classmethod
    def of_type(cls, pay_code_type: str) -> Scope:
        return cls(ScopeKind.TYPE, pay_code_type)

    @classmethod
    def of_code(cls, pay_code: str) -> Scope:
        return cls(ScopeKind.CODE, pay_code)

    def __str__(self) -> str:
        return "ALL" if self.kind == ScopeKind.ALL else f"{self.kind}:{self.value}"


@dataclass(frozen=True, slots=True)
class BillLine:
    id: Id
    scope: Scope
    method: Method
    value: Decimal
    rounding: RoundingMode = RoundingMode.ROUND_HALF_UP
    places: int = 2
    oncosts: tuple[str, ...] | None = None  # oncost codes passed through; None: the bill oncosts


@dataclass(frozen=True, slots=True)
class BillRule:
    id: Id
    node: Node
    valid_from: date
    valid_to: date | None
    lines: tuple[BillLine, ...]


@dataclass(frozen=True, slots=True)
class BillAgreement:
    id: Id
    name: str
    node: Node
    valid_from: date
    valid_to: date | None = None
    rules: tuple[BillRule, ...] = ()
