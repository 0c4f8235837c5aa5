"""Live events of the orders domain (the event rule: docs/architecture.md, "Events").

Approving or re-opening a timesheet changes its client's bill lines, and so the margins read from
them (`marginChanged`). Submitting, approving, rejecting or re-opening one changes the queue of
timesheets awaiting approval (`timesheetsChanged`). The events carry ids; the subscriber computes
what it shows for its own arguments through the selectors.
"""

from __future__ import annotations

from typing import Any

from kserp.realtime.events import publish_on_commit

BILL_LINES_ALL = "kserp.margin.all"


def bill_lines_group(client_id: int) -> str:
    return f"kserp.margin.client.{client_id}"


def bill_lines_changed_publish(*, client_id: int, entity_id: int) -> None:
    """Tell subscribers of the client's bill lines, and those of every client's, on commit."""
    payload = {"clientId": client_id, "entityId": entity_id}
    for group in (bill_lines_group(client_id), BILL_LINES_ALL):
        publish_on_commit(group, payload)


TIMESHEETS_ALL = "kserp.timesheets.all"


def timesheets_changed_publish(*, timesheet: Any) -> None:
    """A timesheet changed status (submitted, approved, rejected, re-opened): tell the dashboards, on
    commit."""
    job_order = timesheet.job_order
    payload = {"timesheetId": timesheet.pk, "clientId": job_order.client_id, "entityId": job_order.entity_id}
    publish_on_commit(TIMESHEETS_ALL, payload)
