"""The configuration document's pay keys (docs/payroll.md, "Configuration"): the entities' ABN,
bank account and pay schedule; payees' pay details; withholding tables. All additive: a document
without them loads and prices exactly as before, and a payee entry without a pay key leaves the
stored value alone (the API may have set it)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from kserp.base.identifiers import normalise_abn, normalise_account_number, normalise_bsb
from kserp.configuration.reader import Reader, at
from kserp.crm.services import BankDetails, PayeeDetails, SuperFund, TaxDeclaration, payee_problems
from kserp.payroll.calc.withholding import Bracket, TableError, check_brackets
from kserp.payroll.models import PayFrequency

ENTITY_PAY_KEYS = ("abn", "bank", "pay_schedule")
PAYEE_PAY_KEYS = ("email", "bank", "tax", "super_fund", "abn", "gst_registered", "portal")
#: The crm service names fields as the API does; the document in snake case.
SNAKE = {"superFund": "super_fund", "gstRegistered": "gst_registered", "memberNumber": "member_number"}


@dataclass
class EntityPay:
    """What an entity entry says about paying people (None: the key is absent)."""

    abn: str | None = None
    bank: dict[str, str] | None = None  # bank_bsb, bank_account, bank_account_name, bank_mnemonic, apca_id
    schedule: tuple[str, int] | None = None  # (frequency, pay day offset)


def read_entity_pay(reader: Reader, m: dict[str, Any], path: str) -> EntityPay:
    pay = EntityPay()
    if m.get("abn") is not None:
        try:
            pay.abn = normalise_abn(str(m["abn"]))
        except ValueError as exc:
            reader.error(at(path, "abn"), str(exc))
    if m.get("bank") is not None:
        bank_path = at(path, "bank")
        b = reader.mapping(m["bank"], bank_path, required=("bsb", "account", "name", "mnemonic", "apca_id"))
        if b is not None and all(b.get(k) is not None for k in ("bsb", "account", "name", "mnemonic", "apca_id")):
            values: dict[str, str] = {}
            for key, column, check in (
                ("bsb", "bank_bsb", normalise_bsb),
                ("account", "bank_account", normalise_account_number),
            ):
                try:
                    values[column] = check(str(b[key]))
                except ValueError as exc:
                    reader.error(at(bank_path, key), str(exc))
            name = reader.text(b, "name", bank_path, max_length=26)
            mnemonic = str(b["mnemonic"])
            if len(mnemonic) != 3 or not mnemonic.isascii() or not mnemonic.isalpha():
                reader.error(at(bank_path, "mnemonic"), "The bank's mnemonic is three letters, such as CBA.")
            apca = str(b["apca_id"])
            if not (apca.isascii() and apca.isdigit() and len(apca) <= 6):
                reader.error(at(bank_path, "apca_id"), "The APCA user id is up to six digits.")
            values.update(bank_account_name=name or "", bank_mnemonic=mnemonic.upper(), apca_id=apca.zfill(6))
            pay.bank = values
    if m.get("pay_schedule") is not None:
        s_path = at(path, "pay_schedule")
        s = reader.mapping(m["pay_schedule"], s_path, required=("frequency",), optional=("pay_day_offset_days",))
        if s is not None:
            frequency = reader.choice(s, "frequency", s_path, PayFrequency.values)
            offset = reader.integer(s, "pay_day_offset_days", s_path, maximum=31, default=3)
            if frequency is not None and offset is not None:
                pay.schedule = (frequency, offset)
    return pay


@dataclass
class PayeePay:
    """The pay keys present on a payee entry, as model field values."""

    values: dict[str, object] = field(default_factory=dict)


def read_payee_pay(reader: Reader, m: dict[str, Any], path: str, code: str, name: str, kind: str) -> PayeePay:
    """Check the pay keys with the same rules as the API (`crm.services.payee_problems`)."""
    present = [key for key in PAYEE_PAY_KEYS if m.get(key) is not None]
    if not present:
        return PayeePay()
    n = reader.count
    bank = tax = fund = None
    if m.get("bank") is not None:
        b = reader.mapping(m["bank"], at(path, "bank"), required=("bsb", "account", "name"))
        if b is not None:
            bank = BankDetails(str(b.get("bsb", "")), str(b.get("account", "")), str(b.get("name", "")))
    if m.get("tax") is not None:
        t_path = at(path, "tax")
        t = reader.mapping(m["tax"], t_path, required=("tfn_provided", "tax_free_threshold", "foreign_resident"))
        if t is not None:
            flags = [
                reader.boolean(t, key, t_path) for key in ("tfn_provided", "tax_free_threshold", "foreign_resident")
            ]
            if all(flag is not None for flag in flags):
                tax = TaxDeclaration(*flags)  # type: ignore[arg-type]
    if m.get("super_fund") is not None:
        f = reader.mapping(m["super_fund"], at(path, "super_fund"), required=("name", "usi", "member_number"))
        if f is not None:
            fund = SuperFund(str(f.get("name", "")), str(f.get("usi", "")), str(f.get("member_number", "")))
    gst = reader.boolean(m, "gst_registered", path, default=False)
    reader.boolean(m, "portal", path)
    email = reader.text(m, "email", path, max_length=254, default="") or ""
    if reader.count > n:
        return PayeePay()
    if kind == "EMPLOYEE" and bank is not None and tax is None:
        reader.error(
            at(path, "tax"), "An employee paid into a bank account needs the TFN declaration's answers.", "REQUIRED"
        )
        return PayeePay()
    details = PayeeDetails(code=code, name=name, kind=kind, email=email, bank=bank, tax=tax, super_fund=fund,
                           abn=str(m.get("abn") or ""), gst_registered=bool(gst))  # fmt: skip
    values, problems = payee_problems(details)
    for problem in problems:
        field_name = problem.field or ""
        for camel, snake in SNAKE.items():
            field_name = field_name.replace(camel, snake)
        reader.error(at(path, field_name), problem.message, problem.code)
    if problems:
        return PayeePay()
    keep = {"email": ("email",), "bank": ("bank_bsb", "bank_account", "bank_account_name"),
            "tax": ("tfn_provided", "tax_free_threshold", "foreign_resident"),
            "super_fund": ("super_fund_name", "super_fund_usi", "super_member_number"), "abn": ("abn",),
            "gst_registered": ("gst_registered",)}  # fmt: skip
    return PayeePay({column: values[column] for key in present if key in keep for column in keep[key]})


@dataclass
class WithholdingTableSpec:
    path: str
    name: str
    valid_from: dt.date
    scales: dict[str, list[dict[str, str]]]
    no_tfn_resident: Decimal
    no_tfn_foreign: Decimal


def read_withholding_table(reader: Reader, value: Any, path: str) -> WithholdingTableSpec | None:
    m = reader.mapping(value, path, required=("name", "valid_from", "scales"), optional=("no_tfn_percent",))
    if m is None:
        return None
    n = reader.count
    name = reader.text(m, "name", path, max_length=100)
    valid_from = reader.date(m, "valid_from", path)
    scales: dict[str, list[dict[str, str]]] = {}
    s_path = at(path, "scales")
    s = reader.mapping(m.get("scales"), s_path, required=("1", "2", "3"))
    for key in ("1", "2", "3") if s is not None else ():
        rows: list[dict[str, str]] = []
        brackets: list[Bracket] = []
        for b_path, item in reader.items(s.get(key), f"{s_path}.{key}"):  # type: ignore[union-attr]
            b = reader.mapping(item, b_path, required=("a", "b"), optional=("below",))
            if b is None:
                continue
            a, bb = reader.decimal(b, "a", b_path), reader.decimal(b, "b", b_path, non_negative=False)
            below = reader.decimal(b, "below", b_path) if b.get("below") is not None else None
            if a is None or bb is None:
                continue
            brackets.append(Bracket(below, a, bb))
            rows.append({**({"below": str(below)} if below is not None else {}), "a": str(a), "b": str(bb)})
        try:
            check_brackets(f"{s_path}.{key}", brackets)
        except TableError as exc:
            reader.error(exc.path, exc.message)
        scales[key] = rows
    percents = {"resident": Decimal("47"), "foreign": Decimal("45")}
    if m.get("no_tfn_percent") is not None:
        p_path = at(path, "no_tfn_percent")
        p = reader.mapping(m["no_tfn_percent"], p_path, required=("resident", "foreign"))
        if p is not None:
            for key in ("resident", "foreign"):
                number = reader.decimal(p, key, p_path)
                if number is not None:
                    percents[key] = number
    if reader.count > n or name is None or valid_from is None:
        return None
    return WithholdingTableSpec(path, name, valid_from, scales, percents["resident"], percents["foreign"])


def check_table_dates(reader: Reader, tables: list[WithholdingTableSpec]) -> None:
    """Two tables may not start on the same day (each is in force until the next one starts)."""
    seen: dict[dt.date, str] = {}
    for table in tables:
        if table.valid_from in seen:
            reader.error(
                at(table.path, "valid_from"),
                f"Overlaps {seen[table.valid_from]}: both start on {table.valid_from}.",
                "OVERLAP",
            )
        seen[table.valid_from] = table.name
