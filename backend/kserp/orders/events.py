"""Live events of the orders domain (the event rule: docs/architecture.md, "Events").

Approving or re-opening a timesheet changes its client's bill lines, and so the margins read from
them (`marginChanged`). The event carries ids; the subscriber computes the summary for its own
arguments through `kserp.analytics.selectors`.
"""

from __future__ import annotations

from kserp.realtime.events import publish_on_commit

BILL_LINES_ALL = "kserp.margin.all"


def bill_lines_group(client_id: int) -> str:
    return f"kserp.margin.client.{client_id}"


def bill_lines_changed_publish(*, client_id: int, entity_id: int) -> None:
    """Tell subscribers of the client's bill lines, and those of every client's, on commit."""
    payload = {"clientId": client_id, "entityId": entity_id}
    for group in (bill_lines_group(client_id), BILL_LINES_ALL):
        publish_on_commit(group, payload)
