"""Live events of the finance domain (the event rule: docs/architecture.md, "Events").

Events carry ids only and are published after commit; a subscriber reads what it shows again
through the selectors (`kserp.finance.receivables`), only while somebody listens.
"""

from __future__ import annotations

from kserp.realtime.events import publish_on_commit

RECEIVABLES_ALL = "kserp.receivables.all"


def receivables_group(entity_id: int) -> str:
    return f"kserp.receivables.{entity_id}"


def receivables_changed_publish(*, entity_id: int) -> None:
    """Tell `receivablesChanged` subscribers of the entity, and those of every entity, on commit."""
    payload = {"entityId": entity_id}
    for group in (receivables_group(entity_id), RECEIVABLES_ALL):
        publish_on_commit(group, payload)
