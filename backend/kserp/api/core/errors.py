"""Typed errors returned in every mutation payload (docs/api.md: `errors: [UserError!]!`)."""

from __future__ import annotations

from collections.abc import Iterable

import strawberry

from kserp.errors import ServiceError, ValidationFailed

__all__ = ["ServiceError", "UserError", "ValidationFailed", "user_errors"]


@strawberry.type(description="A problem with the input: `field` is a path such as `entries[2].end`.")
class UserError:
    field: str | None
    code: str
    message: str


def user_errors(errors: Iterable[ServiceError]) -> list[UserError]:
    return [UserError(field=e.field, code=e.code, message=e.message) for e in errors]
