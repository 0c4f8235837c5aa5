"""Checks of a read document against itself and the database: references, the hierarchy,
overlapping validity, rules inside their headers, job orders' agreements (docs/configuration.md)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from kserp.base.models import Entity
from kserp.configuration.document import BillAgreementSpec, Document, JobOrderSpec, Node, PayAgreementSpec
from kserp.configuration.reader import Reader, at
from kserp.crm.models import Client, Payee
from kserp.identity.models import User
from kserp.orders.models import JobOrder
from kserp.rates import rule_checks
from kserp.rates.applicability import path_of, why_not
from kserp.rates.compile import hierarchy
from kserp.rates.models import (
    DERIVED_LEVELS,
    BillAgreement,
    BillRateRule,
    Oncost,
    PayAgreement,
    PayCode,
    PayRateRule,
)
from kserp.rates.validity import describe, node_label, overlaps, within


@dataclass(frozen=True)
class Header:
    """An agreement header from the document or the database (the engine's `Header` protocol)."""

    name: str
    node: Node
    valid_from: dt.date
    valid_to: dt.date | None
    where: str  # the document path, or "" for a stored header


class Checker:
    def __init__(self, doc: Document, reader: Reader) -> None:
        self.doc = doc
        self.r = reader
        self.levels: tuple[str, ...] = tuple(doc.levels) if doc.levels else hierarchy()
        self.position = {level: i for i, level in enumerate(self.levels)}
        self.entities: dict[str, tuple[str, str]] = {e.code: (e.country, e.brand) for e in Entity.objects.all()}
        self.entities.update({e.code: (e.country, e.brand) for e in doc.entities})
        self.pay_codes = set(PayCode.objects.values_list("code", flat=True)) | {c.code for c in doc.pay_codes}
        self.oncosts = set(Oncost.objects.values_list("code", flat=True)) | {o.code for o in doc.oncosts}
        self.clients = set(Client.objects.values_list("code", flat=True)) | {c.code for c in doc.clients}
        self.payees = set(Payee.objects.values_list("code", flat=True)) | {p.code for p in doc.payees}
        self.pay_headers = self._headers(PayAgreement.objects.all(), doc.pay_agreements)
        self.bill_headers = self._headers(BillAgreement.objects.all(), doc.bill_agreements)

    @staticmethod
    def _headers(stored: Any, specs: list[PayAgreementSpec] | list[BillAgreementSpec]) -> dict[str, Header]:
        names = {a.name for a in specs}
        headers = {a.name: Header(a.name, a.node, a.valid_from, a.valid_to, "") for a in stored if a.name not in names}
        headers.update({a.name: Header(a.name, a.node, a.valid_from, a.valid_to, a.path) for a in specs})
        return headers

    def run(self) -> None:
        self.duplicates()
        self.hierarchy_still_fits()
        self.entities_and_clients()
        self.oncosts_()
        self.pay_agreements()
        self.bill_agreements()
        self.header_overlaps("pay agreement", self.pay_headers)
        self.header_overlaps("bill agreement", self.bill_headers)
        self.job_orders()
        self.overheads()

    # --- helpers ---------------------------------------------------------------------------
    def node(self, node: Node, where: str) -> bool:
        if problem := rule_checks.unknown_level(node[0], self.levels):
            self.r.error(where, problem.message, problem.code)
            return False
        return True

    def known(self, value: str | None, known: set[str], what: str, where: str) -> bool:
        section = {
            "pay code": "pay_codes",
            "oncost": "oncosts",
            "client": "clients",
            "payee": "payees",
            "entity": "entities",
            "pay agreement": "pay_agreements",
            "bill agreement": "bill_agreements",
        }.get(what, "")
        if f"{section}:{value}" in self.doc.unreadable:
            return False  # already reported where it is defined
        if value is not None and value not in known:
            self.r.error(where, f"Unknown {what} {value!r}.", "UNKNOWN_REFERENCE")
            return False
        return True

    def below_header(self, node: Node, header: Node, where: str) -> None:
        if problem := rule_checks.above_header(node, header[0], self.position):
            self.r.error(where, problem.message, problem.code)

    def inside_header(self, valid_from: dt.date, valid_to: dt.date | None, header: Any, where: str) -> None:
        problem = rule_checks.outside_header(valid_from, valid_to, header.valid_from, header.valid_to)
        if problem is None:
            return
        field = "valid_from" if not within(valid_from, valid_from, header.valid_from, header.valid_to) else "valid_to"
        self.r.error(at(where, field), problem.message, problem.code)

    # --- checks ----------------------------------------------------------------------------
    def duplicates(self) -> None:
        sections: list[tuple[str, list[Any], str]] = [
            ("entities", self.doc.entities, "code"),
            ("pay_codes", self.doc.pay_codes, "code"),
            ("oncosts", self.doc.oncosts, "code"),
            ("clients", self.doc.clients, "code"),
            ("payees", self.doc.payees, "code"),
            ("pay_agreements", self.doc.pay_agreements, "name"),
            ("bill_agreements", self.doc.bill_agreements, "name"),
            ("job_orders", self.doc.job_orders, "code"),
            ("overheads", self.doc.overheads, "code"),
        ]
        for _, specs, key in sections:
            seen: set[str] = set()
            for spec in specs:
                value = getattr(spec, key)
                if value in seen:
                    self.r.error(at(spec.path, key), f"{value!r} appears twice in the document.", "DUPLICATE")
                seen.add(value)

    def hierarchy_still_fits(self) -> None:
        if self.doc.levels is None:
            return
        replaced_pay = {a.name for a in self.doc.pay_agreements}
        replaced_bill = {a.name for a in self.doc.bill_agreements}
        replaced_oncosts = {o.code for o in self.doc.oncosts}
        used = set(Oncost.objects.exclude(code__in=replaced_oncosts).values_list("node_level", flat=True))
        used |= set(PayAgreement.objects.exclude(name__in=replaced_pay).values_list("node_level", flat=True))
        used |= set(PayRateRule.objects.exclude(agreement__name__in=replaced_pay).values_list("node_level", flat=True))
        used |= set(BillAgreement.objects.exclude(name__in=replaced_bill).values_list("node_level", flat=True))
        used |= set(
            BillRateRule.objects.exclude(agreement__name__in=replaced_bill).values_list("node_level", flat=True)
        )
        replaced_orders = {j.code for j in self.doc.job_orders}
        for path in JobOrder.objects.exclude(code__in=replaced_orders).values_list("path", flat=True):
            used |= set(path or {})
        missing = sorted(used - set(self.levels))
        if missing:
            self.r.error(
                "hierarchy.levels",
                f"Stored agreements, oncosts or job orders use levels missing here: {', '.join(missing)}.",
                "LEVEL_IN_USE",
            )

    def entities_and_clients(self) -> None:
        entity_codes = set(self.entities)
        usernames: dict[str, str] = {}
        stored = {
            u.username: u
            for u in User.objects.filter(
                username__in=[p.username for c in self.doc.clients for p in c.portal_users]
            ).select_related("client")
        }
        for client in self.doc.clients:
            self.known(client.entity, entity_codes, "entity", at(client.path, "entity"))
            for user in client.portal_users:
                where = at(user.path, "username")
                if user.username in usernames:
                    self.r.error(
                        where,
                        f"Username {user.username!r} is already a portal user of {usernames[user.username]}.",
                        "DUPLICATE",
                    )
                usernames[user.username] = client.code
                existing = stored.get(user.username)
                if existing is not None and (existing.client is None or existing.client.code != client.code):
                    owner = "a staff user" if existing.client is None else f"a portal user of {existing.client.code}"
                    self.r.error(where, f"Username {user.username!r} is taken by {owner}.", "USERNAME_TAKEN")

    def oncosts_(self) -> None:
        for oncost in self.doc.oncosts:
            self.node(oncost.node, at(oncost.path, "node"))
            for i, code in enumerate(oncost.applies_to.get("pay_codes", [])):
                self.known(code, self.pay_codes, "pay code", f"{oncost.path}.applies_to.pay_codes[{i}]")
            for i, value in enumerate(oncost.values):
                for earlier in oncost.values[:i]:
                    if overlaps(value.valid_from, value.valid_to, earlier.valid_from, earlier.valid_to):
                        self.r.error(
                            value.path,
                            f"Overlaps {earlier.path} ({describe(earlier.valid_from, earlier.valid_to)}): "
                            "an oncost's values never overlap.",
                            "OVERLAP",
                        )

    def pay_agreements(self) -> None:
        for agreement in self.doc.pay_agreements:
            header_ok = self.node(agreement.node, at(agreement.path, "node"))
            for rate in agreement.rates:
                self.known(rate.pay_code, self.pay_codes, "pay code", at(rate.path, "pay_code"))
                if self.node(rate.node, at(rate.path, "node")) and header_ok:
                    self.below_header(rate.node, agreement.node, at(rate.path, "node"))
                self.inside_header(rate.valid_from, rate.valid_to, agreement, rate.path)
            for i, rate in enumerate(agreement.rates):
                for earlier in agreement.rates[:i]:
                    if (earlier.pay_code, earlier.node) == (rate.pay_code, rate.node) and overlaps(
                        rate.valid_from, rate.valid_to, earlier.valid_from, earlier.valid_to
                    ):
                        self.r.error(
                            rate.path,
                            f"Overlaps {earlier.path}: two {rate.pay_code} rates at {node_label(rate.node)} "
                            f"valid at once ({describe(rate.valid_from, rate.valid_to)}).",
                            "OVERLAP",
                        )
            for where, code in agreement.interpretation_codes:
                self.known(code, self.pay_codes, "pay code", where)

    def bill_agreements(self) -> None:
        for agreement in self.doc.bill_agreements:
            header_ok = self.node(agreement.node, at(agreement.path, "node"))
            for rule in agreement.rules:
                if self.node(rule.node, at(rule.path, "node")) and header_ok:
                    self.below_header(rule.node, agreement.node, at(rule.path, "node"))
                self.inside_header(rule.valid_from, rule.valid_to, agreement, rule.path)
                scopes: dict[str, str] = {}
                for line in rule.lines:
                    if line.scope_kind == "CODE":
                        self.known(line.scope_value, self.pay_codes, "pay code", at(line.path, "scope"))
                    for i, code in enumerate(line.oncosts or []):
                        self.known(code, self.oncosts, "oncost", f"{line.path}.oncosts[{i}]")
                    if line.scope_label in scopes:
                        self.r.error(
                            at(line.path, "scope"),
                            f"Scope {line.scope_label} is already billed by {scopes[line.scope_label]}.",
                            "DUPLICATE",
                        )
                    scopes.setdefault(line.scope_label, line.path)
            # Only one rule per node and scope is valid at a time.
            for i, rule in enumerate(agreement.rules):
                for earlier in agreement.rules[:i]:
                    if rule.node != earlier.node or not overlaps(
                        rule.valid_from, rule.valid_to, earlier.valid_from, earlier.valid_to
                    ):
                        continue
                    shared = sorted(
                        {line.scope_label for line in rule.lines} & {line.scope_label for line in earlier.lines}
                    )
                    if shared:
                        self.r.error(
                            rule.path,
                            f"Overlaps {earlier.path}: two rules at {node_label(rule.node)} valid at once for scope "
                            f"{', '.join(shared)}: {describe(rule.valid_from, rule.valid_to)} and "
                            f"{describe(earlier.valid_from, earlier.valid_to)}.",
                            "OVERLAP",
                        )

    def header_overlaps(self, what: str, headers: dict[str, Header]) -> None:
        by_node: dict[Node, list[Header]] = defaultdict(list)
        for header in headers.values():  # stored headers first, then the document's in order
            by_node[header.node].append(header)
        for group in by_node.values():
            for i, header in enumerate(group):
                for other in group[:i]:
                    problem = rule_checks.header_overlap(
                        what=what,
                        node=header.node,
                        valid_from=header.valid_from,
                        valid_to=header.valid_to,
                        other_name=other.name,
                        other_from=other.valid_from,
                        other_to=other.valid_to,
                    )
                    if header.where and problem:
                        self.r.error(header.where, problem.message, problem.code)

    def job_orders(self) -> None:
        usernames = {j.consultant for j in self.doc.job_orders if j.consultant}
        staff = set(
            User.objects.filter(username__in=usernames, is_staff=True, client__isnull=True).values_list(
                "username", flat=True
            )
        )
        for job in self.doc.job_orders:
            ok = self.known(job.client, self.clients, "client", at(job.path, "client"))
            ok &= self.known(job.payee, self.payees, "payee", at(job.path, "payee"))
            ok &= self.known(job.entity, set(self.entities), "entity", at(job.path, "entity"))
            if job.consultant and job.consultant not in staff:
                self.r.error(
                    at(job.path, "consultant"), f"Unknown staff username {job.consultant!r}.", "UNKNOWN_REFERENCE"
                )
            for level in job.path_values:
                where = f"{job.path}.path.{level}"
                if level in DERIVED_LEVELS:
                    self.r.error(
                        where,
                        f"The {level} level comes from the job order's {_source(level)}, not from path.",
                        "DERIVED_LEVEL",
                    )
                    ok = False
                elif level not in self.position:
                    self.r.error(
                        where, f"Level {level!r} is not in the hierarchy ({', '.join(self.levels)}).", "UNKNOWN_LEVEL"
                    )
                    ok = False
            ok &= self.known(job.pay_agreement, set(self.pay_headers), "pay agreement", at(job.path, "pay_agreement"))
            ok &= self.known(
                job.bill_agreement, set(self.bill_headers), "bill agreement", at(job.path, "bill_agreement")
            )
            if ok:
                self.agreements_apply(job)

    def overheads(self) -> None:
        for overhead in self.doc.overheads:
            if overhead.entity is not None:
                self.known(overhead.entity, set(self.entities), "entity", at(overhead.path, "entity"))

    def agreements_apply(self, job: JobOrderSpec) -> None:
        country, brand = self.entities[job.entity]
        path = path_of(
            levels=self.levels,
            country=country,
            brand=brand,
            client=job.client,
            payee=job.payee,
            code=job.code,
            values=job.path_values,
        )
        for key, name, headers, what in (
            ("pay_agreement", job.pay_agreement, self.pay_headers, "Pay"),
            ("bill_agreement", job.bill_agreement, self.bill_headers, "Bill"),
        ):
            if name is None:
                if job.status == "ACTIVE":
                    self.r.error(at(job.path, key), f"An ACTIVE job order needs a {key.replace('_', ' ')}.", "REQUIRED")
                continue
            reason = why_not(headers[name], self.levels, path, job.start, job.end)
            if reason:
                self.r.error(
                    at(job.path, key),
                    f"{what} agreement {name!r} does not apply to job order {job.code}: {reason}.",
                    "NOT_APPLICABLE",
                )


def _source(level: str) -> str:
    return {"country": "entity", "brand": "entity", "client": "client", "payee": "payee", "job_order": "code"}[level]
