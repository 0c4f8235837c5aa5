"""The agreement rules both writers enforce, written once: the SPA's agreement services
(`kserp.rates.services`) and the configuration import (`kserp.configuration`).

Each check is a plain function that returns a `Problem` (an error code and the words a person
reads) or None. The caller decides the field path (`validFrom` in GraphQL, `bill_agreements[0]
.rules[1].valid_from` in a document), so one rule gives one message wherever it is broken.
docs/rates.md describes the rules themselves.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from kserp.rates.models import BillMethod
from kserp.rates.validity import describe, node_label, overlaps, within

Node = tuple[str, str]


@dataclass(frozen=True)
class Problem:
    code: str
    message: str


def unknown_level(level: str, levels: Sequence[str]) -> Problem | None:
    if level in levels:
        return None
    return Problem("UNKNOWN_LEVEL", f"Level {level!r} is not in the hierarchy ({', '.join(levels)}).")


def above_header(node: Node, header_level: str, position: Mapping[str, int]) -> Problem | None:
    """A rule's node sits at or below its header's level (both levels known)."""
    if node[0] not in position or header_level not in position or position[node[0]] >= position[header_level]:
        return None
    return Problem(
        "ABOVE_HEADER",
        f"Node {node_label(node)} is above its header's level {header_level!r}: a rule is at or below its header.",
    )


def date_order(valid_from: dt.date, valid_to: dt.date | None) -> Problem | None:
    if valid_to is None or valid_to >= valid_from:
        return None
    return Problem("DATE_ORDER", f"valid_to {valid_to} is before valid_from {valid_from}.")


def outside_header(
    valid_from: dt.date, valid_to: dt.date | None, header_from: dt.date, header_to: dt.date | None
) -> Problem | None:
    if within(valid_from, valid_to, header_from, header_to):
        return None
    return Problem(
        "OUTSIDE_HEADER",
        f"Validity {describe(valid_from, valid_to)} is outside its header's {describe(header_from, header_to)}.",
    )


def header_overlap(
    *,
    what: str,
    node: Node,
    valid_from: dt.date,
    valid_to: dt.date | None,
    other_name: str,
    other_from: dt.date,
    other_to: dt.date | None,
) -> Problem | None:
    """Two headers of one kind at the same node never overlap in validity."""
    if not overlaps(valid_from, valid_to, other_from, other_to):
        return None
    return Problem(
        "OVERLAP",
        f"Overlaps {what} {other_name!r} ({describe(other_from, other_to)}) at the same node {node_label(node)}: "
        "headers at one node never overlap.",
    )


def line_value(method: str, value: Decimal) -> Problem | None:
    """A bill line's value: never negative; a margin below 100 %."""
    if value < 0:
        return Problem("NEGATIVE", "Must not be negative.")
    if method == BillMethod.MARGIN_PERCENT and value >= 100:
        return Problem("MARGIN_TOO_HIGH", f"MARGIN_PERCENT must be below 100 (got {value}).")
    return None
