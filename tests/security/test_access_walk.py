"""Access rules applied to the whole published schema, walked from schema.graphql (graphql-core).

With two clients' data present (tests/support/access.py), a caller bound to ACME (its portal
user, or a client-bound API token):

- walks every Query root field open to clients, every connection and nested object in it, and
  finds ACME's rows and nothing of BETA's;
- is refused, with an error, every other Query root field and every confidential field on the
  types it can reach (and the guard below makes a new pay/wage/oncost/margin field on those types
  fail until it is declared);
- gets null from `node(id:)` for BETA's rows and for every agency-internal Node type;

and every mutation of the schema (a new one fails here until it has a line in MUTATIONS) is
refused to callers without the permission, with an error and no side effect.

A worker (a user linked to ACME's payee, the worker portal) walks `myTimesheets` and `myPayslips`
and finds their own rows only; every other root field refuses them, `node(id:)` answers null for
everything but their own worker rows, and every mutation refuses them.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import transaction
from django.test import Client as HttpClient
from django.urls import reverse
from graphql import (
    GraphQLObjectType,
    build_schema,
    get_named_type,
    is_leaf_type,
    is_non_null_type,
    is_object_type,
)
from graphql.pyutils import Undefined
from strawberry import relay

from kserp.billing.models import BillingRun
from kserp.crm.models import Contact, Opportunity, Payee
from kserp.finance.invoicing import invoice_credit, receipt_record
from kserp.finance.models import BankStatement, BankStatementLine, DocumentDelivery, Invoice, Journal, Receipt
from kserp.identity.models import AuditEvent, User
from kserp.identity.tokens import api_token_issue
from kserp.orders.models import JobOrder, Timesheet
from kserp.payroll.models import PayRun, PayRunPayment
from kserp.payroll.runs import pay_run_execute, pay_run_start
from kserp.rates.models import BillAgreement, BillRateRule, OncostValue, PayCode, PayRateRule
from kserp.webhooks.models import WebhookDelivery, WebhookEndpoint
from kserp.webhooks.services import webhook_endpoint_create
from tests.security.helpers import post
from tests.support.access import NODE_TYPES, TwoClients, client_owned, global_id, two_clients
from tests.support.orders import START, WEEK

SCHEMA = build_schema((Path(__file__).resolve().parents[2] / "schema.graphql").read_text())
QUERY: GraphQLObjectType = SCHEMA.query_type  # type: ignore[assignment]
MUTATION: GraphQLObjectType = SCHEMA.mutation_type  # type: ignore[assignment]

#: Query root fields open to client-bound callers (walked). Every other root field but `node`
#: must refuse them with an error.
OPEN_TO_CLIENTS = {"viewer", "clients", "jobOrders", "timesheets", "invoices", "creditNotes", "receipts"}

#: Query root fields open to workers (the worker portal; walked). Every other root field but `node`
#: must refuse them with an error.
OPEN_TO_WORKERS = {"viewer", "myTimesheets", "myPayslips"}

#: The worker portal's Node types (over Timesheet and PayRunPayment): scoped to the worker's payee.
WORKER_NODE_TYPES = {"WorkerTimesheet", "WorkerPayslip"}

#: Fields refused to client-bound callers, by type (docs/security.md).
REFUSED_TO_CLIENTS: dict[str, set[str]] = {
    "Client": {"opportunities", "timeline"},
    "JobOrder": {"payAgreement", "billAgreement", "applicableBillAgreements"},
    "Timesheet": {"payLines"},
    "BillLine": {"provenance"},
    "PayLine": {"payRate", "wage", "provenance"},
    "RateQuote": {"payRate", "wage", "billOncosts", "payOncosts", "costRate", "grossMargin", "marginPercent"},
    "RateRule": {"method", "value"},
    "Payee": {"email", "bank", "tax", "superFund", "abn", "gstRegistered"},
    "BillRateLine": {"method", "value", "oncosts"},
}

#: A field with such a name on a type clients can reach must be declared above.
CONFIDENTIAL_NAME = re.compile(r"pay(Rate|Line|Agreement|Oncost)|wage|oncost|cost|margin|provenance|markup", re.I)

#: Values for required arguments of Query root fields.
ARGUMENTS = {
    "jobOrder": '"JO-ACME"',
    "payCode": '"ORD"',
    "quantity": '"1"',
    "date": '"2025-07-07"',
    "entity": '"KSAU"',
    "asOf": '"2025-12-31"',
    "translation": '"CLOSING"',
    "text": '"ACME"',
    "withinDays": "60",
    "rule": f'"{relay.to_base64("BillRateRule", 1)}"',
    "validFrom": '"2025-09-01"',
    "lines": '[{scopeKind: "ALL", method: "MARKUP_PERCENT", value: "30"}]',
    "rate": '"30"',
    "oncostValue": f'"{relay.to_base64("OncostValue", 1)}"',
    "value": '"12"',
    "input": '{client: "ACME", start: "2025-07-07"}',
    "client": '"ACME"',
    "dimension": "CLIENT",
    "from": '"2025-07-07"',
    "to": '"2025-07-13"',
    "group": "false",
    "payFrequency": "WEEKLY",
    "payDayOffsetDays": "3",
    "weeks": "13",
    "points": "13",
    "days": "28",
    "mine": "false",
    "unreadOnly": "false",
}
MAX_OBJECT_DEPTH = 6


@pytest.fixture
def world(db) -> TwoClients:
    webhook_endpoint_create(name="Agency DW", url="https://dw.example/hooks", event_types=["invoice.issued"])
    world = two_clients()
    # ACME has a credit note and a receipt too, so the walk finds its own in those lists.
    first_line = world.a.invoice.lines.order_by("position").first()
    assert first_line is not None
    invoice_credit(invoice=world.a.invoice, reason="Short shipped", line_ids=[first_line.pk])
    receipt_record(invoice=world.a.invoice, amount=Decimal("10.00"), reference="EFT ACME")
    world.a.invoice.refresh_from_db()
    BillAgreement.objects.create(name="Spare ACME", node_level="client", node_value="ACME", valid_from=START)
    # Each entity paid its workers for the billed week (payslips, PAYG owed), and ACME's worker
    # signs in to the worker portal.
    for side in (world.a, world.b):
        side.extra["paid_run"] = pay_run_execute(
            run_id=pay_run_start(entity=side.entity, period_end=WEEK + WEEK_LONG).pk
        )
        side.extra["payslip"] = PayRunPayment.objects.get(entity=side.entity)
    world.a.extra["worker"] = User.objects.create_user(
        username="p.acme", password="pw-worker-123", payee=world.a.job_order.payee
    )
    return world


WEEK_LONG = dt.timedelta(days=6)


def _session(user: User) -> HttpClient:
    client = HttpClient()
    client.force_login(user)
    return client


def _staff(username: str, *roles: str) -> User:
    call_command("ensure_roles", verbosity=0)
    user = User.objects.create_user(username=username, password="x", is_staff=True)
    user.groups.add(*Group.objects.filter(name__in=roles))
    return User.objects.get(pk=user.pk)


class Caller:
    """Runs operations as a session user or with a bearer token."""

    def __init__(self, session: HttpClient | None = None, token: str | None = None) -> None:
        self.session, self.token = session, token

    def run(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        if self.token is not None:
            response = post(query, variables, token=self.token)
        else:
            assert self.session is not None
            response = self.session.post(
                "/graphql",
                data=json.dumps({"query": query, "variables": variables or {}}),
                content_type="application/json",
            )
        body: dict[str, Any] = response.json()
        return body


def _acme_caller(world: TwoClients, how: str) -> Caller:
    if how == "portal-user":
        return Caller(session=_session(world.portal_user))
    staff = _staff("tokens.owner", "admin")  # the token narrows an admin to ACME
    return Caller(token=api_token_issue(user=staff, scopes=["read"], client_id=world.a.client.pk).value)


CALLERS = ["portal-user", "client-bound-token"]


# --- the schema, as graphql-core reads it -----------------------------------------------------
def _required_args(field: Any) -> list[str]:
    return [name for name, arg in field.args.items() if is_non_null_type(arg.type) and arg.default_value is Undefined]


def _selection(type_: GraphQLObjectType, depth: int, seen: frozenset[str]) -> str:
    """Every field clients may ask for, objects to `depth` levels, no type twice on a path."""
    parts = []
    for name, field in type_.fields.items():
        if name in REFUSED_TO_CLIENTS.get(type_.name, ()) or _required_args(field):
            continue
        named = get_named_type(field.type)
        if is_leaf_type(named):
            parts.append(name)
        elif is_object_type(named) and depth > 0 and named.name not in seen:
            inner = _selection(named, depth - 1, seen | {named.name})  # type: ignore[arg-type]
            if inner:
                parts.append(f"{name} {{ {inner} }}")
    return " ".join(parts)


def _reachable_types() -> dict[str, tuple[str, str] | None]:
    """Types a client-bound caller reaches through open fields: type → (parent type, field)."""
    parents: dict[str, tuple[str, str] | None] = {}
    queue: list[str] = []
    for root in sorted(OPEN_TO_CLIENTS):
        named = get_named_type(QUERY.fields[root].type)
        if is_object_type(named) and named.name not in parents:
            parents[named.name] = ("Query", root)
            queue.append(named.name)
    while queue:
        type_: GraphQLObjectType = SCHEMA.type_map[queue.pop(0)]  # type: ignore[assignment]
        for name, field in type_.fields.items():
            named = get_named_type(field.type)
            if name in REFUSED_TO_CLIENTS.get(type_.name, ()) or not is_object_type(named):
                continue
            if named.name not in parents:
                parents[named.name] = (type_.name, name)
                queue.append(named.name)
    return parents


def _path_query(parents: dict[str, tuple[str, str] | None], type_name: str, leaf: str) -> str:
    """A query from the root to `type_name.leaf`, selecting `id`-ish minimum on the way."""
    steps = []
    current = type_name
    while True:
        parent = parents[current]
        assert parent is not None
        steps.append(parent[1])
        if parent[0] == "Query":
            break
        current = parent[0]
    steps.reverse()
    query = leaf
    named = get_named_type(SCHEMA.type_map[type_name].fields[leaf].type)  # type: ignore[union-attr]
    if not is_leaf_type(named):
        query = f"{leaf} {{ __typename }}"
    for step in reversed(steps):
        query = f"{step} {{ {query} }}"
    return "{ " + query + " }"


def _codes(body: dict[str, Any]) -> list[str]:
    return [(e.get("extensions") or {}).get("code") for e in body.get("errors") or []]


# --- the walk -------------------------------------------------------------------------------
def test_the_walk_covers_the_schema():
    assert set(QUERY.fields) >= OPEN_TO_CLIENTS
    for type_name, fields in REFUSED_TO_CLIENTS.items():
        assert fields <= set(SCHEMA.type_map[type_name].fields), type_name  # type: ignore[union-attr]
    for type_name in _reachable_types():
        type_ = SCHEMA.type_map[type_name]
        for name in type_.fields:  # type: ignore[union-attr]
            if CONFIDENTIAL_NAME.search(name):
                assert name in REFUSED_TO_CLIENTS.get(type_name, ()), (
                    f"{type_name}.{name} looks confidential and clients can reach it: refuse it with "
                    "Require(Confidential()) and add it to REFUSED_TO_CLIENTS, or rename it"
                )
    node_types = {
        name for name, t in SCHEMA.type_map.items() if is_object_type(t) and any(i.name == "Node" for i in t.interfaces)
    }
    assert node_types == set(NODE_TYPES.values()) | WORKER_NODE_TYPES, (
        "a new Node type: scope it (get_queryset) and add it to NODE_TYPES"
    )


@pytest.mark.parametrize("how", CALLERS)
@pytest.mark.parametrize("root", sorted(OPEN_TO_CLIENTS))
def test_a_client_bound_caller_sees_its_own_rows_and_nothing_of_another_clients(world, how, root):
    caller = _acme_caller(world, how)
    field = QUERY.fields[root]
    assert not _required_args(field), f"give {root}'s required arguments a value"
    named = get_named_type(field.type)
    selection = _selection(named, MAX_OBJECT_DEPTH, frozenset({named.name}))  # type: ignore[arg-type]
    body = caller.run(f"{{ {root} {{ {selection} }} }}")

    assert "errors" not in body, body.get("errors")
    text = json.dumps(body)
    leaked = sorted(marker for marker in world.markers(world.b) if marker in text)
    assert leaked == [], f"{root} shows another client's rows: {leaked}"
    if root != "viewer":
        assert body["data"][root]["totalCount"] > 0
        assert world.a.client.code in text or world.a.job_order.code in text


@pytest.mark.parametrize("how", CALLERS)
def test_every_other_query_root_field_is_refused_to_clients_with_an_error(world, how):
    caller = _acme_caller(world, how)
    refused = sorted(set(QUERY.fields) - OPEN_TO_CLIENTS - {"node"})
    assert refused, "the walk expects staff-only root fields"
    for root in refused:
        field = QUERY.fields[root]
        missing = [name for name in _required_args(field) if name not in ARGUMENTS]
        assert not missing, f"add a value for {root}({', '.join(missing)}) to ARGUMENTS"
        args = ", ".join(f"{name}: {ARGUMENTS[name]}" for name in _required_args(field))
        named = get_named_type(field.type)
        inner = "" if is_leaf_type(named) else " { __typename }"
        body = caller.run(f"{{ {root}{f'({args})' if args else ''}{inner} }}")
        assert _codes(body) == ["FORBIDDEN"], (root, body)
        assert not (body.get("data") or {}).get(root), root


@pytest.mark.parametrize("how", CALLERS)
def test_confidential_fields_are_refused_to_clients_with_an_error_not_zeroed(world, how):
    caller = _acme_caller(world, how)
    parents = _reachable_types()
    checked = []
    for type_name, fields in sorted(REFUSED_TO_CLIENTS.items()):
        if type_name not in parents:
            continue  # only reachable through a refused field, refused above it
        for leaf in sorted(fields):
            body = caller.run(_path_query(parents, type_name, leaf))
            assert "FORBIDDEN" in _codes(body), (type_name, leaf, body)
            assert any(e["path"][-1] == leaf for e in body["errors"]), (type_name, leaf, body)
            checked.append(f"{type_name}.{leaf}")
    assert {"Timesheet.payLines", "JobOrder.payAgreement", "BillLine.provenance"} <= set(checked)


@pytest.mark.parametrize("how", CALLERS)
def test_node_answers_null_for_another_clients_rows_and_for_agency_internal_types(world, how):
    caller = _acme_caller(world, how)
    query = "query($id: ID!) { node(id: $id) { __typename id } }"
    hidden = [
        *client_owned(world.b),
        world.b.entity,
        world.a.run,
        world.b.run,
        AuditEvent.objects.first(),
        Journal.objects.filter(entity=world.a.entity).first(),  # the ledger is agency-internal
        BankStatement.objects.get(),
        BankStatementLine.objects.get(),
        DocumentDelivery.objects.get(),
    ]
    hidden.append(world.b.extra["pay_run"])
    hidden += list(Opportunity.objects.all())  # agency-internal, even the client's own
    for model in (PayCode, BillAgreement, BillRateRule):
        hidden.append(model.objects.first())
    from kserp.rates.models import BillRateLine, Oncost, PayAgreement

    hidden += [m.objects.first() for m in (BillRateLine, Oncost, OncostValue, PayAgreement, PayRateRule)]
    hidden += [WebhookEndpoint.objects.first(), WebhookDelivery.objects.first()]
    assert {type(obj) for obj in hidden} == set(NODE_TYPES) - set(), "every Node type is tried"
    for obj in hidden:
        assert caller.run(query, {"id": global_id(obj)}) == {"data": {"node": None}}, obj
    for ids in _worker_ids(world.a) + _worker_ids(world.b):  # the worker portal's rows: workers only
        assert caller.run(query, {"id": ids}) == {"data": {"node": None}}, ids
    for obj in [*client_owned(world.a), world.a.entity]:
        assert caller.run(query, {"id": global_id(obj)})["data"]["node"]["id"] == global_id(obj), obj


# --- mutations ------------------------------------------------------------------------------
PUBLIC_MUTATIONS = {"login", "logout", "ping"}


def _mutations(world: TwoClients) -> dict[str, str]:
    """Each mutation with arguments aimed at BETA's rows (valid for a caller allowed to run it)."""
    b = world.b
    rule = BillRateRule.objects.order_by("pk").first()
    assert rule is not None
    last_line = b.invoice.lines.order_by("-position").first()
    assert last_line is not None
    receipt = Receipt.objects.get(client=b.client, unapplied__gt=0)
    line = BankStatementLine.objects.get()
    lines = '[{scopeKind: "ALL", method: "MARKUP_PERCENT", value: "30"}]'
    doc = "version: 1\\npay_codes:\\n  - {code: SNEAK, name: Sneaky, type: ORDINARY, unit: HOUR}\\n"
    csv = "job_order,week_starting,date,hours\\nJO-BETA,2025-08-04,2025-08-04,8\\n"
    endpoint, delivery = WebhookEndpoint.objects.get(), WebhookDelivery.objects.order_by("pk").first()
    beta_contact = Contact.objects.get(client=b.client)
    beta_contract = b.client.contracts.get()
    beta_opportunity = Opportunity.objects.get(client=b.client)
    pay_rule = PayRateRule.objects.order_by("pk").first()
    oncost_value = OncostValue.objects.order_by("pk").first()
    return {
        "importConfiguration": f'importConfiguration(document: "{doc}")',
        "createBillAgreement": 'createBillAgreement(name: "Beta special", node: {level: "client", value: "BETA"}, '
        'validFrom: "2025-07-01")',
        "endBillAgreement": 'endBillAgreement(billAgreement: "Spare ACME", validTo: "2030-12-31")',
        "addBillRateRule": f'addBillRateRule(billAgreement: "Standard AU", node: {{level: "client", value: "BETA"}}, '
        f"lines: {lines})",
        "changeBillRate": f'changeBillRate(rule: "{global_id(rule)}", validFrom: "2025-09-01", lines: {lines})',
        "endBillRateRule": f'endBillRateRule(rule: "{global_id(rule)}", validTo: "2025-09-30")',
        "endBillRateLine": f'endBillRateLine(line: "{global_id(rule.lines.order_by("pk").first())}", '
        'validTo: "2025-09-30")',
        "assignBillAgreement": 'assignBillAgreement(jobOrder: "JO-BETA-DRAFT", billAgreement: "Standard AU")',
        "createJobOrder": 'createJobOrder(input: {code: "JO-BETA-NEW", client: "BETA", payee: "P-BETA", '
        'title: "Picker", start: "2025-07-01"})',
        "updateJobOrder": 'updateJobOrder(id: "JO-BETA-DRAFT", input: {title: "Renamed"})',
        "submitTimesheet": 'submitTimesheet(input: {jobOrder: "JO-BETA", weekStarting: "2025-08-04", '
        'entries: [{date: "2025-08-04", hours: "8"}]})',
        "approveTimesheet": f'approveTimesheet(id: "{global_id(b.submitted)}")',
        "rejectTimesheet": f'rejectTimesheet(id: "{global_id(b.submitted)}", reason: "Wrong hours")',
        "approveTimesheets": f'approveTimesheets(ids: ["{global_id(b.submitted)}"])',
        "rejectTimesheets": f'rejectTimesheets(ids: ["{global_id(b.submitted)}"], reason: "Wrong hours")',
        "reopenTimesheet": f'reopenTimesheet(id: "{global_id(b.approved)}")',
        "importTimesheets": f'importTimesheets(csv: "{csv}")',
        "startBillingRun": 'startBillingRun(input: {entity: "KSNZ", periodEnd: "2025-12-31"})',
        "retryBillingRun": f'retryBillingRun(id: "{global_id(b.run)}")',
        "transitionJobOrder": 'transitionJobOrder(jobOrder: "JO-BETA-DRAFT", status: "FILLED")',
        "creditInvoice": f'creditInvoice(input: {{invoice: "{b.invoice.number}", reason: "Sneaky", '
        f'lines: ["{global_id(last_line)}"]}})',
        "recordPayment": f'recordPayment(input: {{invoice: "{b.invoice.number}", amount: "1.00"}})',
        "recordReceipt": f'recordReceipt(input: {{client: "BETA", amount: "2.00", date: "2025-09-01", '
        f'reference: "R", allocations: [{{invoice: "{b.invoice.number}", amount: "1.00"}}]}})',
        "allocateReceipt": f'allocateReceipt(input: {{receipt: "{global_id(receipt)}", '
        f'allocations: [{{invoice: "{b.invoice.number}", amount: "1.00"}}]}})',
        "refundReceipt": f'refundReceipt(input: {{receipt: "{global_id(receipt)}", amount: "1.00"}})',
        "reverseReceipt": f'reverseReceipt(input: {{receipt: "{global_id(receipt)}", reason: "Bounced"}})',
        "lockPeriod": 'lockPeriod(entity: "KSNZ", through: "2025-07-01")',
        "unlockPeriod": 'unlockPeriod(entity: "KSNZ", reason: "Reopen")',
        "postJournal": 'postJournal(input: {entity: "KSNZ", date: "2025-09-01", reason: "Sneaky", '
        'lines: [{account: "1000", debit: "1.00"}, {account: "4000", credit: "1.00"}]})',
        "importBankStatement": 'importBankStatement(entity: "KSNZ", filename: "b.csv", '
        'content: "date,amount\\n2025-08-21,9.00\\n")',
        "confirmStatementLine": f'confirmStatementLine(input: {{line: "{global_id(line)}", client: "BETA", '
        "allocations: []})",
        "ignoreStatementLine": f'ignoreStatementLine(line: "{global_id(line)}")',
        "sendDocument": f'sendDocument(input: {{kind: "INVOICE", invoice: "{b.invoice.number}", '
        'to: ["ap@beta.example"]})',
        "setFxRates": 'setFxRates(rates: [{date: "2025-09-01", base: "NZD", quote: "AUD", rate: "0.9"}])',
        "createWebhookEndpoint": 'createWebhookEndpoint(input: {name: "Sneaky", url: "https://sneaky.example/h", '
        'eventTypes: ["invoice.paid"], client: "BETA"})',
        "rotateWebhookSecret": f'rotateWebhookSecret(id: "{global_id(endpoint)}")',
        "setWebhookEndpointActive": f'setWebhookEndpointActive(id: "{global_id(endpoint)}", active: false)',
        "resendWebhookDelivery": f'resendWebhookDelivery(id: "{global_id(delivery)}")',
        "startPayRun": 'startPayRun(input: {entity: "KSNZ", periodEnd: "2025-12-31"})',
        "markPayRunPaid": f'markPayRunPaid(id: "{global_id(b.extra["pay_run"])}")',
        "retryPayRun": f'retryPayRun(id: "{global_id(b.extra["pay_run"])}")',
        "createPayee": 'createPayee(input: {code: "P-SNEAK", name: "Sneak", kind: "EMPLOYEE"})',
        "updatePayee": 'updatePayee(id: "P-BETA", input: {name: "Renamed"})',
        "createClient": 'createClient(input: {code: "SNEAKY", name: "Sneaky", entity: "KSNZ"})',
        "updateClient": 'updateClient(id: "BETA", input: {status: "ON_HOLD"})',
        "createContact": 'createContact(input: {client: "BETA", name: "Sneaky Pete"})',
        "updateContact": f'updateContact(id: "{global_id(beta_contact)}", input: {{name: "Renamed"}})',
        "createContract": 'createContract(input: {client: "BETA", title: "Sneaky MSA"})',
        "uploadContractDocument": f'uploadContractDocument(contract: "{global_id(beta_contract)}", file: null)',
        "createOpportunity": 'createOpportunity(input: {client: "BETA", title: "Sneaky role"})',
        "updateOpportunity": f'updateOpportunity(id: "{global_id(beta_opportunity)}", input: {{stage: "QUALIFIED"}})',
        "convertOpportunity": f'convertOpportunity(id: "{global_id(beta_opportunity)}", code: "JO-SNEAK", '
        'payee: "P-BETA", start: "2025-08-04")',
        "recordActivity": 'recordActivity(client: "BETA", kind: "NOTE", summary: "Sneaky note")',
        "changePayRate": f'changePayRate(rule: "{global_id(pay_rule)}", validFrom: "2025-09-01", rate: "1")',
        "changeOncostValue": f'changeOncostValue(oncostValue: "{global_id(oncost_value)}", validFrom: "2025-09-01", '
        'value: "1")',
        "extendJobOrder": 'extendJobOrder(jobOrder: "JO-BETA-DRAFT", end: null)',
        "endJobOrder": 'endJobOrder(jobOrder: "JO-BETA-DRAFT", end: "2030-12-31")',
        "replaceJobOrder": 'replaceJobOrder(jobOrder: "JO-BETA", payee: "P-ACME", code: "JO-SNEAK2", on: "2025-09-01")',
        "notificationRead": 'notificationRead(id: "1")',
        "recordPayrollRemittance": 'recordPayrollRemittance(input: {entity: "KSNZ", kind: PAYG, '
        f'payDate: "{b.extra["payslip"].pay_date}", amount: "1.00", paidOn: "2025-08-01"}})',
    }


#: Mutations that fail for an allowed caller too, with these arguments (retrying a COMPLETED run;
#: an upload without a file; extending an open-ended job order; reading notification 1 that is not there).
FAILS_ANYWAY = {"retryBillingRun", "retryPayRun", "uploadContractDocument", "extendJobOrder", "notificationRead"}


def _state() -> dict[str, Any]:
    """Row counts of every domain table and the fields mutations change."""
    counts = {
        model._meta.label: model._default_manager.count()
        for app in ("crm", "orders", "finance", "rates", "identity", "webhooks", "payroll")
        for model in apps.get_app_config(app).get_models()
        if model._meta.managed
    }
    return {
        "counts": counts,
        "timesheets": list(Timesheet.objects.order_by("pk").values_list("pk", "status", "rejection_reason")),
        "job_orders": list(
            JobOrder.objects.order_by("pk").values_list("pk", "status", "title", "bill_agreement_id", "end")
        ),
        "invoices": list(Invoice.objects.order_by("pk").values_list("pk", "status", "amount_paid", "amount_credited")),
        "agreements": list(BillAgreement.objects.order_by("pk").values_list("pk", "valid_to")),
        "rules": list(BillRateRule.objects.order_by("pk").values_list("pk", "valid_to")),
        "runs": list(BillingRun.objects.order_by("pk").values_list("pk", "status", "attempts")),
        "webhook_endpoints": list(WebhookEndpoint.objects.order_by("pk").values_list("pk", "secret", "is_active")),
        "webhook_deliveries": list(
            WebhookDelivery.objects.order_by("pk").values_list("pk", "status", "attempts", "next_attempt_at")
        ),
        "pay_runs": list(PayRun.objects.order_by("pk").values_list("pk", "status", "paid_at")),
        "payees": list(Payee.objects.order_by("pk").values_list("pk", "name")),
    }


def _refusal(body: dict[str, Any], name: str) -> list[str]:
    """The codes the caller got: top-level errors, or the payload's."""
    codes = _codes(body)
    payload = (body.get("data") or {}).get(name)
    if payload:
        codes += [e["code"] for e in payload["errors"]]
    return codes


def test_every_mutation_has_a_permission_test(world):
    declared = set(_mutations(world)) | PUBLIC_MUTATIONS
    assert set(MUTATION.fields) == declared, (
        "a new mutation: declare its permission (Require(...)) and add it to _mutations() here"
    )


REFUSED_CALLERS = ["portal-user", "client-bound-token", "worker", "staff-without-role", "read-only-token", "anonymous"]


@pytest.mark.parametrize("who", REFUSED_CALLERS)
def test_every_mutation_is_refused_without_permission_and_does_nothing(world, who):
    if who == "portal-user":
        caller = Caller(session=_session(world.portal_user))
    elif who == "client-bound-token":
        owner = _staff("bound.admin", "admin")
        scopes = ["read", "write", "billing", "config"]
        caller = Caller(token=api_token_issue(user=owner, scopes=scopes, client_id=world.a.client.pk).value)
    elif who == "worker":
        caller = Caller(session=_session(world.a.extra["worker"]))
    elif who == "staff-without-role":
        caller = Caller(session=_session(_staff("nora")))
    elif who == "read-only-token":
        caller = Caller(token=api_token_issue(user=_staff("reader", "admin"), scopes=["read"]).value)
    else:
        caller = Caller(session=HttpClient())
    before = _state()
    for name, call in sorted(_mutations(world).items()):
        body = caller.run(f"mutation {{ {call} {{ errors {{ code message }} }} }}")
        codes = _refusal(body, name)
        assert codes and set(codes) <= {"FORBIDDEN", "UNAUTHENTICATED", "NOT_FOUND"}, (who, name, body)
        assert _state() == before, (who, name)


@pytest.mark.parametrize(
    ("names", "scopes"),
    [
        ({"startBillingRun", "retryBillingRun"}, ["read", "write", "config"]),
        ({"importConfiguration"}, ["read", "write", "billing"]),
    ],
)
def test_billing_and_configuration_need_their_token_scopes(world, names, scopes):
    caller = Caller(token=api_token_issue(user=_staff("partner", "admin"), scopes=scopes).value)
    before = _state()
    for name in sorted(names):
        body = caller.run(f"mutation {{ {_mutations(world)[name]} {{ errors {{ code message }} }} }}")
        assert body["data"][name]["errors"][0]["code"] == "FORBIDDEN", body
        assert "scope" in body["data"][name]["errors"][0]["message"]
    assert _state() == before


def test_the_same_mutations_run_for_an_admin(world):
    """The control: with permission, the arguments above do change things (so nothing happening
    above is the refusal's doing). Each runs on the fixture as it is, rolled back afterwards."""
    caller = Caller(session=_session(_staff("ada", "admin")))
    for name, call in sorted(_mutations(world).items()):
        with transaction.atomic():
            before = _state()
            body = caller.run(f"mutation {{ {call} {{ errors {{ code message }} }} }}")
            assert "errors" not in body, (name, body)
            if name not in FAILS_ANYWAY:
                assert body["data"][name]["errors"] == [], (name, body)
                assert _state() != before, name
            transaction.set_rollback(True)


# --- the portal's approvals -----------------------------------------------------------------
APPROVE = "mutation($id: ID!) { approveTimesheet(id: $id) { timesheet { id status } errors { code message } } }"
REJECT = (
    'mutation($id: ID!) { rejectTimesheet(id: $id, reason: "Hours wrong") '
    "{ timesheet { id status } errors { code message } } }"
)


def test_a_portal_user_approves_their_clients_timesheet_but_not_another_clients(world):
    caller = Caller(session=_session(world.portal_user))
    mine, theirs = world.a.submitted, world.b.submitted

    refused = caller.run(APPROVE, {"id": global_id(theirs)})["data"]["approveTimesheet"]
    assert refused == {"timesheet": None, "errors": [{"code": "NOT_FOUND", "message": "No such timesheet."}]}
    assert Timesheet.objects.get(pk=theirs.pk).status == "SUBMITTED"

    done = caller.run(APPROVE, {"id": global_id(mine)})["data"]["approveTimesheet"]
    assert done == {"timesheet": {"id": global_id(mine), "status": "APPROVED"}, "errors": []}
    approved = Timesheet.objects.get(pk=mine.pk)
    assert approved.approved_by == world.portal_user
    event = AuditEvent.objects.get(action="timesheet.approve", object_id=str(mine.pk))
    assert (event.actor, event.before["status"], event.after["status"]) == (world.portal_user, "SUBMITTED", "APPROVED")

    again = caller.run(APPROVE, {"id": global_id(mine)})["data"]["approveTimesheet"]
    assert again["errors"][0]["code"] == "INVALID_STATE"  # only SUBMITTED timesheets


def test_a_portal_user_rejects_their_clients_timesheet_but_not_another_clients(world):
    caller = Caller(session=_session(world.portal_user))
    refused = caller.run(REJECT, {"id": global_id(world.b.submitted)})["data"]["rejectTimesheet"]
    assert refused["errors"][0]["code"] == "NOT_FOUND"
    assert Timesheet.objects.get(pk=world.b.submitted.pk).status == "SUBMITTED"
    done = caller.run(REJECT, {"id": global_id(world.a.submitted)})["data"]["rejectTimesheet"]
    assert done["timesheet"]["status"] == "REJECTED"


def test_a_portal_users_bulk_approval_with_another_clients_timesheet_approves_nothing(world):
    caller = Caller(session=_session(world.portal_user))
    mine, theirs = global_id(world.a.submitted), global_id(world.b.submitted)
    many = "mutation($ids: [ID!]!) { approveTimesheets(ids: $ids) { timesheets { id status } errors { field code } } }"

    refused = caller.run(many, {"ids": [mine, theirs]})["data"]["approveTimesheets"]
    assert refused == {"timesheets": [], "errors": [{"field": "ids[1]", "code": "NOT_FOUND"}]}
    assert Timesheet.objects.get(pk=world.a.submitted.pk).status == "SUBMITTED"  # all or nothing

    done = caller.run(many, {"ids": [mine]})["data"]["approveTimesheets"]
    assert done == {"timesheets": [{"id": mine, "status": "APPROVED"}], "errors": []}


def test_the_timesheets_a_portal_user_approves_never_show_pay_lines(world):
    caller = Caller(session=_session(world.portal_user))
    body = caller.run(
        "mutation($id: ID!) { approveTimesheet(id: $id) { timesheet { status payLines { wage } } errors { code } } }",
        {"id": global_id(world.a.submitted)},
    )
    assert _codes(body) == ["FORBIDDEN"]
    assert Timesheet.objects.get(pk=world.a.submitted.pk).status == "APPROVED"  # approved, just not shown


# --- invoice PDFs ---------------------------------------------------------------------------
def test_a_portal_user_downloads_their_clients_invoice_pdfs_only(world):
    session = _session(world.portal_user)
    body = Caller(session=session).run("{ invoices { edges { node { number pdfUrl } } } }")
    (edge,) = body["data"]["invoices"]["edges"]
    assert edge["node"]["number"] == world.a.invoice.number
    response = session.get(edge["node"]["pdfUrl"])
    assert (response.status_code, response["Content-Type"]) == (200, "application/pdf")
    assert session.get(reverse("invoice-pdf", args=[world.b.invoice.pk])).status_code == 404
    assert HttpClient().get(edge["node"]["pdfUrl"]).status_code == 401


# --- the worker portal ----------------------------------------------------------------------
def _worker_ids(side) -> list[str]:
    """The global IDs of the side's rows as the worker portal's types name them."""
    ids = [global_id(t, "WorkerTimesheet") for t in Timesheet.objects.filter(job_order__client=side.client)]
    return ids + [global_id(p, "WorkerPayslip") for p in PayRunPayment.objects.filter(entity=side.entity)]


@pytest.mark.parametrize("root", sorted(OPEN_TO_WORKERS))
def test_a_worker_sees_their_own_timesheets_and_payslips_and_nothing_of_another_workers(world, root):
    caller = Caller(session=_session(world.a.extra["worker"]))
    named = get_named_type(QUERY.fields[root].type)
    selection = _selection(named, MAX_OBJECT_DEPTH, frozenset({named.name}))  # type: ignore[arg-type]
    body = caller.run(f"{{ {root} {{ {selection} }} }}")

    assert "errors" not in body, body.get("errors")
    text = json.dumps(body)
    other = {world.b.extra["payslip"].number, world.b.job_order.payee.code, *_worker_ids(world.b)}
    leaked = sorted(marker for marker in world.markers(world.b) | other if marker in text)
    assert leaked == [], f"{root} shows another worker's or client's rows: {leaked}"
    if root != "viewer":
        assert body["data"][root]["totalCount"] > 0
        assert world.a.job_order.code in text or world.a.extra["payslip"].number in text


def test_every_other_query_root_field_is_refused_to_a_worker_with_an_error(world):
    caller = Caller(session=_session(world.a.extra["worker"]))
    for root in sorted(set(QUERY.fields) - OPEN_TO_WORKERS - {"node"}):
        field = QUERY.fields[root]
        args = ", ".join(f"{name}: {ARGUMENTS[name]}" for name in _required_args(field))
        inner = "" if is_leaf_type(get_named_type(field.type)) else " { __typename }"
        body = caller.run(f"{{ {root}{f'({args})' if args else ''}{inner} }}")
        assert _codes(body) == ["FORBIDDEN"], (root, body)
        assert not (body.get("data") or {}).get(root), root


def test_node_gives_a_worker_their_own_worker_rows_only(world):
    caller = Caller(session=_session(world.a.extra["worker"]))
    query = "query($id: ID!) { node(id: $id) { __typename id } }"
    everything = [
        *client_owned(world.a),
        *client_owned(world.b),
        world.a.entity,
        world.a.run,
        world.a.extra["paid_run"],
    ]
    for obj in everything:
        assert caller.run(query, {"id": global_id(obj)}) == {"data": {"node": None}}, obj
    for ids in _worker_ids(world.b):
        assert caller.run(query, {"id": ids}) == {"data": {"node": None}}, ids
    own = _worker_ids(world.a)
    assert [caller.run(query, {"id": ids})["data"]["node"]["id"] for ids in own] == own


def test_a_worker_downloads_their_own_payslip_pdf_only(world):
    session = _session(world.a.extra["worker"])
    body = Caller(session=session).run("{ myPayslips { edges { node { number pdfUrl } } } }")
    (edge,) = body["data"]["myPayslips"]["edges"]
    assert edge["node"]["number"] == world.a.extra["payslip"].number
    assert (session.get(edge["node"]["pdfUrl"]).status_code, HttpClient().get(edge["node"]["pdfUrl"]).status_code) == (
        200,
        401,
    )
    assert session.get(reverse("payment-pdf", args=[world.b.extra["payslip"].pk])).status_code == 404
    assert session.get(reverse("invoice-pdf", args=[world.a.invoice.pk])).status_code == 404  # not the client's
