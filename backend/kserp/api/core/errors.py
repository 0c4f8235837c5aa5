"""Typed errors returned in every mutation payload (API_CONTRACT.md: `errors: [UserError!]!`)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import strawberry


@strawberry.type(description="A problem with the input: `field` is a path such as `entries[2].end`.")
class UserError:
    field: str | None
    code: str
    message: str


@dataclass(frozen=True)
class ServiceError:
    """One problem found by a service; the API turns it into a `UserError`."""

    code: str
    message: str
    field: str | None = None


class ValidationFailed(Exception):
    """Raised by services with every problem found; nothing has been stored."""

    def __init__(self, errors: Iterable[ServiceError]) -> None:
        self.errors = list(errors)
        super().__init__("; ".join(f"{e.field or '-'}: {e.message}" for e in self.errors))


def user_errors(errors: Iterable[ServiceError]) -> list[UserError]:
    return [UserError(field=e.field, code=e.code, message=e.message) for e in errors]
