"""The Australian Business Number checksum (docs/workspace.md): subtract 1 from the first digit,
weight the 11 digits 10, 1, 3, 5, ..., 19; the weighted sum of a valid ABN divides by 89."""

from __future__ import annotations

WEIGHTS = (10, 1, 3, 5, 7, 9, 11, 13, 15, 17, 19)


def abn_normalise(value: str) -> str:
    """The digits of `value` without the spaces people write between groups ("51 824 753 556")."""
    return "".join(value.split())


def abn_is_valid(value: str) -> bool:
    digits = abn_normalise(value)
    if len(digits) != 11 or not digits.isascii() or not digits.isdigit() or digits[0] == "0":
        return False
    numbers = [int(d) for d in digits]
    numbers[0] -= 1
    return sum(w * n for w, n in zip(WEIGHTS, numbers, strict=True)) % 89 == 0
