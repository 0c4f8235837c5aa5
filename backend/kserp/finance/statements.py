"""Bank statements (docs/finance.md, "Bank statements"): import a CSV or an ISO 20022 camt.053
file, suggest matches for each credit line, and post a receipt when finance confirms one. A line
is applied at most once: confirming locks the line and refuses one that is not UNMATCHED, and
`BankStatementLine.receipt` is unique."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from itertools import combinations
from typing import Any

from defusedxml import ElementTree
from django.db import transaction

from kserp.base.models import Entity
from kserp.crm.models import Client
from kserp.errors import ServiceError, ValidationFailed
from kserp.finance.cash import AllocationIn, receipt_create
from kserp.finance.errors import FinanceErrorCode as Code
from kserp.finance.models import (
    BankStatement,
    BankStatementLine,
    Invoice,
    StatementFormat,
    StatementLineStatus,
)
from kserp.finance.receivables import AMOUNT_DUE, OPEN_STATUSES
from kserp.identity.audit import audit_record

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
#: At most this many of a client's open invoices are tried for "the amount of several invoices",
#: and at most this many together (the search stays small: C(12, 3) = 220 sums).
SUM_CANDIDATES = 12
SUM_MAX_INVOICES = 3


@dataclass(frozen=True)
class LineIn:
    date: dt.date
    amount: Decimal
    reference: str = ""
    payer: str = ""
    text: str = ""


@dataclass
class Parsed:
    format: str
    account: str = ""
    lines: list[LineIn] = field(default_factory=list)


# --- parsing -------------------------------------------------------------------------------------
def _date(value: str) -> dt.date:
    value = value.strip()
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    return dt.date.fromisoformat(value[:10])  # a date-time (camt BookgDt/DtTm)


def _amount(value: str) -> Decimal:
    amount = Decimal(value.strip().replace(",", "").replace("$", ""))
    if amount != amount.quantize(CENT):
        raise InvalidOperation(value)
    return amount


def parse_csv(text: str) -> Parsed:
    """`date,amount,reference,payer` (a header row; more columns are kept as the line's text;
    credits positive). Errors by `rows[i]`."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    columns = {name.strip().lower(): name for name in reader.fieldnames or []}
    missing = [c for c in ("date", "amount") if c not in columns]
    if missing:
        raise ValidationFailed(
            [
                ServiceError(
                    Code.INVALID,
                    f"Missing column(s): {', '.join(missing)} (date, amount, reference, payer).",
                    "content",
                )
            ]
        )
    lines: list[LineIn] = []
    errors: list[ServiceError] = []
    for i, row in enumerate(reader):
        values = {key: (row.get(name) or "").strip() for key, name in columns.items()}
        try:
            line = LineIn(
                date=_date(values["date"]),
                amount=_amount(values["amount"]),
                reference=values.get("reference", "")[:200],
                payer=values.get("payer", "")[:200],
                text=" ".join(v for k, v in values.items() if k not in {"date", "amount", "reference", "payer"} and v)[
                    :500
                ],
            )
        except (ValueError, InvalidOperation):
            errors.append(ServiceError(Code.INVALID, "A date and an amount in cents are required.", f"rows[{i}]"))
            continue
        lines.append(line)
    if errors:
        raise ValidationFailed(errors)
    return Parsed(format=StatementFormat.CSV, lines=lines)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _find(element: Any, path: str) -> Any:
    """The first descendant along `path` (local names, `/`-separated), ignoring namespaces."""
    current = [element]
    for name in path.split("/"):
        current = [child for node in current for child in node if _local(child.tag) == name]
        if not current:
            return None
    return current[0]


def _text(element: Any, path: str) -> str:
    found = _find(element, path)
    return (found.text or "").strip() if found is not None else ""


def parse_camt053(content: bytes) -> Parsed:
    """A camt.053 (BankToCustomerStatement) document: one line per entry (`Ntry`), debits negative.
    Parsed with defusedxml (no entity expansion, no external entities)."""
    try:
        root = ElementTree.fromstring(content)
    except Exception as exc:  # defusedxml raises ParseError or its own DefusedXmlException
        raise ValidationFailed([ServiceError(Code.INVALID, f"Not a readable XML document: {exc}", "content")]) from exc
    statement = next((node for node in root.iter() if _local(node.tag) == "Stmt"), None)
    if statement is None:
        raise ValidationFailed([ServiceError(Code.INVALID, "No camt.053 statement (Stmt) in the document.", "content")])
    account = _text(statement, "Acct/Id/IBAN") or _text(statement, "Acct/Id/Othr/Id")
    lines: list[LineIn] = []
    errors: list[ServiceError] = []
    entries = [node for node in statement if _local(node.tag) == "Ntry"]
    for i, entry in enumerate(entries):
        try:
            amount = _amount(_text(entry, "Amt"))
            if _text(entry, "CdtDbtInd") == "DBIT":
                amount = -amount
            date = _date(_text(entry, "BookgDt/Dt") or _text(entry, "BookgDt/DtTm") or _text(entry, "ValDt/Dt"))
        except (ValueError, InvalidOperation):
            errors.append(ServiceError(Code.INVALID, "An entry needs an amount and a booking date.", f"entries[{i}]"))
            continue
        details = _find(entry, "NtryDtls/TxDtls")
        unstructured = " ".join(
            (node.text or "").strip()
            for node in (details if details is not None else entry).iter()
            if _local(node.tag) == "Ustrd"
        )
        reference = ""
        payer = ""
        if details is not None:
            reference = _text(details, "RmtInf/Strd/CdtrRefInf/Ref") or _text(details, "Refs/EndToEndId")
            payer = _text(details, "RltdPties/Dbtr/Nm") or _text(details, "RltdPties/Dbtr/Pty/Nm")
        if reference == "NOTPROVIDED":
            reference = ""
        text = " ".join(part for part in (unstructured, _text(entry, "AddtlNtryInf")) if part)
        lines.append(LineIn(date=date, amount=amount, reference=reference[:200], payer=payer[:200], text=text[:500]))
    if errors:
        raise ValidationFailed(errors)
    return Parsed(format=StatementFormat.CAMT053, account=account[:64], lines=lines)


def statement_parse(content: bytes) -> Parsed:
    """CSV or camt.053, told apart by the content (XML starts with `<`)."""
    stripped = content.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith(b"<"):
        return parse_camt053(stripped)
    try:
        return parse_csv(stripped.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise ValidationFailed([ServiceError(Code.INVALID, "A CSV file must be UTF-8.", "content")]) from exc


# --- importing -----------------------------------------------------------------------------------
def statement_import(*, entity: Entity, filename: str, content: bytes, actor: Any = None) -> BankStatement:
    """Store a statement and its lines (UNMATCHED). The same file twice is refused (DUPLICATE)."""
    parsed = statement_parse(content)
    digest = hashlib.sha256(content).hexdigest()
    if BankStatement.objects.filter(entity=entity, digest=digest).exists():
        raise ValidationFailed([ServiceError(Code.DUPLICATE, "This statement was imported already.", "content")])
    with transaction.atomic():
        statement = BankStatement.objects.create(
            entity=entity,
            format=parsed.format,
            filename=(filename or "statement")[:200],
            account=parsed.account,
            digest=digest,
            imported_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        BankStatementLine.objects.bulk_create(
            BankStatementLine(
                statement=statement,
                position=i,
                date=line.date,
                amount=line.amount,
                reference=line.reference,
                payer=line.payer,
                text=line.text,
                status=StatementLineStatus.UNMATCHED if line.amount > 0 else StatementLineStatus.IGNORED,
            )
            for i, line in enumerate(parsed.lines)
        )
        audit_record(
            actor=actor,
            action="statement.import",
            instance=statement,
            before=None,
            after={"format": parsed.format, "lines": len(parsed.lines), "filename": statement.filename},
        )
    return statement


# --- matching ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Suggestion:
    """A way to apply a statement line: to these invoices (number, amount) of a client, or on the
    client's account (no invoices), and why it was suggested."""

    client: Client
    allocations: list[tuple[Invoice, Decimal]]
    reason: str
    score: int


def _open_invoices(entity: Entity) -> list[Invoice]:
    return list(
        Invoice.objects.filter(entity=entity, status__in=OPEN_STATUSES)
        .annotate(due=AMOUNT_DUE)
        .select_related("client")
        .order_by("due_date", "number")
    )


def _words(text: str) -> set[str]:
    return {w for w in re.split(r"[^0-9A-Za-z\-]+", text.upper()) if w}


def statement_line_suggestions(
    *, line: BankStatementLine, open_invoices: list[Invoice] | None = None
) -> list[Suggestion]:
    """Suggested matches, best first: invoice numbers in the text; the client's reference (code or
    name) in the text with the exact amount of one invoice or of several; the exact amount of one
    open invoice; else the client's account."""
    if line.amount <= 0 or line.status != StatementLineStatus.UNMATCHED:
        return []
    entity = line.statement.entity
    invoices = open_invoices if open_invoices is not None else _open_invoices(entity)
    haystack = " ".join((line.reference, line.payer, line.text)).upper()
    words = _words(haystack)
    suggestions: list[Suggestion] = []
    seen: set[tuple[int, tuple[int, ...]]] = set()

    def add(client: Client, chosen: Iterable[Invoice], reason: str, score: int) -> None:
        left = line.amount
        allocations = []
        for invoice in chosen:
            take = min(invoice.due, left)  # type: ignore[attr-defined]
            if take > 0:
                allocations.append((invoice, take))
                left -= take
        key = (client.pk, tuple(i.pk for i, _ in allocations))
        if key not in seen:
            seen.add(key)
            suggestions.append(Suggestion(client=client, allocations=allocations, reason=reason, score=score))

    named = [i for i in invoices if i.number.upper() in words]
    if named:
        by_client: dict[int, list[Invoice]] = {}
        for invoice in named:
            by_client.setdefault(invoice.client_id, []).append(invoice)
        for chosen in by_client.values():
            total = sum((i.due for i in chosen), ZERO)  # type: ignore[attr-defined]
            exact = " (the exact amount)" if total == line.amount else ""
            add(
                chosen[0].client,
                chosen,
                f"Invoice number{'s' if len(chosen) > 1 else ''} in the text{exact}",
                100 if exact else 90,
            )
    clients = {i.client_id: i.client for i in invoices}
    for client in Client.objects.filter(entity=entity):
        clients.setdefault(client.pk, client)
    mentioned = [
        c for c in clients.values() if c.code.upper() in words or (len(c.name) >= 4 and c.name.upper() in haystack)
    ]
    for client in mentioned:
        own = [i for i in invoices if i.client_id == client.pk]
        same = [i for i in own if i.due == line.amount]  # type: ignore[attr-defined]
        for one in same:
            add(client, [one], "The client's reference and the exact amount of an invoice", 80)
        if not same:
            for several in _sums(own, line.amount):
                add(client, several, f"The client's reference and the amount of {len(several)} invoices", 75)
        add(client, own, "The client's reference: its oldest invoices first (any rest on account)", 50)
    for invoice in invoices:
        if invoice.due == line.amount:  # type: ignore[attr-defined]
            add(invoice.client, [invoice], "The exact amount of an open invoice", 60)
    if not mentioned:
        for client_id in {i.client_id for i in invoices}:
            own = [i for i in invoices if i.client_id == client_id]
            for chosen in _sums(own, line.amount):
                add(own[0].client, chosen, f"The amount of {len(chosen)} invoices of the client", 55)
    return sorted(suggestions, key=lambda s: -s.score)[:5]


def _sums(invoices: Sequence[Invoice], amount: Decimal) -> list[list[Invoice]]:
    """Sets of 2..SUM_MAX_INVOICES of the oldest SUM_CANDIDATES invoices whose amounts due add up
    to `amount` exactly."""
    pool = list(invoices)[:SUM_CANDIDATES]
    found = []
    for size in range(2, SUM_MAX_INVOICES + 1):
        for chosen in combinations(pool, size):
            if sum((i.due for i in chosen), ZERO) == amount:  # type: ignore[attr-defined]
                found.append(list(chosen))
    return found[:3]


# --- confirming ----------------------------------------------------------------------------------
def statement_line_confirm(
    *, line: BankStatementLine, client: Client, allocations: Sequence[AllocationIn], actor: Any = None
) -> BankStatementLine:
    """Post the line as a receipt from `client`, applied to `allocations` (the rest unapplied).
    A line that is not UNMATCHED is refused (ALREADY_APPLIED): never applied twice."""
    with transaction.atomic():
        line = BankStatementLine.objects.select_for_update().select_related("statement__entity").get(pk=line.pk)
        if line.status != StatementLineStatus.UNMATCHED:
            raise ValidationFailed(
                [ServiceError(Code.ALREADY_APPLIED, f"This line is {line.status.lower()} already.", "line")]
            )
        if client.entity_id != line.statement.entity_id:
            raise ValidationFailed(
                [ServiceError(Code.INVALID, "The client is not of the statement's entity.", "client")]
            )
        receipt = receipt_create(
            client=client,
            entity=line.statement.entity,
            amount=line.amount,
            received_on=line.date,
            reference=(line.reference or line.text or f"Statement {line.statement_id} line {line.position + 1}")[:100],
            allocations=allocations,
            actor=actor,
        )
        line.receipt = receipt
        line.status = StatementLineStatus.CONFIRMED
        line.save(update_fields=["receipt", "status"])
    return line


def statement_line_ignore(*, line: BankStatementLine, actor: Any = None) -> BankStatementLine:
    """Not a client's payment (interest, a transfer): set aside, never matched."""
    with transaction.atomic():
        line = BankStatementLine.objects.select_for_update().get(pk=line.pk)
        if line.status != StatementLineStatus.UNMATCHED:
            raise ValidationFailed(
                [ServiceError(Code.ALREADY_APPLIED, f"This line is {line.status.lower()} already.", "line")]
            )
        line.status = StatementLineStatus.IGNORED
        line.save(update_fields=["status"])
        audit_record(actor=actor, action="statement.ignore", instance=line, before=None, after={"status": line.status})
    return line
