"""Error codes of the finance domain (a mutation's `UserError.code`)."""

from enum import StrEnum


class FinanceErrorCode(StrEnum):
    INVALID = "INVALID"
    REQUIRED = "REQUIRED"
    NOT_FOUND = "NOT_FOUND"
    PERMISSION_DENIED = "PERMISSION_DENIED"
    INVALID_AMOUNT = "INVALID_AMOUNT"
    OVERPAYMENT = "OVERPAYMENT"
    ALREADY_CREDITED = "ALREADY_CREDITED"
    INVALID_STATE = "INVALID_STATE"
    UNBALANCED = "UNBALANCED"
