"""The configuration document (docs/configuration.md) read into plain specs, one per object, each
remembering its path in the document for error reports. Reading checks shapes, types, unknown
keys, numbers and date order; `checks.py` then checks references and overlaps."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import yaml

from kserp.analytics.models import OverheadBasis, OverheadPeriod
from kserp.configuration.fx_rates import FxRateSpec, check_fx_rates, read_fx_rate
from kserp.configuration.pay_keys import (
    ENTITY_PAY_KEYS,
    PAYEE_PAY_KEYS,
    EntityPay,
    PayeePay,
    WithholdingTableSpec,
    check_table_dates,
    read_entity_pay,
    read_payee_pay,
    read_withholding_table,
)
from kserp.configuration.reader import Reader, at
from kserp.crm.models import ContractKind, InvoiceGrouping, PayeeKind
from kserp.orders.models import JobOrderStatus
from kserp.rates import rule_checks
from kserp.rates.models import BillMethod, OncostKind, PayCodeType, PayCodeUnit, RoundingMode

Node = tuple[str, str]
SECTIONS = (
    "version",
    "hierarchy",
    "entities",
    "pay_codes",
    "oncosts",
    "clients",
    "payees",
    "pay_agreements",
    "bill_agreements",
    "job_orders",
    "withholding_tables",
    "overheads",
    "late_payers",
    "fx_rates",
)


@dataclass
class EntitySpec:
    path: str
    code: str
    name: str
    country: str
    brand: str
    currency: str
    tax_rate: Decimal
    invoice_prefix: str
    group_currency_rate: Decimal
    pay: EntityPay = field(default_factory=EntityPay)
    books_start: dt.date | None = None  # the first day of the first accounting period


@dataclass
class PayCodeSpec:
    path: str
    code: str
    name: str
    type: str
    unit: str
    multiplier: Decimal | None
    withholding: bool = True


@dataclass
class OncostValueSpec:
    path: str
    valid_from: dt.date
    valid_to: dt.date | None
    value: Decimal


@dataclass
class OncostSpec:
    path: str
    code: str
    name: str
    kind: str
    bill: bool
    node: Node
    applies_to: dict[str, Any]  # {"all": True} | {"pay_code_types": [...]} | {"pay_codes": [...]}
    values: list[OncostValueSpec]


@dataclass
class PortalUserSpec:
    path: str
    username: str
    email: str
    password: str | None


@dataclass
class ContactSpec:
    """A client's contact, keyed by its name within the client (docs/configuration.md)."""

    path: str
    name: str
    role: str
    email: str
    phone: str
    billing: bool
    approver: bool


@dataclass
class ContractSpec:
    """A client's contract, keyed by its title within the client (documents are uploaded in the app)."""

    path: str
    title: str
    kind: str
    starts_on: dt.date | None
    expires_on: dt.date | None


@dataclass
class ClientSpec:
    path: str
    code: str
    name: str
    entity: str
    payment_terms_days: int
    invoice_grouping: str
    portal_users: list[PortalUserSpec]
    contacts: list[ContactSpec] = field(default_factory=list)
    contracts: list[ContractSpec] = field(default_factory=list)


@dataclass
class PayeeSpec:
    path: str
    code: str
    name: str
    kind: str
    pay: PayeePay = field(default_factory=PayeePay)


@dataclass
class PayRateSpec:
    path: str
    pay_code: str
    rate: Decimal
    node: Node
    valid_from: dt.date
    valid_to: dt.date | None


@dataclass
class PayAgreementSpec:
    path: str
    name: str
    node: Node
    valid_from: dt.date
    valid_to: dt.date | None
    rates: list[PayRateSpec]
    interpretation: dict[str, Any] | None  # JSON-ready: Decimals as strings
    interpretation_codes: list[tuple[str, str]]  # (path, pay code) referenced by the interpretation


@dataclass
class BillLineSpec:
    path: str
    scope_kind: str  # ALL | TYPE | CODE
    scope_value: str  # "" for ALL
    method: str
    value: Decimal
    rounding_mode: str
    places: int
    oncosts: list[str] | None  # None: the bill oncosts

    @property
    def scope_label(self) -> str:
        return "ALL" if self.scope_kind == "ALL" else f"{self.scope_kind}:{self.scope_value}"


@dataclass
class BillRuleSpec:
    path: str
    node: Node
    valid_from: dt.date
    valid_to: dt.date | None
    lines: list[BillLineSpec]


@dataclass
class BillAgreementSpec:
    path: str
    name: str
    node: Node
    valid_from: dt.date
    valid_to: dt.date | None
    rules: list[BillRuleSpec]


@dataclass
class JobOrderSpec:
    path: str
    code: str
    client: str
    payee: str
    entity: str
    title: str
    start: dt.date
    end: dt.date | None
    path_values: dict[str, str]
    consultant: str | None
    division: str
    po_number: str
    pay_agreement: str | None
    bill_agreement: str | None
    status: str
    invoice_grouping: str


@dataclass
class OverheadSpec:
    path: str
    code: str
    name: str
    entity: str | None
    division: str
    amount: Decimal
    period: str
    basis: str
    valid_from: dt.date
    valid_to: dt.date | None


@dataclass
class LatePayersSpec:
    path: str
    drift_days: int
    recent_receipts: int
    email_account_manager: bool


@dataclass
class Document:
    levels: list[str] | None = None
    entities: list[EntitySpec] = field(default_factory=list)
    pay_codes: list[PayCodeSpec] = field(default_factory=list)
    oncosts: list[OncostSpec] = field(default_factory=list)
    clients: list[ClientSpec] = field(default_factory=list)
    payees: list[PayeeSpec] = field(default_factory=list)
    pay_agreements: list[PayAgreementSpec] = field(default_factory=list)
    bill_agreements: list[BillAgreementSpec] = field(default_factory=list)
    job_orders: list[JobOrderSpec] = field(default_factory=list)
    withholding_tables: list[WithholdingTableSpec] = field(default_factory=list)
    overheads: list[OverheadSpec] = field(default_factory=list)
    late_payers: LatePayersSpec | None = None
    fx_rates: list[FxRateSpec] = field(default_factory=list)
    sections: tuple[str, ...] = ()  # the sections present, in document order
    # Codes and names of items that could not be read: references to them are not reported
    # again as unknown (one mistake, one error).
    unreadable: set[str] = field(default_factory=set)


class _StrictLoader(yaml.SafeLoader):
    """YAML without aliases (`*name`: a few hundred bytes could expand to megabytes) and with
    impossible dates (2025-02-30) left as text, so the reader reports them at their path."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(
                None, None, f"aliases (*{event.anchor}) are not allowed: write the value out", event.start_mark
            )
        return super().compose_node(parent, index)

    def construct_yaml_timestamp(self, node: Any) -> Any:
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:
            return self.construct_scalar(node)


_StrictLoader.add_constructor("tag:yaml.org,2002:timestamp", _StrictLoader.construct_yaml_timestamp)


def _duplicate_keys(root: Any, reader: Reader) -> None:
    """Report every mapping key given twice (YAML would keep the last one silently), at its path."""
    stack: list[tuple[Any, str]] = [(root, "")]
    while stack:
        node, path = stack.pop()
        if isinstance(node, yaml.MappingNode):
            seen: set[str] = set()
            for key, value in node.value:
                name = str(key.value) if isinstance(key, yaml.ScalarNode) else "?"
                where = at(path, name)
                if name in seen:
                    line = key.start_mark.line + 1
                    reader.error(where, f"Key {name!r} is given twice (again on line {line}).", "DUPLICATE_KEY")
                seen.add(name)
                stack.append((value, where))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((item, at(path, i)) for i, item in enumerate(node.value))


def load_yaml(text: str, reader: Reader) -> Any:
    loader: _StrictLoader | None = None
    try:
        loader = _StrictLoader(text)  # refuses control characters already
        root = loader.get_single_node()
        if root is None:
            return None
        _duplicate_keys(root, reader)
        return loader.construct_document(root)  # duplicates reported: nothing will be stored
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark is not None else ""
        reader.error("", f"Not valid YAML or JSON{where}: {getattr(exc, 'problem', None) or exc}.", "SYNTAX")
        return None
    finally:
        if loader is not None:
            loader.dispose()


def read_document(text: str, reader: Reader) -> Document | None:
    """Read the document; problems go to `reader.errors`. None when it cannot be read at all."""
    tree = load_yaml(text, reader)
    if reader.errors:
        return None
    root = reader.mapping(tree, "", required=("version",), optional=SECTIONS)
    if root is None:
        return None
    if "version" in root and root["version"] != 1:
        reader.error("version", f"Unsupported version {root['version']!r}: this is version 1.", "VERSION")
    doc = Document(sections=tuple(key for key in root if key in SECTIONS and key != "version"))
    if "hierarchy" in root:
        doc.levels = _levels(reader, root["hierarchy"])
    readers = (
        ("entities", _entity),
        ("pay_codes", _pay_code),
        ("oncosts", _oncost),
        ("clients", _client),
        ("payees", _payee),
        ("pay_agreements", _pay_agreement),
        ("bill_agreements", _bill_agreement),
        ("job_orders", _job_order),
        ("withholding_tables", read_withholding_table),
        ("overheads", _overhead),
        ("fx_rates", read_fx_rate),
    )
    for section, read in readers:
        specs = getattr(doc, section)
        for path, value in reader.items(root.get(section), section):
            spec = read(reader, value, path)
            if spec is not None:
                specs.append(spec)
            elif isinstance(value, dict):
                doc.unreadable |= {
                    f"{section}:{value.get(key)}" for key in ("code", "name") if value.get(key) is not None
                }
    check_table_dates(reader, doc.withholding_tables)
    check_fx_rates(reader, doc.fx_rates)
    if "late_payers" in root:
        doc.late_payers = _late_payers(reader, root["late_payers"])
    return doc


def _period(reader: Reader, m: dict[str, Any], path: str) -> tuple[dt.date | None, dt.date | None, bool]:
    """(valid_from, valid_to, ok): reports a valid_to before its valid_from."""
    valid_from = reader.date(m, "valid_from", path)
    valid_to = reader.date(m, "valid_to", path)
    if valid_from is not None and (problem := rule_checks.date_order(valid_from, valid_to)):
        reader.error(at(path, "valid_to"), problem.message, problem.code)
        return valid_from, valid_to, False
    return valid_from, valid_to, True


def _levels(reader: Reader, value: Any) -> list[str] | None:
    m = reader.mapping(value, "hierarchy", required=("levels",))
    if m is None or not isinstance(m.get("levels"), list):
        if m is not None and m.get("levels") is not None:
            reader.error("hierarchy.levels", "Expected a list of level names, broadest first.")
        return None
    levels: list[str] = []
    for path, level in reader.items(m["levels"], "hierarchy.levels"):
        if not isinstance(level, str) or not level.strip() or len(level) > 32:
            reader.error(path, "A level is a name of at most 32 characters.")
        elif level in levels:
            reader.error(path, f"Level {level!r} is listed twice.", "DUPLICATE")
        else:
            levels.append(level)
    if not levels:
        reader.error("hierarchy.levels", "Give at least one level.")
        return None
    return levels


def _entity(reader: Reader, value: Any, path: str) -> EntitySpec | None:
    keys = ("code", "name", "country", "brand", "currency", "tax_rate", "invoice_prefix")
    n = reader.count  # a missing required key counts too
    m = reader.mapping(value, path, required=keys, optional=("group_currency_rate", "books_start", *ENTITY_PAY_KEYS))
    if m is None:
        return None
    code = reader.text(m, "code", path, max_length=32)
    name = reader.text(m, "name", path)
    country = reader.text(m, "country", path, max_length=2)
    brand = reader.text(m, "brand", path, max_length=64)
    currency = reader.text(m, "currency", path, max_length=3)
    tax_rate = reader.decimal(m, "tax_rate", path)
    prefix = reader.text(m, "invoice_prefix", path, max_length=16)
    fx = reader.decimal(m, "group_currency_rate", path, default=Decimal(1))
    pay = read_entity_pay(reader, m, path)
    books_start = reader.date(m, "books_start", path)
    if reader.count > n:
        return None
    assert code and name and country and brand and currency and tax_rate is not None and prefix and fx is not None
    return EntitySpec(path, code, name, country, brand, currency, tax_rate, prefix, fx, pay, books_start)


def _pay_code(reader: Reader, value: Any, path: str) -> PayCodeSpec | None:
    n = reader.count  # a missing required key counts too
    m = reader.mapping(value, path, required=("code", "name", "type"), optional=("unit", "multiplier", "withholding"))
    if m is None:
        return None
    code = reader.text(m, "code", path, max_length=32)
    name = reader.text(m, "name", path)
    kind = reader.choice(m, "type", path, PayCodeType.values)
    unit = reader.choice(m, "unit", path, PayCodeUnit.values, default=PayCodeUnit.HOUR)
    multiplier = reader.decimal(m, "multiplier", path)
    withholding = reader.boolean(m, "withholding", path, default=True)
    if reader.count > n:
        return None
    assert code and name and kind and unit and withholding is not None
    return PayCodeSpec(path, code, name, kind, unit, multiplier, withholding)


def _applies_to(reader: Reader, value: Any, path: str) -> dict[str, Any] | None:
    m = reader.mapping(value, path, optional=("all", "pay_code_types", "pay_codes", "payee_kinds"))
    if m is None:
        return None
    m = dict(m)
    kinds: list[str] | None = None
    if "payee_kinds" in m:
        kinds = []
        for item_path, item in reader.items(m.pop("payee_kinds"), at(path, "payee_kinds")):
            if item not in PayeeKind.values:
                reader.error(item_path, f"{item!r} is not one of {', '.join(PayeeKind.values)}.")
            else:
                kinds.append(item)
        if not kinds:
            reader.error(at(path, "payee_kinds"), "Give at least one payee kind (leave the key out for all).")
            return None
    if len(m) != 1:
        reader.error(path, "Give exactly one of all: true, pay_code_types: [...] or pay_codes: [...].")
        return None
    ((key, items),) = m.items()
    with_kinds = {"payee_kinds": kinds} if kinds is not None else {}
    if key == "all":
        if items is not True:
            reader.error(at(path, "all"), "Write all: true.")
            return None
        return {"all": True, **with_kinds}
    values: list[str] = []
    for item_path, item in reader.items(items, at(path, key)):
        if key == "pay_code_types" and item not in PayCodeType.values:
            reader.error(item_path, f"{item!r} is not one of {', '.join(PayCodeType.values)}.")
        elif not isinstance(item, str | int) or isinstance(item, bool):
            reader.error(item_path, "Expected a pay code.")
        else:
            values.append(str(item))
    if not values:
        reader.error(at(path, key), "Give at least one.")
        return None
    return {key: values, **with_kinds}


def _oncost(reader: Reader, value: Any, path: str) -> OncostSpec | None:
    n = reader.count  # a missing required key counts too
    m = reader.mapping(value, path, required=("code", "name", "kind", "bill", "node", "applies_to", "values"))
    if m is None:
        return None
    code = reader.text(m, "code", path, max_length=32)
    name = reader.text(m, "name", path)
    kind = reader.choice(m, "kind", path, OncostKind.values)
    bill = reader.boolean(m, "bill", path)
    node = reader.node(m, "node", path)
    applies_to = _applies_to(reader, m["applies_to"], at(path, "applies_to")) if m.get("applies_to") else None
    values = []
    for value_path, item in reader.items(m.get("values"), at(path, "values")):
        v = reader.mapping(item, value_path, required=("valid_from", "value"), optional=("valid_to",))
        if v is None:
            continue
        valid_from, valid_to, _ = _period(reader, v, value_path)
        number = reader.decimal(v, "value", value_path)
        if valid_from is not None and number is not None:
            values.append(OncostValueSpec(value_path, valid_from, valid_to, number))
    if reader.count > n:
        return None
    assert code and name and kind and bill is not None and node and applies_to
    return OncostSpec(path, code, name, kind, bill, node, applies_to, values)


def _client(reader: Reader, value: Any, path: str) -> ClientSpec | None:
    n = reader.count  # a missing required key counts too
    m = reader.mapping(
        value,
        path,
        required=("code", "name", "entity"),
        optional=("payment_terms_days", "invoice_grouping", "portal_users", "contacts", "contracts"),
    )
    if m is None:
        return None
    code = reader.text(m, "code", path, max_length=32)
    name = reader.text(m, "name", path)
    entity = reader.text(m, "entity", path, max_length=32)
    terms = reader.integer(m, "payment_terms_days", path, maximum=365, default=30)
    grouping = reader.choice(m, "invoice_grouping", path, InvoiceGrouping.values, default=InvoiceGrouping.CLIENT)
    users = []
    for user_path, item in reader.items(m.get("portal_users"), at(path, "portal_users")):
        u = reader.mapping(item, user_path, required=("username",), optional=("email", "password"))
        if u is None:
            continue
        username = reader.text(u, "username", user_path, max_length=150)
        email = reader.text(u, "email", user_path, max_length=254, default="")
        password = reader.text(u, "password", user_path, max_length=128)
        if username is not None and email is not None:
            users.append(PortalUserSpec(user_path, username, email, password))
    contacts = [
        c for p, item in reader.items(m.get("contacts"), at(path, "contacts")) if (c := _contact(reader, item, p))
    ]
    contracts = [
        k for p, item in reader.items(m.get("contracts"), at(path, "contracts")) if (k := _contract(reader, item, p))
    ]
    if reader.count > n:
        return None
    assert code and name and entity and terms is not None and grouping
    return ClientSpec(path, code, name, entity, terms, grouping, users, contacts, contracts)


def _contact(reader: Reader, value: Any, path: str) -> ContactSpec | None:
    m = reader.mapping(value, path, required=("name",), optional=("role", "email", "phone", "billing", "approver"))
    if m is None:
        return None
    name = reader.text(m, "name", path)
    role = reader.text(m, "role", path, max_length=100, default="")
    email = reader.text(m, "email", path, max_length=254, default="")
    phone = reader.text(m, "phone", path, max_length=40, default="")
    billing = reader.boolean(m, "billing", path, default=False)
    approver = reader.boolean(m, "approver", path, default=False)
    if name is None or role is None or email is None or phone is None or billing is None or approver is None:
        return None
    return ContactSpec(path, name, role, email, phone, billing, approver)


def _contract(reader: Reader, value: Any, path: str) -> ContractSpec | None:
    m = reader.mapping(value, path, required=("title",), optional=("kind", "starts_on", "expires_on"))
    if m is None:
        return None
    title = reader.text(m, "title", path)
    kind = reader.choice(m, "kind", path, ContractKind.values, default=ContractKind.MSA)
    starts_on, expires_on = reader.date(m, "starts_on", path), reader.date(m, "expires_on", path)
    if title is None or kind is None:
        return None
    if starts_on and expires_on and (problem := rule_checks.date_order(starts_on, expires_on)):
        reader.error(at(path, "expires_on"), "It expires before it starts.", problem.code)
        return None
    return ContractSpec(path, title, kind, starts_on, expires_on)


def _payee(reader: Reader, value: Any, path: str) -> PayeeSpec | None:
    n = reader.count  # a missing required key counts too
    m = reader.mapping(value, path, required=("code", "name", "kind"), optional=PAYEE_PAY_KEYS)
    if m is None:
        return None
    code = reader.text(m, "code", path, max_length=32)
    name = reader.text(m, "name", path)
    kind = reader.choice(m, "kind", path, PayeeKind.values)
    if reader.count > n:
        return None
    assert code and name and kind
    pay = read_payee_pay(reader, m, path, code, name, kind)
    if reader.count > n:
        return None
    return PayeeSpec(path, code, name, kind, pay)


INTERPRETATION_KEYS = (
    "ordinary_code",
    "daily_ordinary_hours",
    "weekly_ordinary_hours",
    "overtime_tiers",
    "saturday_code",
    "sunday_code",
    "public_holiday_code",
    "holidays",
    "minimum_engagement_hours",
    "meal_allowance",
    "night",
)


def _interpretation(reader: Reader, value: Any, path: str) -> tuple[dict[str, Any] | None, list[tuple[str, str]]]:
    """The interpretation rules as stored (JSON, Decimals as strings) and the pay codes they name."""
    n = reader.count  # a missing required key counts too
    m = reader.mapping(value, path, required=("ordinary_code",), optional=INTERPRETATION_KEYS[1:])
    codes: list[tuple[str, str]] = []
    if m is None:
        return None, codes
    out: dict[str, Any] = {}

    def code(mapping: dict[str, Any], key: str, where: str) -> str | None:
        found = reader.text(mapping, key, where, max_length=32)
        if found is not None:
            codes.append((at(where, key), found))
        return found

    def hours(mapping: dict[str, Any], key: str, where: str) -> str | None:
        found = reader.decimal(mapping, key, where)
        return None if found is None else str(found)

    for key in ("ordinary_code", "saturday_code", "sunday_code", "public_holiday_code"):
        out[key] = code(m, key, path)
    for key in ("daily_ordinary_hours", "weekly_ordinary_hours", "minimum_engagement_hours"):
        out[key] = hours(m, key, path)
    tiers = []
    tier_items = reader.items(m.get("overtime_tiers"), at(path, "overtime_tiers"))
    for i, (tier_path, item) in enumerate(tier_items):
        t = reader.mapping(item, tier_path, required=("code",), optional=("hours",))
        if t is None:
            continue
        if t.get("hours") is None and i != len(tier_items) - 1:
            reader.error(at(tier_path, "hours"), "Only the last overtime tier may omit hours.", "REQUIRED")
        tiers.append({"hours": hours(t, "hours", tier_path), "code": code(t, "code", tier_path)})
    out["overtime_tiers"] = tiers
    out["holidays"] = None
    if m.get("holidays") is not None:
        h = reader.mapping(m["holidays"], at(path, "holidays"), required=("country",), optional=("subdivision",))
        if h is not None:
            out["holidays"] = {
                "country": reader.text(h, "country", at(path, "holidays"), max_length=2),
                "subdivision": reader.text(h, "subdivision", at(path, "holidays"), max_length=8),
            }
    out["meal_allowance"] = None
    if m.get("meal_allowance") is not None:
        where = at(path, "meal_allowance")
        a = reader.mapping(m["meal_allowance"], where, required=("after_overtime_hours", "code"))
        if a is not None:
            out["meal_allowance"] = {
                "after_overtime_hours": hours(a, "after_overtime_hours", where),
                "code": code(a, "code", where),
            }
    out["night"] = None
    if m.get("night") is not None:
        where = at(path, "night")
        w = reader.mapping(m["night"], where, required=("code", "from", "to"))
        if w is not None:
            out["night"] = {
                "code": code(w, "code", where),
                "from": reader.time(w, "from", where),
                "to": reader.time(w, "to", where),
            }
    if reader.count > n:
        return None, codes
    return out, codes


def _pay_agreement(reader: Reader, value: Any, path: str) -> PayAgreementSpec | None:
    n = reader.count  # a missing required key counts too
    m = reader.mapping(
        value, path, required=("name", "node", "valid_from"), optional=("valid_to", "rates", "interpretation")
    )
    if m is None:
        return None
    name = reader.text(m, "name", path)
    node = reader.node(m, "node", path)
    valid_from, valid_to, _ = _period(reader, m, path)
    rates = []
    for rate_path, item in reader.items(m.get("rates"), at(path, "rates")):
        r = reader.mapping(item, rate_path, required=("pay_code", "rate"), optional=("node", "valid_from", "valid_to"))
        if r is None or node is None or valid_from is None:
            continue
        k = reader.count
        pay_code = reader.text(r, "pay_code", rate_path, max_length=32)
        rate = reader.decimal(r, "rate", rate_path)
        rate_node = reader.node(r, "node", rate_path) or node
        rate_from, rate_to, _ = _period(reader, r, rate_path)
        rate_from = rate_from or valid_from
        if "valid_to" not in r:
            rate_to = valid_to  # default: ends with the header
        if reader.count == k:
            assert pay_code and rate is not None
            rates.append(PayRateSpec(rate_path, pay_code, rate, rate_node, rate_from, rate_to))
    interpretation: dict[str, Any] | None = None
    codes: list[tuple[str, str]] = []
    if m.get("interpretation") is not None:
        interpretation, codes = _interpretation(reader, m["interpretation"], at(path, "interpretation"))
    if reader.count > n:
        return None
    assert name and node and valid_from
    return PayAgreementSpec(path, name, node, valid_from, valid_to, rates, interpretation, codes)


def _scope(reader: Reader, value: Any, path: str) -> tuple[str, str] | None:
    if value == "ALL":
        return "ALL", ""
    m = reader.mapping(value, path, optional=("pay_code_type", "pay_code")) if isinstance(value, dict) else None
    if not isinstance(value, dict):
        reader.error(path, "A scope is ALL, {pay_code_type: TYPE} or {pay_code: CODE}.")
        return None
    if m is None or len(m) != 1:
        if m is not None:
            reader.error(path, "A scope is ALL, {pay_code_type: TYPE} or {pay_code: CODE}.")
        return None
    if "pay_code_type" in m:
        kind = reader.choice(m, "pay_code_type", path, PayCodeType.values)
        return None if kind is None else ("TYPE", kind)
    code = reader.text(m, "pay_code", path, max_length=32)
    return None if code is None else ("CODE", code)


def _bill_line(reader: Reader, value: Any, path: str) -> BillLineSpec | None:
    n = reader.count  # a missing required key counts too
    m = reader.mapping(value, path, required=("scope", "method", "value"), optional=("rounding", "oncosts"))
    if m is None:
        return None
    scope = _scope(reader, m.get("scope"), at(path, "scope")) if m.get("scope") is not None else None
    method = reader.choice(m, "method", path, BillMethod.values)
    number = reader.decimal(m, "value", path)
    if method is not None and number is not None and (problem := rule_checks.line_value(method, number)):
        reader.error(at(path, "value"), problem.message, problem.code)
    mode, places = RoundingMode.ROUND_HALF_UP.value, 2
    if m.get("rounding") is not None:
        where = at(path, "rounding")
        r = reader.mapping(m["rounding"], where, optional=("mode", "places"))
        if r is not None:
            mode = reader.choice(r, "mode", where, RoundingMode.values, default=mode) or mode
            places = reader.integer(r, "places", where, maximum=4, default=2) or 0
    oncosts: list[str] | None = None
    if m.get("oncosts") is not None:
        oncosts = []
        for item_path, item in reader.items(m["oncosts"], at(path, "oncosts")):
            if not isinstance(item, str):
                reader.error(item_path, "Expected an oncost code.")
            else:
                oncosts.append(item)
    if reader.count > n:
        return None
    assert scope and method and number is not None
    return BillLineSpec(path, scope[0], scope[1], method, number, mode, places, oncosts)


def _bill_agreement(reader: Reader, value: Any, path: str) -> BillAgreementSpec | None:
    n = reader.count  # a missing required key counts too
    m = reader.mapping(value, path, required=("name", "node", "valid_from"), optional=("valid_to", "rules"))
    if m is None:
        return None
    name = reader.text(m, "name", path)
    node = reader.node(m, "node", path)
    valid_from, valid_to, _ = _period(reader, m, path)
    rules = []
    for rule_path, item in reader.items(m.get("rules"), at(path, "rules")):
        r = reader.mapping(item, rule_path, required=("lines",), optional=("node", "valid_from", "valid_to"))
        if r is None or node is None or valid_from is None:
            continue
        k = reader.count
        rule_node = reader.node(r, "node", rule_path) or node
        rule_from, rule_to, _ = _period(reader, r, rule_path)
        rule_from = rule_from or valid_from
        if "valid_to" not in r:
            rule_to = valid_to
        lines = [
            line
            for line_path, line_value in reader.items(r.get("lines"), at(rule_path, "lines"))
            if (line := _bill_line(reader, line_value, line_path))
        ]
        if isinstance(r.get("lines"), list) and not r["lines"]:
            reader.error(at(rule_path, "lines"), "A rule needs at least one line.", "REQUIRED")
        if reader.count == k:
            rules.append(BillRuleSpec(rule_path, rule_node, rule_from, rule_to, lines))
    if reader.count > n:
        return None
    assert name and node and valid_from
    return BillAgreementSpec(path, name, node, valid_from, valid_to, rules)


def _job_order(reader: Reader, value: Any, path: str) -> JobOrderSpec | None:
    n = reader.count  # a missing required key counts too
    m = reader.mapping(
        value,
        path,
        required=("code", "client", "payee", "entity", "title", "start"),
        optional=(
            "end",
            "path",
            "consultant",
            "division",
            "po_number",
            "pay_agreement",
            "bill_agreement",
            "status",
            "invoice_grouping",
        ),
    )
    if m is None:
        return None
    code = reader.text(m, "code", path, max_length=32)
    client = reader.text(m, "client", path, max_length=32)
    payee = reader.text(m, "payee", path, max_length=32)
    entity = reader.text(m, "entity", path, max_length=32)
    title = reader.text(m, "title", path)
    start = reader.date(m, "start", path)
    end = reader.date(m, "end", path)
    if start is not None and end is not None and end < start:
        reader.error(at(path, "end"), f"end {end} is before start {start}.", "DATE_ORDER")
    path_values: dict[str, str] = {}
    if m.get("path") is not None:
        if not isinstance(m["path"], dict):
            reader.error(at(path, "path"), "Expected a mapping {level: value}.")
        else:  # the levels are checked against the hierarchy in checks.py
            for level, level_value in m["path"].items():
                if level_value is None or isinstance(level_value, bool | dict | list):
                    reader.error(at(at(path, "path"), str(level)), "Expected a value.")
                else:
                    path_values[str(level)] = str(level_value)
    consultant = reader.text(m, "consultant", path, max_length=150)
    division = reader.text(m, "division", path, max_length=100, default="")
    po_number = reader.text(m, "po_number", path, max_length=64, default="")
    pay_agreement = reader.text(m, "pay_agreement", path)
    bill_agreement = reader.text(m, "bill_agreement", path)
    status = reader.choice(m, "status", path, JobOrderStatus.values, default=JobOrderStatus.DRAFT)
    grouping = reader.choice(m, "invoice_grouping", path, InvoiceGrouping.values, default="")
    if reader.count > n:
        return None
    assert code and client and payee and entity and title and start and status and division is not None
    assert po_number is not None and grouping is not None
    return JobOrderSpec(
        path,
        code,
        client,
        payee,
        entity,
        title,
        start,
        end,
        path_values,
        consultant,
        division,
        po_number,
        pay_agreement,
        bill_agreement,
        status,
        grouping,
    )


def _overhead(reader: Reader, value: Any, path: str) -> OverheadSpec | None:
    n = reader.count
    m = reader.mapping(
        value,
        path,
        required=("code", "name", "amount", "period", "basis", "valid_from"),
        optional=("entity", "division", "valid_to"),
    )
    if m is None:
        return None
    code = reader.text(m, "code", path, max_length=32)
    name = reader.text(m, "name", path)
    entity = reader.text(m, "entity", path, max_length=32)
    division = reader.text(m, "division", path, max_length=100, default="")
    amount = reader.decimal(m, "amount", path)
    if amount is not None and amount.as_tuple().exponent < -2:  # type: ignore[operator]
        reader.error(at(path, "amount"), "An amount has at most 2 decimal places (cents).")
    period = reader.choice(m, "period", path, OverheadPeriod.values)
    basis = reader.choice(m, "basis", path, OverheadBasis.values)
    valid_from, valid_to, _ = _period(reader, m, path)
    if reader.count > n:
        return None
    assert code and name and amount is not None and period and basis and valid_from and division is not None
    return OverheadSpec(path, code, name, entity, division, amount, period, basis, valid_from, valid_to)


def _late_payers(reader: Reader, value: Any) -> LatePayersSpec | None:
    path = "late_payers"
    m = reader.mapping(value, path, optional=("drift_days", "recent_receipts", "email_account_manager"))
    if m is None:
        return None
    n = reader.count
    drift = reader.integer(m, "drift_days", path, maximum=365, default=7)
    recent = reader.integer(m, "recent_receipts", path, minimum=1, maximum=100, default=5)
    email = reader.boolean(m, "email_account_manager", path, default=False)
    if reader.count > n:
        return None
    assert drift is not None and recent is not None and email is not None
    return LatePayersSpec(path, drift, recent, email)
