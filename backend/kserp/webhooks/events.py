"""The webhook event types partners can subscribe to.

`client_visible`: the event is about one client's document, so an endpoint bound to that client
receives it. The others (runs, payroll) only go to endpoints bound to no client.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class EventType:
    name: str
    description: str
    client_visible: bool


EVENT_TYPES: dict[str, EventType] = {
    e.name: e
    for e in (
        EventType("invoice.issued", "An invoice was issued (by a billing run, or as a re-bill).", True),
        EventType("invoice.paid", "An invoice is paid in full.", True),
        EventType("credit_note.issued", "A credit note was issued against an invoice.", True),
        EventType("receipt.recorded", "Money received was recorded against an invoice.", True),
        EventType("timesheet.approved", "A timesheet was approved (and priced).", True),
        EventType("billing_run.completed", "A billing run finished; its invoices were issued.", False),
        EventType("pay_run.completed", "A pay run finished.", False),
    )
}
