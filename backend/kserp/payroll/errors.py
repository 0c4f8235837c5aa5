"""Error codes of the payroll domain (a mutation's `UserError.code`)."""

from enum import StrEnum


class PayrollErrorCode(StrEnum):
    NOT_FOUND = "NOT_FOUND"
    INVALID_STATE = "INVALID_STATE"
    NO_BANK_ACCOUNT = "NO_BANK_ACCOUNT"
    BANK_FILE = "BANK_FILE"
    NO_WITHHOLDING_TABLE = "NO_WITHHOLDING_TABLE"
    RUN_NOT_RETRYABLE = "RUN_NOT_RETRYABLE"
    INVALID = "INVALID"
    REQUIRED = "REQUIRED"
    INVALID_AMOUNT = "INVALID_AMOUNT"
    OVERPAYMENT = "OVERPAYMENT"
