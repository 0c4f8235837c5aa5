"""Turning GraphQL inputs into service arguments."""

from __future__ import annotations

from kserp.api.rates.types import BillRateLineInput
from kserp.rates.services import BillLineInput


def bill_lines(lines: list[BillRateLineInput]) -> list[BillLineInput]:
    return [
        BillLineInput(
            scope_kind=line.scope_kind,
            scope_value=line.scope_value or "",
            method=line.method,
            value=line.value,
            rounding_mode=line.rounding_mode,
            places=line.places,
            oncosts=line.oncosts,
        )
        for line in lines
    ]
