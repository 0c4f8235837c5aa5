"""Australian business and bank identifiers: ABN, BSB and account numbers (pure, no Django).

Each ``normalise_*`` function returns the canonical text or raises ``ValueError`` with a message
meant for a person; ``*_is_valid`` answers yes or no.
"""

from __future__ import annotations

import re

#: The ATO's ABN weights, one per digit.
ABN_WEIGHTS = (10, 1, 3, 5, 7, 9, 11, 13, 15, 17, 19)

_SPACES = re.compile(r"[\s]+")
_BSB = re.compile(r"^(\d{3})-?(\d{3})$")
_ACCOUNT = re.compile(r"^\d{1,9}$")


def abn_is_valid(abn: str) -> bool:
    """The ATO check: subtract 1 from the first digit, weight the digits, the sum divides by 89."""
    digits = _SPACES.sub("", abn)
    if len(digits) != 11 or not digits.isascii() or not digits.isdigit() or digits[0] == "0":
        return False
    values = [int(c) for c in digits]
    values[0] -= 1
    return sum(w * v for w, v in zip(ABN_WEIGHTS, values, strict=True)) % 89 == 0


def normalise_abn(abn: str) -> str:
    """``"51 824 753 556"`` -> ``"51824753556"``; raises ``ValueError`` when not a valid ABN."""
    digits = _SPACES.sub("", abn)
    if len(digits) != 11 or not digits.isascii() or not digits.isdigit():
        raise ValueError("An ABN has 11 digits.")
    if not abn_is_valid(digits):
        raise ValueError("This ABN fails the ATO checksum; check the digits.")
    return digits


def format_abn(abn: str) -> str:
    """``"51824753556"`` -> ``"51 824 753 556"``, the way the ATO prints it."""
    return f"{abn[0:2]} {abn[2:5]} {abn[5:8]} {abn[8:11]}"


def normalise_bsb(bsb: str) -> str:
    """``"062000"`` or ``"062-000"`` -> ``"062-000"``; raises ``ValueError`` otherwise."""
    match = _BSB.match(bsb.strip())
    if match is None or not bsb.isascii():
        raise ValueError("A BSB is six digits, written ddd-ddd.")
    return f"{match.group(1)}-{match.group(2)}"


def bsb_is_valid(bsb: str) -> bool:
    try:
        normalise_bsb(bsb)
    except ValueError:
        return False
    return True


def normalise_account_number(account: str) -> str:
    """An Australian bank account number: one to nine digits (spaces and dashes dropped)."""
    digits = re.sub(r"[\s-]+", "", account)
    if not digits.isascii() or _ACCOUNT.match(digits) is None:
        raise ValueError("An account number is one to nine digits.")
    return digits


def account_number_is_valid(account: str) -> bool:
    try:
        normalise_account_number(account)
    except ValueError:
        return False
    return True


def mask_account_number(account: str) -> str:
    """Show only the last three digits: ``"12345678"`` -> ``"*****678"``."""
    if len(account) <= 3:
        return "*" * len(account)
    return "*" * (len(account) - 3) + account[-3:]
