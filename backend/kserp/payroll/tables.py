"""The pay run's reference data from the database: withholding tables, the super rule, pay codes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from kserp.payroll.calc.withholding import SCHEDULE_1_2024_25, Bracket, Scale, WithholdingTable, table_in_force
from kserp.payroll.models import WithholdingTable as WithholdingTableRow
from kserp.rates.models import Oncost, OncostValue, PayCode

SUPER_ONCOST = "SUPER"
SCALES = (Scale.NO_THRESHOLD, Scale.THRESHOLD, Scale.FOREIGN)


def scales_to_json(table: WithholdingTable) -> dict[str, list[dict[str, str]]]:
    return {
        scale.value: [
            {**({"below": str(b.below)} if b.below is not None else {}), "a": str(b.a), "b": str(b.b)} for b in brackets
        ]
        for scale, brackets in table.scales.items()
    }


def scales_from_json(data: dict[str, Any]) -> dict[Scale, tuple[Bracket, ...]]:
    return {
        Scale(key): tuple(
            Bracket(Decimal(b["below"]) if "below" in b else None, Decimal(b["a"]), Decimal(b["b"])) for b in brackets
        )
        for key, brackets in data.items()
    }


def table_of(row: WithholdingTableRow) -> WithholdingTable:
    return WithholdingTable(
        name=row.name,
        valid_from=row.valid_from,
        scales=scales_from_json(row.scales),
        no_tfn_resident_percent=row.no_tfn_resident_percent,
        no_tfn_foreign_percent=row.no_tfn_foreign_percent,
    )


def withholding_table(on: dt.date) -> WithholdingTable:
    """The table in force on ``on``: the stored tables, or the built-in 2024-25 one when none are."""
    stored = [table_of(row) for row in WithholdingTableRow.objects.all()]
    return table_in_force(stored or [SCHEDULE_1_2024_25], on)


@dataclass(frozen=True)
class SuperRule:
    """The SUPER oncost as the pay run uses it: its percent on the day and what it applies to."""

    percent: Decimal
    all_codes: bool
    types: frozenset[str]
    codes: frozenset[str]
    payee_kinds: frozenset[str] | None  # None: every kind

    def is_ote(self, pay_code: str, pay_code_type: str) -> bool:
        return self.all_codes or pay_code in self.codes or pay_code_type in self.types

    def covers(self, payee_kind: str) -> bool:
        return self.payee_kinds is None or payee_kind in self.payee_kinds


NO_SUPER = SuperRule(Decimal("0"), False, frozenset(), frozenset(), frozenset())


def super_rule(on: dt.date) -> SuperRule:
    oncost = Oncost.objects.filter(code=SUPER_ONCOST).first()
    if oncost is None:
        return NO_SUPER
    value = (
        OncostValue.objects.filter(oncost=oncost, valid_from__lte=on)
        .exclude(valid_to__lt=on)
        .order_by("-valid_from")
        .values_list("value", flat=True)
        .first()
    )
    applies = oncost.applies_to or {}
    kinds = applies.get("payee_kinds")
    return SuperRule(
        percent=value if value is not None else Decimal("0"),
        all_codes=bool(applies.get("all")),
        types=frozenset(applies.get("pay_code_types", ())),
        codes=frozenset(applies.get("pay_codes", ())),
        payee_kinds=frozenset(kinds) if kinds is not None else None,
    )


@dataclass(frozen=True)
class PayCodeFacts:
    type: str
    withholding: bool


def pay_code_facts() -> dict[str, PayCodeFacts]:
    return {code: PayCodeFacts(t, w) for code, t, w in PayCode.objects.values_list("code", "type", "withholding")}
