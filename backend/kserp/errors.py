"""Errors the domain services raise. The API layer (kserp/api/core/errors.py) turns them into
`UserError`s; services never import the API layer."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class ServiceError:
    """One problem found by a service: a code, a message and the input path it is about."""

    code: str
    message: str
    field: str | None = None


class ValidationFailed(Exception):
    """Raised by services with every problem found; nothing has been stored."""

    def __init__(self, errors: Iterable[ServiceError]) -> None:
        self.errors = list(errors)
        super().__init__("; ".join(f"{e.field or '-'}: {e.message}" for e in self.errors))
