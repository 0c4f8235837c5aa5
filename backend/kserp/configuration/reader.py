"""Reading a parsed YAML/JSON tree with paths: every problem becomes a `ServiceError` whose
`field` is a path such as `bill_agreements[0].rules[2].lines[0].value`; reading goes on so that
one pass reports every problem."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from kserp.errors import ServiceError

MAX_PLACES = 4  # the database keeps rates and values to 4 decimal places
MAX_INTEGER_DIGITS = 10  # max_digits 14 - 4 places
MAX_ERRORS = 100  # reported per document; past it one TOO_MANY_ERRORS error says how many more


def at(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


class Reader:
    def __init__(self) -> None:
        self.errors: list[ServiceError] = []
        self.more = 0  # errors past MAX_ERRORS, counted but not kept

    def error(self, path: str, message: str, code: str = "INVALID") -> None:
        if len(self.errors) < MAX_ERRORS:
            self.errors.append(ServiceError(code=code, message=message, field=path or None))
        else:
            self.more += 1

    @property
    def count(self) -> int:
        """Every error found so far, listed or not (compare before and after reading a part)."""
        return len(self.errors) + self.more

    def reported(self) -> list[ServiceError]:
        """The errors to show: the first MAX_ERRORS, then one saying how many more were found."""
        if not self.more:
            return list(self.errors)
        message = f"{self.more} more error(s) not listed: at most {MAX_ERRORS} are reported per document."
        return [*self.errors, ServiceError(code="TOO_MANY_ERRORS", message=message, field=None)]

    # --- containers ------------------------------------------------------------------------
    def mapping(
        self, value: Any, path: str, *, required: Iterable[str] = (), optional: Iterable[str] = ()
    ) -> dict[str, Any] | None:
        """The mapping at `path`, after reporting unknown keys and missing required keys."""
        if not isinstance(value, dict):
            self.error(path, "Expected a mapping.")
            return None
        required, optional = tuple(required), tuple(optional)
        for key in value:
            if key not in required and key not in optional:
                allowed = ", ".join(sorted((*required, *optional)))
                self.error(at(path, str(key)), f"Unknown key {key!r} (expected one of: {allowed}).", "UNKNOWN_KEY")
        for key in required:
            if value.get(key) is None:
                self.error(at(path, key), "This field is required.", "REQUIRED")
        return value

    def items(self, value: Any, path: str) -> list[tuple[str, Any]]:
        """The elements of the list at `path` (missing = empty) with their paths."""
        if value is None:
            return []
        if not isinstance(value, list):
            self.error(path, "Expected a list.")
            return []
        return [(at(path, i), item) for i, item in enumerate(value)]

    # --- scalars ---------------------------------------------------------------------------
    def text(
        self, m: dict[str, Any], key: str, path: str, *, max_length: int = 200, default: str | None = None
    ) -> str | None:
        value = m.get(key)
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, str | int | Decimal):
            self.error(at(path, key), "Expected a string.")
            return None
        text = str(value).strip()
        if not text:
            self.error(at(path, key), "Must not be empty.")
            return None
        if len(text) > max_length:
            self.error(at(path, key), f"At most {max_length} characters.")
            return None
        return text

    def decimal(
        self, m: dict[str, Any], key: str, path: str, *, non_negative: bool = True, default: Decimal | None = None
    ) -> Decimal | None:
        value = m.get(key)
        if value is None:
            return default
        where = at(path, key)
        if isinstance(value, bool) or not isinstance(value, str | int | float | Decimal):
            self.error(where, 'Expected a number (write money and rates as strings, e.g. "28.00").')
            return None
        try:
            # YAML floats go through str() so 0.1 stays 0.1, never a binary approximation.
            number = Decimal(str(value).strip())
        except InvalidOperation:
            self.error(where, f"{value!r} is not a number.")
            return None
        if not number.is_finite():
            self.error(where, f"{value!r} is not a number.")
            return None
        exponent = number.as_tuple().exponent
        if isinstance(exponent, int) and exponent < -MAX_PLACES:
            self.error(where, f"At most {MAX_PLACES} decimal places.")
            return None
        if abs(number) >= Decimal(10) ** MAX_INTEGER_DIGITS:
            self.error(where, "Too large.")
            return None
        if non_negative and number < 0:
            self.error(where, "Must not be negative.", "NEGATIVE")
            return None
        return number

    def integer(
        self,
        m: dict[str, Any],
        key: str,
        path: str,
        *,
        minimum: int = 0,
        maximum: int = 10_000,
        default: int | None = None,
    ) -> int | None:
        value = m.get(key)
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, int | str):
            self.error(at(path, key), "Expected a whole number.")
            return None
        try:
            number = int(str(value).strip())
        except ValueError:
            self.error(at(path, key), f"{value!r} is not a whole number.")
            return None
        if not minimum <= number <= maximum:
            self.error(at(path, key), f"Must be between {minimum} and {maximum}.")
            return None
        return number

    def boolean(self, m: dict[str, Any], key: str, path: str, *, default: bool | None = None) -> bool | None:
        value = m.get(key)
        if value is None:
            return default
        if not isinstance(value, bool):
            self.error(at(path, key), "Expected true or false.")
            return None
        return value

    def date(self, m: dict[str, Any], key: str, path: str) -> dt.date | None:
        value = m.get(key)
        if value is None:
            return None
        if isinstance(value, dt.datetime):
            self.error(at(path, key), "Expected a date (YYYY-MM-DD), not a timestamp.")
            return None
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value.strip())
            except ValueError:
                pass
        self.error(at(path, key), f"{value!r} is not a date (YYYY-MM-DD).")
        return None

    def time(self, m: dict[str, Any], key: str, path: str) -> str | None:
        """A time of day as "HH:MM" (YAML 1.1 reads an unquoted 19:00 as 1140 minutes: accepted)."""
        value = m.get(key)
        if value is None:
            return None
        if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 24 * 60:
            value = f"{value // 60:02d}:{value % 60:02d}"
        if isinstance(value, str):
            try:
                return dt.time.fromisoformat(value.strip()).strftime("%H:%M")
            except ValueError:
                pass
        self.error(at(path, key), f"{value!r} is not a time (HH:MM).")
        return None

    def choice(
        self, m: dict[str, Any], key: str, path: str, choices: Iterable[str], *, default: str | None = None
    ) -> str | None:
        value = m.get(key)
        if value is None:
            return default
        choices = tuple(choices)
        if not isinstance(value, str) or value not in choices:
            self.error(at(path, key), f"{value!r} is not one of {', '.join(choices)}.")
            return None
        return value

    def node(self, m: dict[str, Any], key: str, path: str) -> tuple[str, str] | None:
        """A node written `{level: value}`. Whether the level exists is checked later."""
        value = m.get(key)
        if value is None:
            return None
        where = at(path, key)
        if not isinstance(value, dict) or len(value) != 1:
            self.error(where, "A node is a one-key mapping {level: value}, e.g. {client: ACME}.")
            return None
        ((level, node_value),) = value.items()
        if not isinstance(level, str) or node_value is None or isinstance(node_value, bool | dict | list):
            self.error(where, "A node is a one-key mapping {level: value}, e.g. {client: ACME}.")
            return None
        return level, str(node_value)
