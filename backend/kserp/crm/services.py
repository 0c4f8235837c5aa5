"""Writes of the crm domain: payees (workers), clients, contacts, contracts and their documents, opportunities and
the activity timeline. The configuration import stores clients through `client_create` and
`client_update` too, so the app and the document pass the same checks (docs/workspace.md)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.files.base import File
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from kserp.base.audit import audit_change as audit_record
from kserp.base.audit import audit_snapshot as instance_snapshot
from kserp.base.identifiers import abn_is_valid, normalise_abn, normalise_account_number, normalise_bsb
from kserp.crm.models import (
    Activity,
    ActivityKind,
    BillingCycle,
    Client,
    ClientStatus,
    Contact,
    Contract,
    ContractAlert,
    ContractDocument,
    ContractKind,
    InvoiceGrouping,
    Opportunity,
    OpportunityStage,
    Payee,
    PayeeKind,
)
from kserp.errors import ServiceError, ValidationFailed

REQUIRED = "REQUIRED"
INVALID = "INVALID"
DUPLICATE = "DUPLICATE"
NOT_FOUND = "NOT_FOUND"
INVALID_STATE = "INVALID_STATE"

#: Client fields the services accept (model names) and their input paths in the API.
CLIENT_FIELDS = {
    "code": "code",
    "name": "name",
    "entity": "entity",
    "abn": "abn",
    "street_address": "streetAddress",
    "billing_address": "billingAddress",
    "payment_terms_days": "paymentTermsDays",
    "invoice_grouping": "invoiceGrouping",
    "billing_cycle": "billingCycle",
    "billing_close_day": "billingCloseDay",
    "po_required": "poRequired",
    "credit_limit": "creditLimit",
    "status": "status",
}
CENTS = Decimal("0.01")
CODE_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$")


def _choice(errors: list[ServiceError], value: str, values: list[str], field: str) -> None:
    if value not in values:
        errors.append(ServiceError(INVALID, f"Use one of {', '.join(values)}.", field))


#: The configuration document names the fields as the model does (`payment_terms_days`).
DOCUMENT_NAMES = {name: name for name in CLIENT_FIELDS}


def client_check(
    client: Client, *, creating: bool, prefix: str = "", names: dict[str, str] = CLIENT_FIELDS
) -> list[ServiceError]:
    """Every problem of a client about to be stored; paths are `names` (the API's input names by
    default, `DOCUMENT_NAMES` for the configuration document) after `prefix`."""
    errors: list[ServiceError] = []

    def path(name: str) -> str:
        return prefix + names[name]

    if creating:
        if not client.code.strip():
            errors.append(ServiceError(REQUIRED, "Give the client a code.", path("code")))
        elif not CODE_PATTERN.match(client.code):
            errors.append(
                ServiceError(INVALID, "Letters, digits, '.', '_' and '-', at most 32 characters.", path("code"))
            )
        elif Client.objects.filter(code=client.code).exists():
            errors.append(ServiceError(DUPLICATE, f"Client {client.code} exists already.", path("code")))
        if client.entity_id is None:
            errors.append(ServiceError(REQUIRED, "Choose the entity that invoices the client.", path("entity")))
    if not client.name.strip():
        errors.append(ServiceError(REQUIRED, "Give the client a name.", path("name")))
    elif len(client.name) > 200:
        errors.append(ServiceError(INVALID, "At most 200 characters.", path("name")))
    if client.abn and not abn_is_valid(client.abn):
        errors.append(ServiceError(INVALID, "Not a valid ABN: 11 digits whose checksum must match.", path("abn")))
    if not 0 <= client.payment_terms_days <= 365:
        errors.append(ServiceError(INVALID, "Between 0 and 365 days.", path("payment_terms_days")))
    _choice(errors, client.invoice_grouping, InvoiceGrouping.values, path("invoice_grouping"))
    _choice(errors, client.billing_cycle, BillingCycle.values, path("billing_cycle"))
    _choice(errors, client.status, ClientStatus.values, path("status"))
    if client.billing_cycle == BillingCycle.MONTHLY:
        if not 1 <= client.billing_close_day <= 31:
            errors.append(
                ServiceError(
                    INVALID, "A monthly cycle closes on day 1 to 31 (31: the last day).", path("billing_close_day")
                )
            )
    elif not 1 <= client.billing_close_day <= 7:
        errors.append(
            ServiceError(
                INVALID, "A weekly cycle closes on weekday 1 (Monday) to 7 (Sunday).", path("billing_close_day")
            )
        )
    if client.credit_limit is not None:
        if client.credit_limit < 0:
            errors.append(ServiceError(INVALID, "The credit limit cannot be negative.", path("credit_limit")))
        elif client.credit_limit != client.credit_limit.quantize(CENTS):
            errors.append(ServiceError(INVALID, "At most 2 decimal places.", path("credit_limit")))
    return errors


def _client_values(values: dict[str, Any]) -> dict[str, Any]:
    unknown = set(values) - set(CLIENT_FIELDS)
    if unknown:
        raise ValidationFailed([ServiceError(INVALID, "Not a client field.", name) for name in sorted(unknown)])
    cleaned = dict(values)
    if isinstance(cleaned.get("abn"), str):
        cleaned["abn"] = "".join(cleaned["abn"].split())  # "51 824 753 556" as people write it
    limit = cleaned.get("credit_limit")
    if isinstance(limit, Decimal) and limit == limit.quantize(CENTS):
        cleaned["credit_limit"] = limit.quantize(CENTS)  # money is kept to the cent
    for name in ("street_address", "billing_address"):
        if cleaned.get(name) is None and name in cleaned:
            cleaned[name] = ""
    return cleaned


def _status_activity(client: Client, before: str | None, actor: Any) -> None:
    if before == client.status:
        return
    summary = f"Status {client.get_status_display()}" if before is None else f"Status {before} → {client.status}"
    Activity.objects.create(client=client, kind=ActivityKind.STATUS_CHANGE, summary=summary,
                            occurred_at=timezone.now(), actor=_user(actor))  # fmt: skip


def _user(actor: Any) -> Any:
    return actor if actor is not None and getattr(actor, "is_authenticated", False) else None


def client_create(
    *, values: dict[str, Any], actor: Any = None, prefix: str = "", names: dict[str, str] = CLIENT_FIELDS,
    audited: bool = True,
) -> Client:  # fmt: skip
    """A new client from `values` (model field names; `entity` an Entity). Nothing stored on error."""
    client = Client(**_client_values(values))
    with transaction.atomic():
        errors = client_check(client, creating=True, prefix=prefix, names=names)
        if errors:
            raise ValidationFailed(errors)
        client.save()
        _status_activity(client, None, actor)
        if audited:  # the configuration import records one event for the whole document
            audit_record(actor=actor, action="client.create", instance=client, before=None,
                         after=instance_snapshot(client))  # fmt: skip
    return client


def client_update(
    *, client: Client, changes: dict[str, Any], actor: Any = None, prefix: str = "",
    names: dict[str, str] = CLIENT_FIELDS, audited: bool = True,
) -> Client:  # fmt: skip
    """Change some fields of a client (not its code or entity: invoices and job orders hang on them)."""
    changes = _client_values(changes)
    with transaction.atomic():
        client = Client.objects.select_for_update().get(pk=client.pk)
        fixed = [
            ServiceError(INVALID, "Cannot be changed once the client exists.", prefix + names[name])
            for name in ("code", "entity")
            if name in changes and getattr(client, name) != changes[name]
        ]
        if fixed:
            raise ValidationFailed(fixed)
        before = instance_snapshot(client)
        for name, value in changes.items():
            setattr(client, name, value)
        errors = client_check(client, creating=False, prefix=prefix, names=names)
        if errors:
            raise ValidationFailed(errors)
        client.save()
        _status_activity(client, before["status"], actor)
        if audited:
            audit_record(actor=actor, action="client.update", instance=client, before=before,
                         after=instance_snapshot(client))  # fmt: skip
    return client


def client_accepts_work(client: Client, *, field: str = "client") -> list[ServiceError]:
    """[] unless the client is on hold: then no new timesheets or billing runs."""
    if client.status == ClientStatus.ON_HOLD:
        return [ServiceError("CLIENT_ON_HOLD", f"Client {client.code} is on hold.", field)]
    return []


# --- contacts ------------------------------------------------------------------------------------
CONTACT_FIELDS = ("name", "role", "email", "phone", "billing", "approver")
EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def _contact_errors(contact: Contact) -> list[ServiceError]:
    errors: list[ServiceError] = []
    if not contact.name.strip():
        errors.append(ServiceError(REQUIRED, "Give the contact's name.", "name"))
    elif len(contact.name) > 200:
        errors.append(ServiceError(INVALID, "At most 200 characters.", "name"))
    if contact.email and not EMAIL_PATTERN.match(contact.email):
        errors.append(ServiceError(INVALID, "Not an email address.", "email"))
    if contact.billing and not contact.email:
        errors.append(ServiceError(REQUIRED, "A billing contact needs an email address for invoices.", "email"))
    if len(contact.phone) > 40:
        errors.append(ServiceError(INVALID, "At most 40 characters.", "phone"))
    if len(contact.role) > 100:
        errors.append(ServiceError(INVALID, "At most 100 characters.", "role"))
    return errors


def contact_create(*, client: Client, values: dict[str, Any], actor: Any = None) -> Contact:
    contact = Contact(client=client, **{k: v for k, v in values.items() if k in CONTACT_FIELDS})
    with transaction.atomic():
        errors = _contact_errors(contact)
        if errors:
            raise ValidationFailed(errors)
        contact.save()
        audit_record(actor=actor, action="contact.create", instance=contact, before=None,
                     after=instance_snapshot(contact))  # fmt: skip
    return contact


def contact_update(*, contact: Contact, changes: dict[str, Any], actor: Any = None) -> Contact:
    with transaction.atomic():
        contact = Contact.objects.select_for_update().get(pk=contact.pk)
        before = instance_snapshot(contact)
        for name, value in changes.items():
            if name in CONTACT_FIELDS:
                setattr(contact, name, value)
        errors = _contact_errors(contact)
        if errors:
            raise ValidationFailed(errors)
        contact.save()
        audit_record(actor=actor, action="contact.update", instance=contact, before=before,
                     after=instance_snapshot(contact))  # fmt: skip
    return contact


# --- contracts -----------------------------------------------------------------------------------
#: What a contract document may be: PDF or DOCX, recognised by their first bytes.
DOCUMENT_TYPES = {
    ".pdf": ("application/pdf", b"%PDF-"),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", b"PK\x03\x04"),
}
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
ALERT_DAYS = (60, 30)


def _contract_errors(
    kind: str, title: str, starts_on: dt.date | None, expires_on: dt.date | None
) -> list[ServiceError]:
    errors: list[ServiceError] = []
    _choice(errors, kind, ContractKind.values, "kind")
    if not title.strip():
        errors.append(ServiceError(REQUIRED, "Give the contract a title.", "title"))
    if starts_on and expires_on and expires_on < starts_on:
        errors.append(ServiceError(INVALID, "It expires before it starts.", "expiresOn"))
    return errors


def contract_create(
    *, client: Client, kind: str, title: str, starts_on: dt.date | None = None,
    expires_on: dt.date | None = None, actor: Any = None,
) -> Contract:  # fmt: skip
    errors = _contract_errors(kind, title, starts_on, expires_on)
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        contract = Contract.objects.create(client=client, kind=kind, title=title.strip(), starts_on=starts_on,
                                           expires_on=expires_on, created_by=_user(actor))  # fmt: skip
        Activity.objects.create(client=client, kind=ActivityKind.CONTRACT, summary=f"Contract {contract.title}",
                                occurred_at=timezone.now(), actor=_user(actor))  # fmt: skip
        audit_record(actor=actor, action="contract.create", instance=contract, before=None,
                     after=instance_snapshot(contract))  # fmt: skip
    return contract


def contract_update(
    *, contract: Contract, kind: str, starts_on: dt.date | None, expires_on: dt.date | None, actor: Any = None
) -> Contract:
    """Change a contract's kind and dates (the configuration document; the title is its key)."""
    errors = _contract_errors(kind, contract.title, starts_on, expires_on)
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        contract = Contract.objects.select_for_update().get(pk=contract.pk)
        before = instance_snapshot(contract)
        contract.kind, contract.starts_on, contract.expires_on = kind, starts_on, expires_on
        contract.save(update_fields=["kind", "starts_on", "expires_on"])
        audit_record(actor=actor, action="contract.update", instance=contract, before=before,
                     after=instance_snapshot(contract))  # fmt: skip
    return contract


def contract_document_add(*, contract: Contract, upload: File, filename: str, actor: Any = None) -> ContractDocument:
    """Store the next version of the contract's document through Django's storage API."""
    suffix = "." + filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    errors: list[ServiceError] = []
    if suffix not in DOCUMENT_TYPES:
        errors.append(ServiceError(INVALID, "Upload a PDF or a DOCX document.", "file"))
    elif upload.size is None or upload.size == 0:
        errors.append(ServiceError(REQUIRED, "The file is empty.", "file"))
    elif upload.size > MAX_DOCUMENT_BYTES:
        errors.append(ServiceError(INVALID, "At most 20 MB.", "file"))
    else:
        upload.seek(0)
        head = upload.read(8)
        upload.seek(0)
        if not head.startswith(DOCUMENT_TYPES[suffix][1]):
            errors.append(ServiceError(INVALID, f"The file is not a {suffix[1:].upper()} document.", "file"))
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        Contract.objects.select_for_update().get(pk=contract.pk)  # one version number at a time
        version = (contract.documents.aggregate(m=Max("version"))["m"] or 0) + 1
        document = ContractDocument(contract=contract, version=version, filename=filename[-200:],
                                    content_type=DOCUMENT_TYPES[suffix][0], size=upload.size or 0,
                                    uploaded_by=_user(actor))  # fmt: skip
        document.file.save(f"{contract.pk}-v{version}{suffix}", upload, save=False)
        try:
            document.save()
        except Exception:
            document.file.delete(save=False)
            raise
        audit_record(actor=actor, action="contract.document_add", instance=document, before=None,
                     after={**instance_snapshot(document, exclude=["file"]), "file": document.file.name})  # fmt: skip
    return document


def contract_alerts_raise(*, today: dt.date) -> list[ContractAlert]:
    """Raise the 60- and 30-day expiry alerts now due, each once per contract and expiry date (safe
    to run any number of times, from any number of schedulers): an alert and a timeline entry."""
    raised: list[ContractAlert] = []
    horizon = today + dt.timedelta(days=max(ALERT_DAYS))
    due = Contract.objects.filter(expires_on__gte=today, expires_on__lte=horizon).select_related("client")
    for contract in due:
        assert contract.expires_on is not None
        left = (contract.expires_on - today).days
        for days in ALERT_DAYS:
            if left > days:
                continue
            try:
                with transaction.atomic():
                    alert = ContractAlert.objects.create(contract=contract, days_ahead=days,
                                                         expires_on=contract.expires_on)  # fmt: skip
                    Activity.objects.create(
                        client=contract.client, kind=ActivityKind.ALERT, occurred_at=timezone.now(),
                        summary=f"Contract {contract.title} expires on {contract.expires_on} (in {left} days)",
                    )  # fmt: skip
            except IntegrityError:
                continue  # raised before, here or by another scheduler
            raised.append(alert)
            break  # the nearest threshold only; a skipped farther one is not raised late
    return raised


# --- opportunities -------------------------------------------------------------------------------
OPPORTUNITY_FIELDS = ("title", "stage", "expected_start", "roles", "weekly_hours", "pay_code",
                      "bill_agreement", "pay_agreement")  # fmt: skip


def _opportunity_errors(opportunity: Opportunity) -> list[ServiceError]:
    errors: list[ServiceError] = []
    if not opportunity.title.strip():
        errors.append(ServiceError(REQUIRED, "Give the opportunity a title.", "title"))
    _choice(errors, opportunity.stage, OpportunityStage.values, "stage")
    if opportunity.roles < 1:
        errors.append(ServiceError(INVALID, "At least one role.", "roles"))
    if opportunity.weekly_hours <= 0 or opportunity.weekly_hours > 168:
        errors.append(ServiceError(INVALID, "Between 0 and 168 hours a week.", "weeklyHours"))
    return errors


def opportunity_save(
    *, client: Client | None = None, opportunity: Opportunity | None = None, values: dict[str, Any],
    weekly_margin: Decimal | None = None, actor: Any = None,
) -> Opportunity:  # fmt: skip
    """Create (with `client`) or change (with `opportunity`) an opportunity. `weekly_margin` is
    the estimate the caller priced with a rate quote (kept as given, per role and week × roles)."""
    with transaction.atomic():
        if opportunity is None:
            assert client is not None
            opportunity = Opportunity(client=client, owner=_user(actor))
            before = None
        else:
            opportunity = Opportunity.objects.select_for_update().get(pk=opportunity.pk)
            before = instance_snapshot(opportunity)
            if opportunity.stage in (OpportunityStage.WON, OpportunityStage.LOST) and values.get("stage") not in (
                None, opportunity.stage,
            ):  # fmt: skip
                raise ValidationFailed([ServiceError(INVALID_STATE, "A closed opportunity stays closed.", "stage")])
        for name, value in values.items():
            if name in OPPORTUNITY_FIELDS:
                setattr(opportunity, name, value)
        opportunity.estimated_weekly_margin = weekly_margin
        errors = _opportunity_errors(opportunity)
        if errors:
            raise ValidationFailed(errors)
        opportunity.save()
        if before is None or before["stage"] != opportunity.stage:
            Activity.objects.create(client=opportunity.client, kind=ActivityKind.OPPORTUNITY,
                                    summary=f"Opportunity {opportunity.title}: {opportunity.get_stage_display()}",
                                    occurred_at=timezone.now(), actor=_user(actor))  # fmt: skip
        audit_record(actor=actor, action="opportunity.save", instance=opportunity, before=before,
                     after=instance_snapshot(opportunity))  # fmt: skip
    return opportunity


# --- the timeline --------------------------------------------------------------------------------
MANUAL_ACTIVITY_KINDS = (ActivityKind.NOTE, ActivityKind.CALL, ActivityKind.EMAIL, ActivityKind.MEETING)


def activity_record(
    *, client: Client, kind: str, summary: str, body: str = "", occurred_at: dt.datetime | None = None,
    actor: Any = None,
) -> Activity:  # fmt: skip
    """A note, call, email or meeting on the client's timeline."""
    errors: list[ServiceError] = []
    _choice(errors, kind, [str(k) for k in MANUAL_ACTIVITY_KINDS], "kind")
    if not summary.strip():
        errors.append(ServiceError(REQUIRED, "Say what happened.", "summary"))
    elif len(summary) > 300:
        errors.append(ServiceError(INVALID, "At most 300 characters.", "summary"))
    if occurred_at is not None and occurred_at > timezone.now() + dt.timedelta(minutes=5):
        errors.append(ServiceError(INVALID, "That is in the future.", "occurredAt"))
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        activity = Activity.objects.create(client=client, kind=kind, summary=summary.strip(), body=body,
                                           occurred_at=occurred_at or timezone.now(), actor=_user(actor))  # fmt: skip
        audit_record(actor=actor, action="activity.record", instance=activity, before=None,
                     after=instance_snapshot(activity))  # fmt: skip
    return activity


# --- payees (workers): created and updated by the API and the configuration import alike,
# both through `payee_problems`, so the rules are the same everywhere -------------------------
@dataclass(frozen=True)
class BankDetails:
    bsb: str
    account: str
    name: str


@dataclass(frozen=True)
class TaxDeclaration:
    """The answers of a TFN declaration; the TFN itself is not taken."""

    tfn_provided: bool
    tax_free_threshold: bool
    foreign_resident: bool


@dataclass(frozen=True)
class SuperFund:
    name: str
    usi: str
    member_number: str


@dataclass(frozen=True)
class PayeeDetails:
    """Everything about a payee that a person enters; ``None`` means "none"."""

    code: str
    name: str
    kind: str
    email: str = ""
    bank: BankDetails | None = None
    tax: TaxDeclaration | None = None
    super_fund: SuperFund | None = None
    abn: str = ""
    gst_registered: bool = False


def payee_problems(details: PayeeDetails, prefix: str = "") -> tuple[dict[str, object], list[ServiceError]]:
    """Check ``details``; return the model's field values (normalised) and every problem found,
    each naming its field (``bank.bsb``) under ``prefix`` (``payees[2].``)."""
    errors: list[ServiceError] = []
    values: dict[str, object] = {}

    def bad(field: str, message: str, code: str = "INVALID") -> None:
        errors.append(ServiceError(code=code, message=message, field=f"{prefix}{field}"))

    code, name = details.code.strip(), details.name.strip()
    if not code or len(code) > 32:
        bad("code", "A code is 1 to 32 characters.", "REQUIRED" if not code else "INVALID")
    if not name or len(name) > 200:
        bad("name", "A name is 1 to 200 characters.", "REQUIRED" if not name else "INVALID")
    if details.kind not in PayeeKind.values:
        bad("kind", f"Kind is one of {', '.join(PayeeKind.values)}.")
    values.update(code=code, name=name, kind=details.kind)

    email = details.email.strip()
    if email:
        try:
            validate_email(email)
        except DjangoValidationError:
            bad("email", "This is not an email address.")
    values["email"] = email

    values.update(bank_bsb="", bank_account="", bank_account_name="")
    if details.bank is not None:
        try:
            values["bank_bsb"] = normalise_bsb(details.bank.bsb)
        except ValueError as exc:
            bad("bank.bsb", str(exc))
        try:
            values["bank_account"] = normalise_account_number(details.bank.account)
        except ValueError as exc:
            bad("bank.account", str(exc))
        account_name = details.bank.name.strip()
        if not account_name or len(account_name) > 32:
            bad("bank.name", "The account name is 1 to 32 characters, as the bank file carries it.")
        values["bank_account_name"] = account_name

    employee = details.kind == PayeeKind.EMPLOYEE
    values.update(tfn_provided=None, tax_free_threshold=None, foreign_resident=None)
    if details.tax is not None:
        if not employee:
            bad("tax", "Only employees make a TFN declaration; a contractor quotes an ABN.")
        else:
            values.update(
                tfn_provided=details.tax.tfn_provided,
                tax_free_threshold=details.tax.tax_free_threshold,
                foreign_resident=details.tax.foreign_resident,
            )
    values.update(super_fund_name="", super_fund_usi="", super_member_number="")
    if details.super_fund is not None:
        if not employee:
            bad("superFund", "A super fund is kept for employees only.")
        fund = details.super_fund
        for field, value, limit in (
            ("name", fund.name, 200),
            ("usi", fund.usi, 20),
            ("memberNumber", fund.member_number, 30),
        ):
            if not value.strip() or len(value.strip()) > limit:
                bad(f"superFund.{field}", f"Required, at most {limit} characters.")
        values.update(
            super_fund_name=fund.name.strip(),
            super_fund_usi=fund.usi.strip(),
            super_member_number=fund.member_number.strip(),
        )

    values["abn"] = ""
    if details.abn.strip():
        if employee:
            bad("abn", "An employee has no ABN on their pay; contractors quote one.")
        try:
            values["abn"] = normalise_abn(details.abn)
        except ValueError as exc:
            bad("abn", str(exc))
    values["gst_registered"] = details.gst_registered
    if details.gst_registered and (employee or not values["abn"]):
        bad("gstRegistered", "Only a contractor with an ABN can be registered for GST.")
    return values, errors


def payee_create(*, details: PayeeDetails) -> Payee:
    values, errors = payee_problems(details)
    if not errors and Payee.objects.filter(code=values["code"]).exists():
        errors.append(ServiceError(code="DUPLICATE", message="A payee with this code exists.", field="code"))
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        return Payee.objects.create(**values)


def payee_update(*, payee: Payee, details: PayeeDetails) -> Payee:
    values, errors = payee_problems(details)
    if not errors and Payee.objects.filter(code=values["code"]).exclude(pk=payee.pk).exists():
        errors.append(ServiceError(code="DUPLICATE", message="A payee with this code exists.", field="code"))
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        locked = Payee.objects.select_for_update().get(pk=payee.pk)
        for field, value in values.items():
            setattr(locked, field, value)
        locked.save()
    return locked


def payee_details_of(payee: Payee) -> PayeeDetails:
    """A stored payee as `PayeeDetails` (an update changes some of it and passes the rest back)."""
    return PayeeDetails(
        code=payee.code,
        name=payee.name,
        kind=payee.kind,
        email=payee.email,
        bank=BankDetails(payee.bank_bsb, payee.bank_account, payee.bank_account_name) if payee.bank_bsb else None,
        tax=TaxDeclaration(bool(payee.tfn_provided), bool(payee.tax_free_threshold), bool(payee.foreign_resident))
        if payee.tfn_provided is not None
        else None,
        super_fund=SuperFund(payee.super_fund_name, payee.super_fund_usi, payee.super_member_number)
        if payee.super_fund_name
        else None,
        abn=payee.abn,
        gst_registered=payee.gst_registered,
    )
