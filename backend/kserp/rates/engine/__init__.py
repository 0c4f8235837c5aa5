"""KS-ERP rates engine: pay interpretation and bill pricing, pure Python (docs/design.md §4).

No Django here: the engine takes plain frozen dataclasses and returns NamedTuples (immutable,
and cheap to create on the hot path).
Money, rates, hours and percentages are ``Decimal`` everywhere (never float). Enums are
``StrEnum`` so plain strings (``"ORDINARY"``) work wherever an enum is expected. Every ``id``
field is whatever the caller wants back in provenance (database ids, codes): ``int | str``.

Import everything from the package::

    from kserp.rates.engine import compile_job_order, price_line, interpret_week, ...

Inputs (``types``)
------------------
- ``DEFAULT_HIERARCHY``: ``("country", "brand", "state", "client", "cost_centre", "payee",
  "job_order")``. A hierarchy is a tuple of level names, broadest first; a ``Node`` is a
  ``(level, value)`` tuple; a job order's path is a mapping ``level -> value``.
- ``PayCode(code, type: PayCodeType, unit: Unit = HOUR, multiplier: Decimal | None, name="")``
  with ``PayCodeType`` ORDINARY/OVERTIME/PENALTY/ALLOWANCE/LEAVE, ``Unit`` HOUR/EACH/KM.
- ``Oncost(id, code, kind: OncostKind, bill: bool, node, applies_to: AppliesTo,
  values: tuple[OncostValue, ...])``; ``OncostKind`` PERCENT (of the pay rate) / AMOUNT (per
  unit); ``OncostValue(id, valid_from, valid_to | None, value)``; ``AppliesTo.everything()``,
  ``AppliesTo.pay_code_types("ORDINARY", ...)``, ``AppliesTo.pay_codes("ORD", ...)``.
- ``PayAgreement(id, name, node, valid_from, valid_to=None, rates: tuple[PayRateRule, ...],
  interpretation: InterpretationRules | None)``;
  ``PayRateRule(id, pay_code, rate, node, valid_from, valid_to=None)``.
- ``InterpretationRules(ordinary_code, daily_ordinary_hours=None, weekly_ordinary_hours=None,
  overtime_tiers=(OvertimeTier(hours | None, code), ...), saturday_code=None, sunday_code=None,
  public_holiday_code=None, holidays=HolidayCalendar(country, subdivision=None),
  minimum_engagement_hours=None, meal_allowance=MealAllowance(after_overtime_hours, code),
  night=NightWindow(code, start: time, end: time))`` -- the configuration document's ``night.from/to`` are
  ``start/end`` here.
- ``BillAgreement(id, name, node, valid_from, valid_to=None, rules: tuple[BillRule, ...])``;
  ``BillRule(id, node, valid_from, valid_to, lines: tuple[BillLine, ...])``;
  ``BillLine(id, scope: Scope, method: Method, value, rounding: RoundingMode = ROUND_HALF_UP,
  places=2, oncosts: tuple[str, ...] | None = None)``; ``Scope.all()``,
  ``Scope.of_type("OVERTIME")``, ``Scope.of_code("ORD")``; ``Method`` MARKUP_PERCENT,
  MARGIN_PERCENT, MARKUP_AMOUNT, MARKUP_FACTOR, FLAT_RATE; ``RoundingMode`` ROUND_HALF_UP,
  TRUNCATE (towards zero). ``oncosts=None`` passes the bill oncosts through; a tuple of codes
  passes exactly those (codes not applying to the line add nothing).
- Timesheet entries: ``ShiftEntry(on, start: time, end: time, break_minutes=0)``,
  ``HoursEntry(on, hours)``, ``UnitEntry(on, pay_code, quantity)``.

Functions
---------
- ``applicable(header, hierarchy, path, start, end) -> bool``: a pay or bill agreement header
  applies to a job order (node on the path, validity covering ``start``..``end``; ``end=None``
  is an open-ended job order, covered only by an open-ended header).
- ``compile_job_order(hierarchy, path, pay_codes, oncosts, pay_agreement, bill_agreement)
  -> CompiledJobOrder``: pass all pay codes and oncosts; ``bill_agreement`` may be ``None``
  (pay only). Raises ``ConfigurationError``. Compile once per job order and reuse it: it caches
  resolved rates per pay code and validity segment.
- ``pay_rate(job, pay_code, on) -> PayRate`` (docs/design.md §4.3).
- ``price_line(job, pay_code, units, on) -> PricedLine`` (4.4); ``price_lines(job, [(code,
  units, on), ...])``; ``bill_provenance(job, pay_code, on) -> Provenance``. ``units`` is a
  ``Decimal`` (an ``int`` works too).
- ``interpret_week(job, entries, unit_entries=()) -> Interpretation`` (4.5).
- ``price_pay_lines(job, pay_lines) -> list[PricedLine]``: each aggregated pay line priced once
  (split in parts only if a rate or rule changes inside the week).
- ``price_week(job, entries, unit_entries=()) -> (Interpretation, list[PricedLine])``.
- ``public_holidays(country, subdivision, year) -> frozenset[date]`` (cached).
- ``unrounded_rate(method, value, cost)``, ``round_rate(rate, mode, places)``,
  ``round_half_up(value, places=2)``: the arithmetic, exposed for tests and explanations.

Outputs
-------
- ``PayRate(pay_code, rate, rule_id, multiplier=None, derived_from=None)`` and ``.source``
  (``"rule 7"`` or ``"derived by multiplier 1.5 from rule 3 (ORD)"``).
- ``PricedLine(pay_code, on, units, pay_rate, bill_rate, wage, bill_amount, oncost_amounts,
  oncost_total, gross_margin, margin_percent, provenance)``; ``.oncosts`` gives
  ``OncostAmount(charge, amount)`` pairs; ``.as_dict()`` a JSON-friendly dict.
  ``wage = round_half_up(units × pay_rate)``, ``bill_amount = round_half_up(units ×
  bill_rate)``, each oncost amount ``round_half_up(units × per_unit)`` (to cents, per line),
  ``gross_margin = bill_amount − wage − oncost_total`` (bill and pay oncosts),
  ``margin_percent`` = gross margin / bill amount × 100, half-up to 2 places, ``None`` when the
  bill amount is zero.
- ``Provenance(pay_code, pay: PayRate, bill_agreement_id, bill_agreement_name, rule_id,
  rule_node, line_id, scope, method, value, rounding, places, oncosts: tuple[OncostCharge],
  cost, rate, bill_rate)``: ``cost`` = pay rate + passed-through oncosts per unit and ``rate``
  the bill rate before rounding, both full precision.
- ``OncostCharge(oncost_id, code, kind, bill, passed_through, value_id, value, per_unit)``:
  every oncost on the path that applies to the pay code and has a value valid on the date.
- ``Interpretation(pay_lines: tuple[PayLine, ...])`` with ``.days`` (every ``DayLine(on,
  pay_code, units)`` of the week in date order) and ``.wage_total``;
  ``PayLine(pay_code, units, pay_rate, wage, pay: PayRate, days: tuple[(date, units), ...])``
  where ``wage = round_half_up(units × pay_rate)`` once per line; ``PayLine.as_dict()``.

Errors: ``EngineError`` > ``ConfigurationError`` (also a ``ValueError``), ``PricingError``
(``.pay_code``, ``.on``; no pay rate, no bill rule line, unknown pay code),
``InterpretationError``.

Decisions where docs/design.md is silent
-----------------------------------
- Validity periods are inclusive at both ends. A bill rule is valid only inside its own validity
  and its header's; same for pay rate rules. Two rules at the same level both valid and matching:
  the more specific line wins, then the first given.
- The search starts at the header's level: a rule above its header is a ``ConfigurationError``.
- An oncost with no value valid on a date adds nothing that day.
- A derived pay rate (multiplier × ordinary rate) is not rounded; wages are.
- Interpretation: see ``kserp.rates.engine.interpretation`` (shift belongs to its start day,
  break in the middle of the shift, hours exact to 1/100 s, units shown to 4 places).
"""

from kserp.base.money import round_half_up

from .compile import CompiledJobOrder, applicable, compile_job_order, is_on_path, is_valid_on
from .errors import ConfigurationError, EngineError, InterpretationError, PricingError
from .interpretation import (
    DayLine,
    HoursEntry,
    Interpretation,
    PayLine,
    ShiftEntry,
    UnitEntry,
    interpret_week,
    price_pay_lines,
    price_week,
    public_holidays,
)
from .pricing import (
    OncostAmount,
    OncostCharge,
    PayRate,
    PricedLine,
    Provenance,
    bill_provenance,
    pay_rate,
    price_line,
    price_lines,
    round_rate,
    unrounded_rate,
)
from .types import (
    DEFAULT_HIERARCHY,
    AppliesTo,
    BillAgreement,
    BillLine,
    BillRule,
    HolidayCalendar,
    InterpretationRules,
    MealAllowance,
    Method,
    NightWindow,
    Node,
    Oncost,
    OncostKind,
    OncostValue,
    OvertimeTier,
    PayAgreement,
    PayCode,
    PayCodeType,
    PayRateRule,
    RoundingMode,
    Scope,
    ScopeKind,
    Unit,
)

__all__ = [
    "DEFAULT_HIERARCHY",
    "AppliesTo",
    "BillAgreement",
    "BillLine",
    "BillRule",
    "CompiledJobOrder",
    "ConfigurationError",
    "DayLine",
    "EngineError",
    "HolidayCalendar",
    "HoursEntry",
    "Interpretation",
    "InterpretationError",
    "InterpretationRules",
    "MealAllowance",
    "Method",
    "NightWindow",
    "Node",
    "Oncost",
    "OncostAmount",
    "OncostCharge",
    "OncostKind",
    "OncostValue",
    "OvertimeTier",
    "PayAgreement",
    "PayCode",
    "PayCodeType",
    "PayLine",
    "PayRate",
    "PayRateRule",
    "PricedLine",
    "PricingError",
    "Provenance",
    "RoundingMode",
    "Scope",
    "ScopeKind",
    "ShiftEntry",
    "Unit",
    "UnitEntry",
    "applicable",
    "bill_provenance",
    "compile_job_order",
    "interpret_week",
    "is_on_path",
    "is_valid_on",
    "pay_rate",
    "price_line",
    "price_lines",
    "price_pay_lines",
    "price_week",
    "public_holidays",
    "round_half_up",
    "round_rate",
    "unrounded_rate",
]
