"""Writes of the analytics domain: the `marginChanged` events.

Margins are read straight from bill lines (`kserp.analytics.selectors`), so there is nothing to
store; what changes them (a timesheet approved or re-opened) tells subscribers on commit. The
event carries ids only: the subscription computes the summary for its own arguments, once per
event, and only while somebody listens.
"""

from __future__ import annotations

from kserp.realtime.events import publish_on_commit

MARGIN_ALL = "kserp.margin.all"


def margin_group(client_id: int) -> str:
    return f"kserp.margin.client.{client_id}"


def margin_changed_publish(*, client_id: int, entity_id: int) -> None:
    """Tell `marginChanged` subscribers of the client, and those of every client, after commit."""
    payload = {"clientId": client_id, "entityId": entity_id}
    for group in (margin_group(client_id), MARGIN_ALL):
        publish_on_commit(group, payload)
