"""Storing a checked document: upserts keyed by code (name for agreements), counting per section
what was created, changed or left unchanged. An agreement or oncost in the document is its whole
definition: children (rules, lines, rates, values) not in the document are deleted; children are
matched by their natural keys so unchanged rows keep their ids (provenance points at them)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import models

from kserp.analytics.models import LatePayerPolicy, OverheadRule
from kserp.base.models import Entity
from kserp.configuration.document import Document
from kserp.configuration.fx_rates import store_fx_rates
from kserp.crm.models import Client, Contact, Contract, Payee
from kserp.crm.services import (
    DOCUMENT_NAMES,
    client_create,
    client_update,
    contact_create,
    contact_update,
    contract_create,
    contract_update,
)
from kserp.errors import ServiceError, ValidationFailed
from kserp.identity.models import User
from kserp.orders.models import JobOrder
from kserp.payroll.models import PaySchedule, WithholdingTable
from kserp.rates.compile import hierarchy
from kserp.rates.models import (
    BillAgreement,
    BillRateLine,
    BillRateRule,
    HierarchyLevel,
    Oncost,
    OncostValue,
    PayAgreement,
    PayCode,
    PayRateRule,
)

CREATED, CHANGED, UNCHANGED = "created", "changed", "unchanged"


@dataclass
class SectionCount:
    section: str
    created: int = 0
    changed: int = 0
    unchanged: int = 0

    def add(self, outcome: str) -> None:
        setattr(self, outcome, getattr(self, outcome) + 1)

    def __str__(self) -> str:
        return f"{self.section}: {self.created} created, {self.changed} changed, {self.unchanged} unchanged"


@dataclass
class Counts:
    sections: dict[str, SectionCount] = field(default_factory=dict)

    def __getitem__(self, section: str) -> SectionCount:
        return self.sections.setdefault(section, SectionCount(section))


def upsert(model: type[models.Model], lookup: dict[str, Any], values: dict[str, Any]) -> tuple[Any, str]:
    """Create or update one row; `values` use `<fk>_id` for foreign keys."""
    obj = model._default_manager.filter(**lookup).first()
    if obj is None:
        return model._default_manager.create(**lookup, **values), CREATED
    changed = [key for key, value in values.items() if getattr(obj, key) != value]
    if not changed:
        return obj, UNCHANGED
    for key in changed:
        setattr(obj, key, values[key])
    if any(field.name == "updated_at" for field in model._meta.concrete_fields):
        changed.append("updated_at")  # auto_now is only written when named
    obj.save(update_fields=changed)
    return obj, CHANGED


def sync_children(
    existing: Iterable[Any],
    key_fields: tuple[str, ...],
    desired: list[tuple[dict[str, Any], dict[str, Any]]],
    model: type[models.Model],
) -> tuple[dict[tuple[Any, ...], Any], bool]:
    """Make a parent's children exactly `desired` [(key values, other values)]: delete the
    missing first, then update and create. Returns (children by key, whether anything changed)."""
    stored = {tuple(getattr(obj, f) for f in key_fields): obj for obj in existing}
    wanted = {tuple(key[f] for f in key_fields): (key, values) for key, values in desired}
    changed = False
    for key, obj in stored.items():
        if key not in wanted:
            obj.delete()
            changed = True
    result = {}
    for key, (lookup, values) in wanted.items():
        obj = stored.get(key)
        if obj is None:
            obj = model._default_manager.create(**lookup, **values)
            changed = True
        else:
            diff = [f for f, v in values.items() if getattr(obj, f) != v]
            if diff:
                for f in diff:
                    setattr(obj, f, values[f])
                obj.save(update_fields=diff)
                changed = True
        result[key] = obj
    return result, changed


def store_document(doc: Document, actor: Any = None) -> Counts:
    counts = Counts()
    for section in doc.sections:
        counts[section]
    if doc.levels is not None:
        _store_levels(doc.levels, counts)
    for e in doc.entities:
        entity, outcome = upsert(
            Entity,
            {"code": e.code},
            {
                "name": e.name,
                "country": e.country,
                "brand": e.brand,
                "currency": e.currency,
                "tax_rate": e.tax_rate,
                "invoice_prefix": e.invoice_prefix,
                "group_currency_rate": e.group_currency_rate,
                **({"abn": e.pay.abn} if e.pay.abn is not None else {}),
                **({"books_start": e.books_start} if e.books_start is not None else {}),
                **(e.pay.bank or {}),
            },
        )
        if e.pay.schedule is not None:
            frequency, offset = e.pay.schedule
            _, schedule_outcome = upsert(
                PaySchedule, {"entity_id": entity.pk}, {"frequency": frequency, "pay_day_offset_days": offset}
            )
            outcome = CHANGED if outcome == UNCHANGED and schedule_outcome != UNCHANGED else outcome
        counts["entities"].add(outcome)
    for c in doc.pay_codes:
        _, outcome = upsert(
            PayCode,
            {"code": c.code},
            {"name": c.name, "type": c.type, "unit": c.unit, "multiplier": c.multiplier, "withholding": c.withholding},
        )
        counts["pay_codes"].add(outcome)
    pay_code_ids = dict(PayCode.objects.values_list("code", "id"))
    _store_oncosts(doc, counts)
    oncost_ids = dict(Oncost.objects.values_list("code", "id"))
    entities = {entity.code: entity for entity in Entity.objects.all()}
    for client in doc.clients:
        obj, outcome = _store_client(client, entities[client.entity], actor)
        counts["clients"].add(outcome)
        for user in client.portal_users:
            counts["portal_users"].add(_store_portal_user(obj, user.username, user.email, user.password))
        for contact in client.contacts:
            counts["contacts"].add(_store_contact(obj, contact, actor))
        for contract in client.contracts:
            counts["contracts"].add(_store_contract(obj, contract, actor))
    for p in doc.payees:
        _, outcome = upsert(Payee, {"code": p.code}, {"name": p.name, "kind": p.kind, **p.pay.values})
        counts["payees"].add(outcome)
    for agreement in doc.pay_agreements:
        header, outcome = upsert(
            PayAgreement,
            {"name": agreement.name},
            {
                "node_level": agreement.node[0],
                "node_value": agreement.node[1],
                "valid_from": agreement.valid_from,
                "valid_to": agreement.valid_to,
                "interpretation": agreement.interpretation,
            },
        )
        _, rates_changed = sync_children(
            header.rates.all(),
            ("pay_code_id", "node_level", "node_value", "valid_from"),
            [
                (
                    {
                        "agreement_id": header.id,
                        "pay_code_id": pay_code_ids[r.pay_code],
                        "node_level": r.node[0],
                        "node_value": r.node[1],
                        "valid_from": r.valid_from,
                    },
                    {"rate": r.rate, "valid_to": r.valid_to},
                )
                for r in agreement.rates
            ],
            PayRateRule,
        )
        counts["pay_agreements"].add(CHANGED if outcome == UNCHANGED and rates_changed else outcome)
    for bill_agreement in doc.bill_agreements:
        counts["bill_agreements"].add(_store_bill_agreement(bill_agreement, oncost_ids))
    entity_ids = {code: entity.pk for code, entity in entities.items()}
    _store_job_orders(doc, counts, entity_ids)
    for table in doc.withholding_tables:
        _, outcome = upsert(
            WithholdingTable,
            {"name": table.name},
            {
                "valid_from": table.valid_from,
                "scales": table.scales,
                "no_tfn_resident_percent": table.no_tfn_resident,
                "no_tfn_foreign_percent": table.no_tfn_foreign,
            },
        )
        counts["withholding_tables"].add(outcome)
    for o in doc.overheads:
        _, outcome = upsert(
            OverheadRule,
            {"code": o.code},
            {
                "name": o.name,
                "entity_id": entity_ids[o.entity] if o.entity else None,
                "division": o.division,
                "amount": o.amount,
                "period": o.period,
                "basis": o.basis,
                "valid_from": o.valid_from,
                "valid_to": o.valid_to,
            },
        )
        counts["overheads"].add(outcome)
    if doc.late_payers is not None:
        lp = doc.late_payers
        _, outcome = upsert(
            LatePayerPolicy,
            {"pk": 1},
            {
                "drift_days": lp.drift_days,
                "recent_receipts": lp.recent_receipts,
                "email_account_manager": lp.email_account_manager,
            },
        )
        counts["late_payers"].add(outcome)
    for outcome in store_fx_rates(doc.fx_rates):
        counts["fx_rates"].add(outcome)
    return counts


def _store_levels(levels: list[str], counts: Counts) -> None:
    stored = {name: position for position, name in enumerate(hierarchy())}
    for position, name in enumerate(levels):
        counts["hierarchy"].add(CREATED if name not in stored else UNCHANGED if stored[name] == position else CHANGED)
    if stored != {name: position for position, name in enumerate(levels)}:
        HierarchyLevel.objects.all().delete()
        HierarchyLevel.objects.bulk_create(HierarchyLevel(name=name, position=i) for i, name in enumerate(levels))


def _store_oncosts(doc: Document, counts: Counts) -> None:
    for o in doc.oncosts:
        oncost, outcome = upsert(
            Oncost,
            {"code": o.code},
            {
                "name": o.name,
                "kind": o.kind,
                "bill": o.bill,
                "node_level": o.node[0],
                "node_value": o.node[1],
                "applies_to": o.applies_to,
            },
        )
        _, values_changed = sync_children(
            oncost.values.all(),
            ("valid_from",),
            [
                ({"oncost_id": oncost.id, "valid_from": v.valid_from}, {"valid_to": v.valid_to, "value": v.value})
                for v in o.values
            ],
            OncostValue,
        )
        counts["oncosts"].add(CHANGED if outcome == UNCHANGED and values_changed else outcome)


def _store_client(client: Any, entity: Entity, actor: Any) -> tuple[Client, str]:
    """Through the crm services, so that the document and the app pass the same checks."""
    values = {"name": client.name, "entity": entity, "payment_terms_days": client.payment_terms_days,
              "invoice_grouping": client.invoice_grouping}  # fmt: skip
    prefix = f"{client.path}." if client.path else ""
    # The import records one audit event for the whole document (services.configuration_import).
    common = {"actor": actor, "prefix": prefix, "names": DOCUMENT_NAMES, "audited": False}
    existing = Client.objects.filter(code=client.code).first()
    if existing is None:
        return client_create(values={"code": client.code, **values}, **common), CREATED
    changes = {name: value for name, value in values.items() if getattr(existing, name) != value}
    if not changes:
        return existing, UNCHANGED
    return client_update(client=existing, changes=changes, **common), CHANGED


def _at_path(path: str, failed: ValidationFailed) -> ValidationFailed:
    """The crm services' errors (`email`, `expiresOn`) at the document's path (`clients[0].contacts[1].email`)."""
    names = {"expiresOn": "expires_on", "startsOn": "starts_on"}
    return ValidationFailed(
        ServiceError(e.code, e.message, f"{path}.{names.get(e.field, e.field)}" if e.field else path)
        for e in failed.errors
    )


def _store_contact(client: Client, spec: Any, actor: Any) -> str:
    """Upsert a contact by its name within the client, through the crm services (same checks as the app)."""
    values = {"name": spec.name, "role": spec.role, "email": spec.email, "phone": spec.phone,
              "billing": spec.billing, "approver": spec.approver}  # fmt: skip
    existing = Contact.objects.filter(client=client, name=spec.name).order_by("pk").first()
    try:
        if existing is None:
            contact_create(client=client, values=values, actor=actor)
            return CREATED
        changes = {name: value for name, value in values.items() if getattr(existing, name) != value}
        if not changes:
            return UNCHANGED
        contact_update(contact=existing, changes=changes, actor=actor)
        return CHANGED
    except ValidationFailed as failed:
        raise _at_path(spec.path, failed) from failed


def _store_contract(client: Client, spec: Any, actor: Any) -> str:
    """Upsert a contract by its title within the client; its documents are uploaded in the app."""
    existing = Contract.objects.filter(client=client, title=spec.title).order_by("pk").first()
    try:
        if existing is None:
            contract_create(client=client, kind=spec.kind, title=spec.title, starts_on=spec.starts_on,
                            expires_on=spec.expires_on, actor=actor)  # fmt: skip
            return CREATED
        if (existing.kind, existing.starts_on, existing.expires_on) == (spec.kind, spec.starts_on, spec.expires_on):
            return UNCHANGED
        contract_update(contract=existing, kind=spec.kind, starts_on=spec.starts_on, expires_on=spec.expires_on,
                        actor=actor)  # fmt: skip
        return CHANGED
    except ValidationFailed as failed:
        raise _at_path(spec.path, failed) from failed


def _store_portal_user(client: Client, username: str, email: str, password: str | None) -> str:
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(username=username, email=email, client=client, is_staff=False)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save()
        return CREATED
    outcome = UNCHANGED
    if user.email != email:
        user.email = email
        outcome = CHANGED
    if password and not user.check_password(password):
        user.set_password(password)
        outcome = CHANGED
    if outcome == CHANGED:
        user.save()
    return outcome


def _store_bill_agreement(agreement: Any, oncost_ids: dict[str, int]) -> str:
    header, outcome = upsert(
        BillAgreement,
        {"name": agreement.name},
        {
            "node_level": agreement.node[0],
            "node_value": agreement.node[1],
            "valid_from": agreement.valid_from,
            "valid_to": agreement.valid_to,
        },
    )
    rules, changed = sync_children(
        header.rules.all(),
        ("node_level", "node_value", "valid_from"),
        [
            (
                {
                    "agreement_id": header.id,
                    "node_level": r.node[0],
                    "node_value": r.node[1],
                    "valid_from": r.valid_from,
                },
                {"valid_to": r.valid_to},
            )
            for r in agreement.rules
        ],
        BillRateRule,
    )
    for rule_spec in agreement.rules:
        rule = rules[(rule_spec.node[0], rule_spec.node[1], rule_spec.valid_from)]
        lines, lines_changed = sync_children(
            rule.lines.prefetch_related("oncosts"),
            ("scope_kind", "scope_value"),
            [
                (
                    {"rule_id": rule.id, "scope_kind": line.scope_kind, "scope_value": line.scope_value},
                    {
                        "method": line.method,
                        "value": line.value,
                        "rounding_mode": line.rounding_mode,
                        "rounding_places": line.places,
                        "oncosts_default": line.oncosts is None,
                        "agreement_id": header.id,
                        "node_level": rule.node_level,
                        "node_value": rule.node_value,
                        "valid_from": rule.valid_from,
                        "valid_to": rule.valid_to,
                    },
                )
                for line in rule_spec.lines
            ],
            BillRateLine,
        )
        changed |= lines_changed
        for line in rule_spec.lines:
            obj = lines[(line.scope_kind, line.scope_value)]
            wanted = {oncost_ids[code] for code in line.oncosts or []}
            if {o.id for o in obj.oncosts.all()} != wanted:
                obj.oncosts.set(wanted)
                changed = True
    return CHANGED if outcome == UNCHANGED and changed else outcome


def _store_job_orders(doc: Document, counts: Counts, entity_ids: dict[str, int]) -> None:
    if not doc.job_orders:
        return
    client_ids = dict(Client.objects.values_list("code", "id"))
    payee_ids = dict(Payee.objects.values_list("code", "id"))
    pay_ids = dict(PayAgreement.objects.values_list("name", "id"))
    bill_ids = dict(BillAgreement.objects.values_list("name", "id"))
    consultants = dict(
        User.objects.filter(username__in={j.consultant for j in doc.job_orders}).values_list("username", "id")
    )
    for j in doc.job_orders:
        _, outcome = upsert(
            JobOrder,
            {"code": j.code},
            {
                "client_id": client_ids[j.client],
                "payee_id": payee_ids[j.payee],
                "entity_id": entity_ids[j.entity],
                "title": j.title,
                "start": j.start,
                "end": j.end,
                "path": j.path_values,
                "consultant_id": consultants.get(j.consultant) if j.consultant else None,
                "division": j.division,
                "po_number": j.po_number,
                "pay_agreement_id": pay_ids.get(j.pay_agreement) if j.pay_agreement else None,
                "bill_agreement_id": bill_ids.get(j.bill_agreement) if j.bill_agreement else None,
                "status": j.status,
                "invoice_grouping": j.invoice_grouping,
            },
        )
        counts["job_orders"].add(outcome)
