"""Scalar parsing stricter than strawberry's defaults (docs/security.md, "Numbers and dates").

`Decimal`: only finite numbers written with at most `MAX_DECIMAL_CHARS` characters and a magnitude
between 1e-30 and 1e30 (NaN, Infinity, `1e999999` are refused as an error naming the argument).
How many decimal places a field takes is the service's rule (a field error such as
`entries[0].hours`): the scalar keeps every digit it was given, so nothing is rounded away here.
"""

from __future__ import annotations

import decimal

from strawberry.exceptions import StrawberryInputCoercionError
from strawberry.schema.types.base_scalars import DecimalDefinition
from strawberry.types.scalar import ScalarDefinition

MAX_DECIMAL_CHARS = 40
MAX_DECIMAL_EXPONENT = 30


def parse_decimal(value: object) -> decimal.Decimal:
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise StrawberryInputCoercionError(f'Value cannot represent a Decimal: "{value}". Expected a string.')
    text = str(value).strip()
    try:
        number = decimal.Decimal(text) if len(text) <= MAX_DECIMAL_CHARS else None
    except decimal.DecimalException:
        number = None
    if number is None or not number.is_finite():
        raise StrawberryInputCoercionError(f'Value cannot represent a Decimal: "{text[:MAX_DECIMAL_CHARS]}".')
    if number and abs(number.adjusted()) > MAX_DECIMAL_EXPONENT:
        raise StrawberryInputCoercionError(
            f'Value cannot represent a Decimal: "{text}" (magnitude beyond 1e±{MAX_DECIMAL_EXPONENT}).'
        )
    return number


Decimal = ScalarDefinition(
    name=DecimalDefinition.name,
    description=DecimalDefinition.description,
    specified_by_url=None,
    serialize=DecimalDefinition.serialize,
    parse_value=parse_decimal,
    parse_literal=None,
    origin=decimal.Decimal,
)

SCALAR_OVERRIDES: dict[object, ScalarDefinition] = {decimal.Decimal: Decimal}
