"""The ABA (Cemtext) direct-entry file: 120-character records, CRLF line ends.

Layout (1-based positions), as Australian banks read it:

- type 0, descriptive: 1 ``0``; 2-18 blank; 19-20 reel ``01``; 21-23 bank mnemonic; 24-30 blank;
  31-56 user name; 57-62 APCA user id (zero-filled); 63-74 description; 75-80 date DDMMYY;
  81-120 blank.
- type 1, detail: 1 ``1``; 2-8 BSB ``ddd-ddd``; 9-17 account, right-justified, blank-filled;
  18 indicator (blank); 19-20 transaction code; 21-30 amount in cents, zero-filled;
  31-62 account title; 63-80 lodgement reference; 81-87 trace BSB; 88-96 trace account;
  97-112 remitter name; 113-120 withholding amount, zero-filled.
- type 7, file total: 1 ``7``; 2-8 ``999-999``; 9-20 blank; 21-30 net total; 31-40 credit total;
  41-50 debit total; 51-74 blank; 75-80 count of type 1 records; 81-120 blank.

Credits are code 53 (pay); one balancing debit (code 13) from the payer's own account makes the
net total zero.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from kserp.base.identifiers import normalise_account_number, normalise_bsb

RECORD_LENGTH = 120
CRLF = "\r\n"
CREDIT_PAY = "53"
DEBIT = "13"
MAX_AMOUNT_CENTS = 9_999_999_999


class AbaError(ValueError):
    """A file that cannot be made; ``field`` names what is wrong (``payments[3].bsb``)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@dataclass(frozen=True, slots=True)
class AbaAccount:
    """The payer's own account (configuration): where the money comes from."""

    bsb: str
    account: str
    name: str
    mnemonic: str
    apca_id: str
    remitter: str  # the name shown on the payee's statement


@dataclass(frozen=True, slots=True)
class AbaPayment:
    bsb: str
    account: str
    title: str
    amount: Decimal
    reference: str


def text(value: str, width: int) -> str:
    """Printable ASCII, trimmed, left-justified, blank-filled, cut to ``width``."""
    ascii_only = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode("ascii")
    printable = "".join(c if " " <= c <= "~" else " " for c in ascii_only)
    return printable.strip()[:width].ljust(width)


def number(value: int, width: int) -> str:
    digits = str(value)
    if value < 0 or len(digits) > width:
        raise ValueError(f"{value} does not fit in {width} digits.")
    return digits.zfill(width)


def to_cents(amount: Decimal) -> int:
    return int((amount * 100).to_integral_value())


def _account(path: str, bsb: str, account: str) -> tuple[str, str]:
    try:
        clean_bsb = normalise_bsb(bsb)
    except ValueError as exc:
        raise AbaError(f"{path}.bsb", str(exc)) from None
    try:
        clean_account = normalise_account_number(account)
    except ValueError as exc:
        raise AbaError(f"{path}.account", str(exc)) from None
    return clean_bsb, clean_account


def _detail(bsb: str, account: str, code: str, cents_: int, title: str, reference: str, payer: AbaAccount) -> str:
    trace_bsb, trace_account = _account("payer", payer.bsb, payer.account)
    return "".join(
        [
            "1",
            bsb,
            account.rjust(9),
            " ",
            code,
            number(cents_, 10),
            text(title, 32),
            text(reference, 18),
            trace_bsb,
            trace_account.rjust(9),
            text(payer.remitter, 16),
            "0" * 8,
        ]
    )


def write_aba(*, payer: AbaAccount, payments: Sequence[AbaPayment], description: str, processing_date: date) -> str:
    """The whole file, or ``AbaError`` naming the first bad field (nothing half-made)."""
    _account("payer", payer.bsb, payer.account)
    if len(payer.mnemonic) != 3 or not payer.mnemonic.isascii() or not payer.mnemonic.isalpha():
        raise AbaError("payer.mnemonic", "The bank's mnemonic is three letters, such as CBA.")
    if not (payer.apca_id.isascii() and payer.apca_id.isdigit() and len(payer.apca_id) <= 6):
        raise AbaError("payer.apca_id", "The APCA user id is up to six digits.")
    records = [
        "".join(
            [
                "0",
                " " * 17,
                "01",
                payer.mnemonic.upper(),
                " " * 7,
                text(payer.name, 26),
                payer.apca_id.zfill(6),
                text(description, 12),
                processing_date.strftime("%d%m%y"),
                " " * 40,
            ]
        )
    ]
    credit_total = 0
    for i, payment in enumerate(payments):
        bsb, account = _account(f"payments[{i}]", payment.bsb, payment.account)
        amount = to_cents(payment.amount)
        if amount <= 0 or amount > MAX_AMOUNT_CENTS or Decimal(amount) / 100 != payment.amount:
            raise AbaError(f"payments[{i}].amount", "A payment is a positive amount in whole cents.")
        if not payment.title.strip():
            raise AbaError(f"payments[{i}].title", "The account name is required.")
        records.append(_detail(bsb, account, CREDIT_PAY, amount, payment.title, payment.reference, payer))
        credit_total += amount
    if credit_total > MAX_AMOUNT_CENTS:
        raise AbaError("payments", "The file's total is too large for one ABA file.")
    payer_bsb, payer_account = _account("payer", payer.bsb, payer.account)
    records.append(_detail(payer_bsb, payer_account, DEBIT, credit_total, payer.name, description, payer))
    records.append(
        "".join(
            [
                "7",
                "999-999",
                " " * 12,
                number(0, 10),
                number(credit_total, 10),
                number(credit_total, 10),
                " " * 24,
                number(len(payments) + 1, 6),
                " " * 40,
            ]
        )
    )
    for record in records:
        assert len(record) == RECORD_LENGTH, record  # a bug here, never bad input
    return CRLF.join(records) + CRLF
