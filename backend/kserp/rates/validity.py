"""Validity periods: inclusive `valid_from`..`valid_to` dates, `valid_to` None = open-ended."""

from __future__ import annotations

import datetime as dt


def overlaps(a_from: dt.date, a_to: dt.date | None, b_from: dt.date, b_to: dt.date | None) -> bool:
    return a_from <= (b_to or dt.date.max) and b_from <= (a_to or dt.date.max)


def within(inner_from: dt.date, inner_to: dt.date | None, outer_from: dt.date, outer_to: dt.date | None) -> bool:
    """Whether the inner period lies inside the outer one."""
    if inner_from < outer_from:
        return False
    if outer_to is None:
        return True
    return inner_to is not None and inner_to <= outer_to


def describe(valid_from: dt.date, valid_to: dt.date | None) -> str:
    return f"{valid_from}..{valid_to or 'open'}"


def node_label(node: tuple[str, str]) -> str:
    return f"{node[0]}={node[1]}"
