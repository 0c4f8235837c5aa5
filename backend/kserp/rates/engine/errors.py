"""Exceptions raised by the engine. All derive from ``EngineError``."""

from __future__ import annotations

from datetime import date


class EngineError(Exception):
    """Base class of every engine error."""


class ConfigurationError(EngineError, ValueError):
    """The inputs given to ``compile_job_order`` are inconsistent (e.g. a rule above its header)."""


class PricingError(EngineError):
    """No pay rate, or no bill rule line, applies to a pay code on a date."""

    def __init__(self, message: str, *, pay_code: str, on: date) -> None:
        super().__init__(message)
        self.pay_code = pay_code
        self.on = on


class InterpretationError(EngineError):
    """A timesheet entry cannot be interpreted (bad times, break longer than the shift...)."""
