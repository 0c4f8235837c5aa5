"""Two clients of the agency side by side, for the access tests (tests/security/).

ACME (entity KSAU) and BETA (entity KSNZ) each have an active job order with a billed week, an
approved week not yet billed and a submitted week; BETA also has a DRAFT job order. Each entity had
one billing run, so each client has an invoice; BETA's is part-credited and part-paid. Built with
the services, as the application builds them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import models
from strawberry import relay

from kserp.base.models import Entity
from kserp.billing.models import BillingRun
from kserp.billing.runs import billing_run_execute, billing_run_start
from kserp.crm.models import Client, Contact, Contract, Opportunity, Payee
from kserp.finance.cash import receipt_create
from kserp.finance.invoicing import invoice_credit, receipt_record
from kserp.finance.models import (
    BankStatement,
    BankStatementLine,
    CreditNote,
    DocumentDelivery,
    Invoice,
    InvoiceLine,
    Journal,
    Receipt,
    ReceiptAllocation,
)
from kserp.finance.periods import period_lock
from kserp.finance.statements import statement_import
from kserp.identity.audit import audit_record
from kserp.identity.models import AuditEvent, User
from kserp.orders.models import JobOrder, JobOrderStatus, Timesheet
from kserp.orders.timesheets import timesheet_approve, timesheet_submit
from kserp.payroll.models import PayRun
from kserp.payroll.runs import pay_run_execute, pay_run_start
from kserp.rates.models import (
    BillAgreement,
    BillRateLine,
    BillRateRule,
    Oncost,
    OncostValue,
    PayAgreement,
    PayCode,
    PayRateRule,
)
from kserp.webhooks.models import WebhookDelivery, WebhookEndpoint
from tests.support.orders import WEEK, make_client, make_entity, make_job_order, week_entries

ISSUED = dt.date(2025, 7, 21)


@dataclass
class Side:
    """One client's rows."""

    client: Client
    entity: Entity
    job_order: JobOrder
    billed: Timesheet
    approved: Timesheet  # approved, not yet invoiced
    submitted: Timesheet
    invoice: Invoice
    run: BillingRun
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class TwoClients:
    a: Side
    b: Side
    portal_user: User  # ACME's accounts payable

    def markers(self, side: Side) -> set[str]:
        """Strings that only appear in a response showing something of `side`: codes, numbers,
        names and the global ID of every client-owned row."""
        values = {side.client.code, side.client.name, side.job_order.code, side.invoice.number}
        values |= {str(v) for v in side.extra.get("codes", ())}
        for obj in client_owned(side):
            values.add(global_id(obj))
        return values


def global_id(obj: models.Model, type_name: str | None = None) -> str:
    return str(relay.GlobalID(type_name or NODE_TYPES[type(obj)], str(obj.pk)))


def client_owned(side: Side) -> list[models.Model]:
    rows: list[models.Model] = [side.client, side.job_order, side.job_order.payee]
    rows += list(Timesheet.objects.filter(job_order__client=side.client))
    rows += list(Invoice.objects.filter(client=side.client))
    rows += [line for invoice in Invoice.objects.filter(client=side.client) for line in invoice.lines.all()]
    rows += list(CreditNote.objects.filter(invoice__client=side.client))
    rows += list(Receipt.objects.filter(client=side.client))
    rows += list(ReceiptAllocation.objects.filter(receipt__client=side.client))
    rows += list(JobOrder.objects.filter(client=side.client))
    rows += list(Contact.objects.filter(client=side.client))
    rows += list(Contract.objects.filter(client=side.client))
    return rows


def _side(client_code: str, entity: Entity, payee: str) -> Side:
    client = make_client(client_code, entity=entity)
    job_order = make_job_order(f"JO-{client_code}", client=client, payee_code=payee)
    weeks = [WEEK + dt.timedelta(days=7 * n) for n in range(3)]
    billed = timesheet_submit(job_order=job_order, week_starting=weeks[0], entries=week_entries(weeks[0]))
    billed = timesheet_approve(timesheet=billed)
    run = billing_run_start(entity=entity, period_end=weeks[0] + dt.timedelta(days=6), issue_date=ISSUED)
    run = billing_run_execute(run_id=run.pk)
    approved = timesheet_submit(job_order=job_order, week_starting=weeks[1], entries=week_entries(weeks[1]))
    approved = timesheet_approve(timesheet=approved)
    submitted = timesheet_submit(job_order=job_order, week_starting=weeks[2], entries=week_entries(weeks[2]))
    invoice = Invoice.objects.get(client=client)
    Contact.objects.create(client=client, name=f"{client_code} Accounts", email=f"ap@{client_code.lower()}.example",
                           billing=True)  # fmt: skip
    Contract.objects.create(client=client, title=f"{client_code} master services agreement", expires_on=ISSUED)
    Opportunity.objects.create(client=client, title=f"{client_code} night shift")
    return Side(client, entity, job_order, billed, approved, submitted, invoice, run)


def two_clients() -> TwoClients:
    au = make_entity("KSAU", "AU-")
    nz = make_entity("KSNZ", "NZ-")
    a = _side("ACME", au, "P-ACME")
    b = _side("BETA", nz, "P-BETA")
    first_line = b.invoice.lines.order_by("position").first()
    assert first_line is not None
    invoice_credit(invoice=b.invoice, reason="Wrong PO", line_ids=[first_line.pk], issue_date=ISSUED)
    receipt_record(invoice=b.invoice, amount=Decimal("100.00"), received_on=ISSUED, reference="EFT BETA")
    b.invoice.refresh_from_db()
    receipt_create(client=a.client, amount=Decimal("50.00"), received_on=ISSUED, reference="EFT ACME ON ACCOUNT")
    receipt_create(client=b.client, amount=Decimal("5.00"), received_on=ISSUED, reference="EFT BETA ON ACCOUNT")
    period_lock(entity=nz, through=dt.date(2025, 6, 30))
    DocumentDelivery.objects.create(kind="STATEMENT", client=b.client, recipients=["ap@beta.example"])
    statement_import(
        entity=nz, filename="beta.csv", content=b"date,amount,reference,payer\n2025-08-20,7.00,BETA,Beta\n"
    )
    a.invoice.refresh_from_db()
    draft = make_job_order("JO-BETA-DRAFT", client=b.client, payee_code="P-BETA", status=JobOrderStatus.DRAFT)
    b.extra["draft"] = draft
    # a pay run of BETA's entity paying nothing (before any work), COMPLETED and not yet paid
    b.extra["pay_run"] = pay_run_execute(run_id=pay_run_start(entity=nz, period_end=dt.date(2025, 6, 29)).pk)
    b.extra["codes"] = ["KSNZ", "NZ-", "CN-NZ-", "P-BETA", "EFT BETA", "Wrong PO", draft.code]
    portal_user = User.objects.create_user(username="acme.ap", password="pw-acme-123", client=a.client)
    audit_record(actor=None, action="test.event", instance=a.client, before=None, after={})
    return TwoClients(a=a, b=b, portal_user=User.objects.get(pk=portal_user.pk))


#: Every model behind a Node type of the schema (tests/security/test_access_walk.py checks the
#: schema has no other Node type, so a new one needs a scoping decision and a line here).
NODE_TYPES: dict[type[models.Model], str] = {
    Client: "Client",
    Contact: "Contact",
    Contract: "Contract",
    Opportunity: "Opportunity",
    Payee: "Payee",
    JobOrder: "JobOrder",
    Timesheet: "Timesheet",
    Invoice: "Invoice",
    InvoiceLine: "InvoiceLine",
    CreditNote: "CreditNote",
    Receipt: "Receipt",
    ReceiptAllocation: "ReceiptAllocation",
    Journal: "Journal",
    BankStatement: "BankStatement",
    BankStatementLine: "BankStatementLine",
    DocumentDelivery: "DocumentDelivery",
    BillingRun: "BillingRun",
    Entity: "Entity",
    AuditEvent: "AuditEvent",
    PayCode: "PayCode",
    Oncost: "Oncost",
    OncostValue: "OncostValue",
    PayAgreement: "PayAgreement",
    PayRateRule: "PayRateRule",
    BillAgreement: "BillAgreement",
    BillRateRule: "BillRateRule",
    BillRateLine: "BillRateLine",
    WebhookEndpoint: "WebhookEndpoint",
    WebhookDelivery: "WebhookDelivery",
    PayRun: "PayRun",
}
