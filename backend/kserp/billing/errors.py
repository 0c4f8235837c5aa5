"""Error codes of the billing domain (a mutation's `UserError.code`)."""

from enum import StrEnum


class BillingErrorCode(StrEnum):
    NOT_FOUND = "NOT_FOUND"
    RUN_NOT_RETRYABLE = "RUN_NOT_RETRYABLE"
    CLIENT_ON_HOLD = "CLIENT_ON_HOLD"
