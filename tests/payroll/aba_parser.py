"""A strict reader of ABA files, written from the layout independently of the writer: every field
at its position, blanks where blanks belong, totals and counts checked. Tests only."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True)
class Header:
    reel: str
    mnemonic: str
    user_name: str
    apca_id: str
    description: str
    processing_date: date


@dataclass(frozen=True)
class Detail:
    bsb: str
    account: str
    indicator: str
    code: str
    cents: int
    title: str
    reference: str
    trace_bsb: str
    trace_account: str
    remitter: str
    withholding_cents: int


@dataclass(frozen=True)
class Total:
    net_cents: int
    credit_cents: int
    debit_cents: int
    count: int


@dataclass(frozen=True)
class AbaFile:
    header: Header
    details: list[Detail]
    total: Total


def _field(record: str, start: int, end: int) -> str:
    """1-based, inclusive positions, as the layout states them."""
    return record[start - 1 : end]


def _blank(record: str, start: int, end: int) -> None:
    assert _field(record, start, end) == " " * (end - start + 1), (record, start, end)


def _zero_filled(record: str, start: int, end: int) -> int:
    value = _field(record, start, end)
    assert re.fullmatch(r"\d+", value), (record, start, end)
    return int(value)


def _right_justified_account(value: str) -> str:
    assert re.fullmatch(r" *\d{1,9}", value), value
    return value.strip()


def _left_text(value: str) -> str:
    assert re.fullmatch(r"[ -~]*", value), value
    assert not value.startswith(" ") or not value.strip(), value
    return value.rstrip()


def parse(text: str) -> AbaFile:
    assert text.endswith("\r\n")
    records = text[:-2].split("\r\n")
    for record in records:
        assert len(record) == 120, (len(record), record)
        assert "\n" not in record and "\r" not in record
    head, *body, tail = records

    assert head[0] == "0"
    _blank(head, 2, 18)
    _blank(head, 24, 30)
    _blank(head, 81, 120)
    header = Header(
        reel=_field(head, 19, 20),
        mnemonic=_field(head, 21, 23),
        user_name=_left_text(_field(head, 31, 56)),
        apca_id=str(_zero_filled(head, 57, 62)).zfill(6),
        description=_left_text(_field(head, 63, 74)),
        processing_date=datetime.strptime(_field(head, 75, 80), "%d%m%y").date(),
    )

    details = []
    for record in body:
        assert record[0] == "1", record
        details.append(
            Detail(
                bsb=_field(record, 2, 8),
                account=_right_justified_account(_field(record, 9, 17)),
                indicator=_field(record, 18, 18),
                code=_field(record, 19, 20),
                cents=_zero_filled(record, 21, 30),
                title=_left_text(_field(record, 31, 62)),
                reference=_left_text(_field(record, 63, 80)),
                trace_bsb=_field(record, 81, 87),
                trace_account=_right_justified_account(_field(record, 88, 96)),
                remitter=_left_text(_field(record, 97, 112)),
                withholding_cents=_zero_filled(record, 113, 120),
            )
        )
        assert re.fullmatch(r"\d{3}-\d{3}", details[-1].bsb)
        assert re.fullmatch(r"\d{3}-\d{3}", details[-1].trace_bsb)

    assert tail[0] == "7"
    assert _field(tail, 2, 8) == "999-999"
    _blank(tail, 9, 20)
    _blank(tail, 51, 74)
    _blank(tail, 81, 120)
    total = Total(
        net_cents=_zero_filled(tail, 21, 30),
        credit_cents=_zero_filled(tail, 31, 40),
        debit_cents=_zero_filled(tail, 41, 50),
        count=_zero_filled(tail, 75, 80),
    )
    credits = sum(d.cents for d in details if d.code != "13")
    debits = sum(d.cents for d in details if d.code == "13")
    assert total.credit_cents == credits
    assert total.debit_cents == debits
    assert total.net_cents == abs(credits - debits)
    assert total.count == len(details)
    return AbaFile(header, details, total)
