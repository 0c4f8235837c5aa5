"""Channel-layer group names of finance events."""

from __future__ import annotations

RECEIVABLES_ALL = "kserp.receivables.all"


def receivables_group(entity_id: int) -> str:
    return f"kserp.receivables.{entity_id}"


def receivables_groups(entity_id: int) -> list[str]:
    """Where one entity's receivables change is published: its own group and the all-entities one."""
    return [receivables_group(entity_id), RECEIVABLES_ALL]
