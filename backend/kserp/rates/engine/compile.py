"""Compiling a job order: keep only what is on its path, pre-sorted, so pricing is dict lookups.

A compiled job order holds, per pay code:

- the pay rate rules on the path, most specific node first;
- the bill candidates: (rule, matching line) pairs on the path, lowest level first and, inside
  one level, the most specific line first (pay code, then pay code type, then ``ALL``);
- the oncosts on the path whose ``applies_to`` matches the pay code;
- the dates where any of these changes (validity boundaries), so that a resolved rate can be
  cached per validity segment instead of per date.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Protocol

from .errors import ConfigurationError
from .types import (
    BillAgreement,
    BillLine,
    BillRule,
    Hierarchy,
    InterpretationRules,
    Method,
    Node,
    Oncost,
    PayAgreement,
    PayCode,
    PayCodeType,
    PayRateRule,
    ScopeKind,
)

_ONE_DAY = timedelta(days=1)


class Header(Protocol):
    """Anything with a node and a validity period: pay and bill agreement headers."""

    @property
    def node(self) -> Node: ...
    @property
    def valid_from(self) -> date: ...
    @property
    def valid_to(self) -> date | None: ...


def is_valid_on(valid_from: date, valid_to: date | None, on: date) -> bool:
    """Validity periods are inclusive on both ends; ``valid_to=None`` is open-ended."""
    return valid_from <= on and (valid_to is None or on <= valid_to)


def is_on_path(node: Node, hierarchy: Hierarchy, path: Mapping[str, str]) -> bool:
    level, value = node
    return level in hierarchy and path.get(level) == value


def applicable(
    header: Header,
    hierarchy: Hierarchy,
    path: Mapping[str, str],
    start: date,
    end: date | None,
) -> bool:
    """Whether a pay or bill agreement header applies to a job order (docs/design.md §4.4).

    Its node must be on the job order's path and its validity must cover the job order's dates
    (``end=None``: an open-ended job order, covered only by an open-ended header).
    """
    if not is_on_path(header.node, hierarchy, path):
        return False
    if header.valid_from > start:
        return False
    if header.valid_to is None:
        return True
    return end is not None and end <= header.valid_to


def _intersect(a_from: date, a_to: date | None, b_from: date, b_to: date | None) -> tuple[date, date | None]:
    valid_from = max(a_from, b_from)
    if a_to is None:
        return valid_from, b_to
    if b_to is None:
        return valid_from, a_to
    return valid_from, min(a_to, b_to)


@dataclass(frozen=True, slots=True)
class PayRateCandidate:
    rule: PayRateRule
    valid_from: date  # the rule's validity intersected with its header's
    valid_to: date | None


@dataclass(frozen=True, slots=True)
class BillCandidate:
    rule: BillRule
    line: BillLine
    valid_from: date  # the rule's validity intersected with its header's
    valid_to: date | None


@dataclass(slots=True, eq=False)
class CompiledJobOrder:
    """Everything needed to interpret and price one job order's lines.

    Build it with ``compile_job_order``; treat it as read-only. The ``*_cache`` dicts are filled
    lazily by pricing and interpretation (one entry per pay code and validity segment).
    """

    hierarchy: Hierarchy
    path: dict[str, str]
    pay_codes: dict[str, PayCode]
    pay_agreement: PayAgreement
    bill_agreement: BillAgreement | None
    interpretation: InterpretationRules | None
    ordinary_code: str | None
    pay_candidates: dict[str, tuple[PayRateCandidate, ...]]
    bill_candidates: dict[str, tuple[BillCandidate, ...]]
    oncosts: dict[str, tuple[Oncost, ...]]
    pay_breaks: dict[str, tuple[date, ...]]
    bill_breaks: dict[str, tuple[date, ...]]
    pay_cache: dict[str, Any] = field(default_factory=dict)
    bill_cache: dict[str, Any] = field(default_factory=dict)
    interpretation_plan: Any = None


def compile_job_order(
    hierarchy: Hierarchy,
    path: Mapping[str, str],
    pay_codes: Iterable[PayCode],
    oncosts: Iterable[Oncost],
    pay_agreement: PayAgreement,
    bill_agreement: BillAgreement | None,
) -> CompiledJobOrder:
    """Compile a job order's agreements against its path.

    ``pay_codes`` and ``oncosts`` may be all of them: only the oncosts whose node is on the path
    are kept. ``bill_agreement=None`` compiles a pay-only job order (pricing then raises
    ``PricingError``). Raises ``ConfigurationError`` for a node whose level is not in the
    hierarchy, a rule above its header's level, or ``MARGIN_PERCENT`` >= 100.
    """
    depth = {level: i for i, level in enumerate(hierarchy)}
    path = {level: value for level, value in path.items() if value is not None}
    codes = {pc.code: pc for pc in pay_codes}

    def level_of(node: Node, what: str) -> int:
        if node[0] not in depth:
            raise ConfigurationError(f"{what}: level {node[0]!r} is not in the hierarchy")
        return depth[node[0]]

    def on_path(node: Node) -> bool:
        return path.get(node[0]) == node[1]

    interpretation = pay_agreement.interpretation
    ordinary_code = _ordinary_code(interpretation, codes)

    # Pay rate rules: on the path, most specific node first (stable for equal levels).
    pay_level = level_of(pay_agreement.node, f"pay agreement {pay_agreement.name!r}")
    pay_ranked: dict[str, list[tuple[int, PayRateCandidate]]] = {}
    for rule in pay_agreement.rates:
        level = level_of(rule.node, f"pay rate rule {rule.id}")
        if level < pay_level:
            raise ConfigurationError(f"pay rate rule {rule.id}: node {rule.node} is above its header's level")
        if not on_path(rule.node):
            continue
        valid_from, valid_to = _intersect(
            rule.valid_from, rule.valid_to, pay_agreement.valid_from, pay_agreement.valid_to
        )
        candidate = PayRateCandidate(rule, valid_from, valid_to)
        pay_ranked.setdefault(rule.pay_code, []).append((-level, candidate))
    pay_candidates = {
        code: tuple(c for _, c in sorted(ranked, key=lambda item: item[0])) for code, ranked in pay_ranked.items()
    }

    # Bill rules: on the path, indexed by pay code -> (rule, line) lowest level first.
    bill_candidates: dict[str, tuple[BillCandidate, ...]] = {}
    if bill_agreement is not None:
        bill_candidates = _bill_candidates(bill_agreement, codes, level_of, on_path)

    # Oncosts: on the path and applying to the pay code.
    path_oncosts = []
    for oncost in oncosts:
        level_of(oncost.node, f"oncost {oncost.code}")
        if on_path(oncost.node):
            path_oncosts.append(oncost)
    oncosts_by_code = {
        code: tuple(o for o in path_oncosts if o.applies_to.matches(pay_code)) for code, pay_code in codes.items()
    }

    pay_breaks: dict[str, tuple[date, ...]] = {}
    bill_breaks: dict[str, tuple[date, ...]] = {}
    for code in codes:
        periods: list[tuple[date, date | None]] = [(pay_agreement.valid_from, pay_agreement.valid_to)]
        periods += [(c.valid_from, c.valid_to) for c in pay_candidates.get(code, ())]
        if ordinary_code and ordinary_code != code:
            periods += [(c.valid_from, c.valid_to) for c in pay_candidates.get(ordinary_code, ())]
        pay_breaks[code] = _breaks(periods)
        if bill_agreement is not None:
            periods.append((bill_agreement.valid_from, bill_agreement.valid_to))
        periods += [(c.valid_from, c.valid_to) for c in bill_candidates.get(code, ())]
        periods += [(v.valid_from, v.valid_to) for o in oncosts_by_code[code] for v in o.values]
        bill_breaks[code] = _breaks(periods)

    return CompiledJobOrder(
        hierarchy=tuple(hierarchy),
        path=path,
        pay_codes=codes,
        pay_agreement=pay_agreement,
        bill_agreement=bill_agreement,
        interpretation=interpretation,
        ordinary_code=ordinary_code,
        pay_candidates=pay_candidates,
        bill_candidates=bill_candidates,
        oncosts=oncosts_by_code,
        pay_breaks=pay_breaks,
        bill_breaks=bill_breaks,
    )


def _ordinary_code(interpretation: InterpretationRules | None, codes: dict[str, PayCode]) -> str | None:
    if interpretation is not None:
        return interpretation.ordinary_code
    ordinary = [code for code, pc in codes.items() if pc.type == PayCodeType.ORDINARY]
    return ordinary[0] if len(ordinary) == 1 else None


def _bill_candidates(
    agreement: BillAgreement,
    codes: dict[str, PayCode],
    level_of: Any,
    on_path: Any,
) -> dict[str, tuple[BillCandidate, ...]]:
    header_level = level_of(agreement.node, f"bill agreement {agreement.name!r}")
    # (sort key, candidate) per pay code; key = (lowest level first, most specific line first).
    ranked: dict[str, list[tuple[tuple[int, int], BillCandidate]]] = {code: [] for code in codes}
    for rule in agreement.rules:
        level = level_of(rule.node, f"bill rule {rule.id}")
        if level < header_level:
            raise ConfigurationError(f"bill rule {rule.id}: node {rule.node} is above its header's level")
        for line in rule.lines:
            if line.method == Method.MARGIN_PERCENT and line.value >= 100:
                raise ConfigurationError(f"bill line {line.id}: MARGIN_PERCENT must be < 100")
        if not on_path(rule.node):
            continue
        valid_from, valid_to = _intersect(rule.valid_from, rule.valid_to, agreement.valid_from, agreement.valid_to)
        by_code: dict[str, BillLine] = {}
        by_type: dict[str, BillLine] = {}
        for_all: BillLine | None = None
        for line in rule.lines:
            if line.scope.kind == ScopeKind.CODE:
                by_code.setdefault(line.scope.value or "", line)
            elif line.scope.kind == ScopeKind.TYPE:
                by_type.setdefault(line.scope.value or "", line)
            elif for_all is None:
                for_all = line
        for code, pay_code in codes.items():
            if code in by_code:
                line, specificity = by_code[code], 0
            elif pay_code.type in by_type:
                line, specificity = by_type[pay_code.type], 1
            elif for_all is not None:
                line, specificity = for_all, 2
            else:
                continue
            candidate = BillCandidate(rule, line, valid_from, valid_to)
            ranked[code].append(((-level, specificity), candidate))
    return {
        code: tuple(c for _, c in sorted(items, key=lambda item: item[0])) for code, items in ranked.items() if items
    }


def _breaks(periods: list[tuple[date, date | None]]) -> tuple[date, ...]:
    """Sorted dates where validity changes: every ``valid_from`` and every day after a
    ``valid_to``. Between two consecutive breaks nothing that affects a rate changes."""
    points: set[date] = set()
    for valid_from, valid_to in periods:
        points.add(valid_from)
        if valid_to is not None and valid_to < date.max:
            points.add(valid_to + _ONE_DAY)
    return tuple(sorted(points))
