"""Reads of the scheduling domain: the next runs and what each would bill."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kserp.base.models import Entity
from kserp.scheduling.cycles import last_close, next_close
from kserp.scheduling.models import ScheduledRun
from kserp.scheduling.services import cycle_groups


@dataclass(frozen=True)
class NextRun:
    entity: Entity
    cycle: str
    close_day: int
    period_end: dt.date
    due: bool  # the period has closed and its run has not started
    client_codes: list[str]


def next_runs(*, today: dt.date, entity_ids: set[int] | None = None) -> list[NextRun]:
    """Per entity and cycle: the closed period still to run (due), else the next one to close."""
    entities = {entity.pk: entity for entity in Entity.objects.all()}
    found = []
    for (entity_id, cycle, close_day), codes in sorted(cycle_groups(today=today).items()):
        if entity_ids is not None and entity_id not in entity_ids:
            continue
        closed = last_close(cycle, close_day, today)
        done = ScheduledRun.objects.filter(entity_id=entity_id, cycle=cycle, close_day=close_day,
                                           period_end=closed).exists()  # fmt: skip
        period_end = next_close(cycle, close_day, today) if done else closed
        found.append(NextRun(entities[entity_id], cycle, close_day, period_end, not done, codes))
    return sorted(found, key=lambda r: (r.period_end, r.entity.code, r.cycle))
