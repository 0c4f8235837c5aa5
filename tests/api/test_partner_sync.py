"""Incremental sync: updatedAt, updatedSince, orderBy and keyset cursors (docs/partners.md)."""

from __future__ import annotations

import datetime as dt
import json
import random
from decimal import Decimal
from typing import Any

from django.test import Client as HttpClient
from strawberry.relay.utils import to_base64

from kserp.billing.models import BillingRun
from kserp.billing.runs import billing_run_execute, billing_run_start
from kserp.crm.models import Client
from kserp.finance.invoicing import invoice_credit, receipt_record
from kserp.finance.models import CreditNote, Invoice, Receipt
from kserp.orders.job_orders import job_order_update
from kserp.orders.models import JobOrder, Timesheet
from kserp.orders.timesheets import timesheet_reject, timesheet_submit
from tests.security.helpers import issue
from tests.support.billing import approve_weeks
from tests.support.orders import WEEK, make_client, make_entity, make_job_order, week_entries

CLIENTS = """query($first: Int, $after: String, $last: Int, $before: String, $order: ClientOrder, $f: ClientFilter) {
  clients(first: $first, after: $after, last: $last, before: $before, orderBy: $order, filters: $f) {
    totalCount edges { cursor node { code updatedAt } } pageInfo { hasNextPage hasPreviousPage endCursor startCursor }
  }
}"""
UPDATED_ASC = {"field": "UPDATED_AT", "direction": "ASC"}


def _run(token: str, query: str, variables: dict[str, Any]) -> dict[str, Any]:
    response = HttpClient().post(
        "/graphql",
        data=json.dumps({"query": query, "variables": variables}),
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )
    body: dict[str, Any] = response.json()
    assert "errors" not in body, body["errors"]
    return body["data"]


def _codes(page: dict[str, Any]) -> list[str]:
    return [edge["node"]["code"] for edge in page["edges"]]


def test_a_page_after_a_cursor_is_not_shifted_by_rows_changing_underneath(staff_user):
    entity = make_entity()
    for code in ("C1", "C2", "C3", "C4", "C5"):
        make_client(code, entity=entity)
    token = issue(staff_user)
    first = _run(token, CLIENTS, {"first": 2, "order": UPDATED_ASC})["clients"]
    assert (_codes(first), first["totalCount"], first["pageInfo"]["hasNextPage"]) == (["C1", "C2"], 5, True)

    # C1 changes (it now sorts last) and C0 is added: an offset would skip C3 or repeat C2.
    c1 = Client.objects.get(code="C1")
    c1.name = "Renamed"
    c1.save()
    make_client("C0", entity=entity)
    second = _run(token, CLIENTS, {"first": 2, "after": first["pageInfo"]["endCursor"], "order": UPDATED_ASC})
    assert _codes(second["clients"]) == ["C3", "C4"]
    third = _run(
        token, CLIENTS, {"first": 5, "after": second["clients"]["pageInfo"]["endCursor"], "order": UPDATED_ASC}
    )
    assert _codes(third["clients"]) == ["C5", "C1", "C0"]
    assert third["clients"]["pageInfo"]["hasNextPage"] is False

    by_code = _run(token, CLIENTS, {"first": 2, "order": {"field": "CODE", "direction": "DESC"}})["clients"]
    assert _codes(by_code) == ["C5", "C4"]
    last_two = _run(token, CLIENTS, {"last": 2, "order": {"field": "CODE"}})["clients"]
    assert (_codes(last_two), last_two["pageInfo"]["hasPreviousPage"]) == (["C4", "C5"], True)
    earlier = _run(
        token, CLIENTS, {"last": 2, "before": last_two["pageInfo"]["startCursor"], "order": {"field": "CODE"}}
    )
    assert _codes(earlier["clients"]) == ["C2", "C3"]

    since = _run(token, CLIENTS, {"f": {"updatedSince": c1.updated_at.isoformat()}, "order": UPDATED_ASC})["clients"]
    assert _codes(since) == ["C1", "C0"]


def test_a_cursor_that_is_not_ours_is_refused(staff_user):
    token = issue(staff_user)
    response = HttpClient().post(
        "/graphql",
        data=json.dumps({"query": CLIENTS, "variables": {"first": 1, "after": "YXJyYXljb25uZWN0aW9uOjA="}}),
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.json()["errors"][0]["extensions"] == {"code": "INVALID_CURSOR"}
    make_client("C1")
    by_code = _run(token, CLIENTS, {"first": 1, "order": {"field": "CODE"}})["clients"]
    other_order = {
        "first": 1,
        "after": by_code["pageInfo"]["endCursor"],
        "order": {"field": "CODE", "direction": "DESC"},
    }
    response = HttpClient().post(
        "/graphql",
        data=json.dumps({"query": CLIENTS, "variables": other_order}),
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert (
        response.json()["errors"][0]["message"] == "Invalid cursor: pass a cursor of this list with the same orderBy."
    )


# --- the mirror -----------------------------------------------------------------------------------
LISTS: dict[str, str] = {
    "clients": "code name",
    "jobOrders": "code title status",
    "timesheets": "status weekStarting",
    "invoices": "number status total amountPaid amountDue",
    "creditNotes": "number total invoice { number }",
    "receipts": "amount reference unapplied allocations { invoice { number } amount }",
}


def _sync(token: str, mirror: dict[str, dict[str, Any]], since: dict[str, str | None]) -> None:
    """What a partner does: every list changed since its last sync, oldest change first, page by page."""
    for name, fields in LISTS.items():
        after = None
        while True:
            query = (
                f"query($after: String, $f: {name[0].upper()}{name[1:-1]}Filter) {{ {name}(first: 3, after: $after, "
                f"filters: $f, orderBy: {{field: UPDATED_AT, direction: ASC}}) {{ edges {{ node {{ id updatedAt "
                f"{fields} }} }} pageInfo {{ hasNextPage endCursor }} }} }}"
            )
            filters = {"updatedSince": since[name]} if since[name] else None
            page = _run(token, query, {"after": after, "f": filters})[name]
            for edge in page["edges"]:
                node = edge["node"]
                mirror[name][node["id"]] = node
                since[name] = max(since[name] or "", node["updatedAt"])
            if not page["pageInfo"]["hasNextPage"]:
                break
            after = page["pageInfo"]["endCursor"]


def _rows(type_name: str, objects: Any, values: Any) -> dict[str, Any]:
    """Rows as the mirror holds them: by global ID, with updatedAt and the synced fields."""
    rows = {}
    for obj in objects:
        gid = to_base64(type_name, obj.pk)
        rows[gid] = {"id": gid, "updatedAt": obj.updated_at.isoformat(), **values(obj)}
    return rows


def _source() -> dict[str, dict[str, Any]]:
    return {
        "clients": _rows("Client", Client.objects.all(), lambda c: {"code": c.code, "name": c.name}),
        "jobOrders": _rows(
            "JobOrder", JobOrder.objects.all(), lambda j: {"code": j.code, "title": j.title, "status": j.status}
        ),
        "timesheets": _rows(
            "Timesheet",
            Timesheet.objects.all(),
            lambda t: {"status": t.status, "weekStarting": t.week_starting.isoformat()},
        ),
        "invoices": _rows(
            "Invoice",
            Invoice.objects.all(),
            lambda i: {
                "number": i.number,
                "status": i.status,
                "total": str(i.total),
                "amountPaid": str(i.amount_paid),
                "amountDue": str(i.amount_due),
            },
        ),
        "creditNotes": _rows(
            "CreditNote",
            CreditNote.objects.select_related("invoice"),
            lambda n: {"number": n.number, "total": str(n.total), "invoice": {"number": n.invoice.number}},
        ),
        "receipts": _rows(
            "Receipt",
            Receipt.objects.prefetch_related("allocations__invoice"),
            lambda r: {
                "amount": str(r.amount),
                "reference": r.reference,
                "unapplied": str(r.unapplied),
                "allocations": [
                    {"invoice": {"number": a.invoice.number}, "amount": str(a.amount)} for a in r.allocations.all()
                ],
            },
        ),
    }


def test_a_mirror_synced_by_updated_since_equals_the_source_after_random_changes(staff_user):
    rng = random.Random(18)
    token = issue(staff_user)
    entity = make_entity()
    mirror: dict[str, dict[str, Any]] = {name: {} for name in LISTS}
    since: dict[str, str | None] = dict.fromkeys(LISTS)
    job_orders: list[JobOrder] = []
    issue_day = dt.date(2025, 9, 1)
    for round_ in range(4):
        # inserts: a client, a job order with approved weeks, a submitted week, a billing run
        client = make_client(f"CL{round_}", entity=entity)
        job_order = make_job_order(f"JO-{round_}", client=client, payee_code=f"P{round_}")
        job_orders.append(job_order)
        first = WEEK + dt.timedelta(days=7 * 3 * round_)
        approve_weeks(job_order, weeks=rng.randint(1, 2), first=first)
        later = first + dt.timedelta(days=14)
        submitted = timesheet_submit(job_order=job_order, week_starting=later, entries=week_entries(later))
        run = billing_run_start(entity=entity, period_end=first + dt.timedelta(days=13), issue_date=issue_day)
        billing_run_execute(run_id=run.pk)
        # updates: names, titles, a rejection, receipts
        renamed = rng.choice(list(Client.objects.all()))
        renamed.name = f"{renamed.name} ({round_})"
        renamed.save()
        job_order_update(job_order=rng.choice(job_orders), changes={"title": f"Picker, round {round_}"})
        if rng.random() < 0.5:
            timesheet_reject(timesheet=submitted, reason="Wrong week")
        # credits (some re-billed)
        creditable = list(Invoice.objects.filter(status="ISSUED").order_by("pk"))
        if creditable:
            invoice_credit(invoice=rng.choice(creditable), reason="Rate correction", rebill=rng.random() < 0.5)
        open_invoices = list(Invoice.objects.filter(status__in=["ISSUED", "PART_PAID"]).order_by("pk"))
        for invoice in rng.sample(open_invoices, k=min(2, len(open_invoices))):
            amount = min(invoice.amount_due, Decimal(rng.randint(1, 2000)))
            receipt_record(invoice=invoice, amount=amount, reference=f"EFT {round_}-{invoice.pk}")
        if rng.random() < 0.7:
            _sync(token, mirror, since)
    _sync(token, mirror, since)

    source = _source()
    assert {name: len(rows) for name, rows in mirror.items()} == {name: len(rows) for name, rows in source.items()}
    assert mirror == source
    assert source["creditNotes"] and source["receipts"]  # the random changes did credit and receive


def test_billing_runs_sync_by_updated_at_too(staff_user):
    job_order = make_job_order()
    approve_weeks(job_order)
    first = billing_run_start(entity=job_order.entity, period_end=WEEK + dt.timedelta(days=6))
    second = billing_run_start(entity=job_order.entity, period_end=WEEK + dt.timedelta(days=6))
    queued_at = BillingRun.objects.get(pk=first.pk).updated_at
    billing_run_execute(run_id=first.pk)  # completes: it changed after the second was queued
    query = """query($f: BillingRunFilter) {
      billingRuns(filters: $f, orderBy: {field: UPDATED_AT}) { edges { node { id status updatedAt } } } }"""
    runs = _run(issue(staff_user), query, {"f": None})["billingRuns"]["edges"]
    assert [(e["node"]["id"], e["node"]["status"]) for e in runs] == [
        (to_base64("BillingRun", second.pk), "QUEUED"),
        (to_base64("BillingRun", first.pk), "COMPLETED"),
    ]
    later = _run(issue(staff_user), query, {"f": {"updatedSince": runs[1]["node"]["updatedAt"]}})["billingRuns"]
    assert [e["node"]["id"] for e in later["edges"]] == [to_base64("BillingRun", first.pk)]
    assert BillingRun.objects.get(pk=first.pk).updated_at > queued_at
