"""Writes of the scheduling domain: start the billing runs that are due, once per cycle period."""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
from collections import defaultdict

from django.db import IntegrityError, transaction
from django.utils import timezone

from kserp.base.models import Entity
from kserp.billing.runs import billing_run_start
from kserp.crm.models import Client, ClientStatus
from kserp.crm.services import contract_alerts_raise
from kserp.scheduling.cycles import last_close
from kserp.scheduling.models import ScheduledRun

logger = logging.getLogger(__name__)


def cycle_groups(*, today: dt.date) -> dict[tuple[int, str, int], list[str]]:
    """(entity id, cycle, close day) → codes of the ACTIVE clients on that cycle."""
    groups: dict[tuple[int, str, int], list[str]] = defaultdict(list)
    rows = Client.objects.filter(status=ClientStatus.ACTIVE).order_by("code")
    for entity_id, cycle, close_day, code in rows.values_list(
        "entity_id", "billing_cycle", "billing_close_day", "code"
    ):
        groups[(entity_id, cycle, close_day)].append(code)
    return dict(groups)


def scheduled_runs_start(*, today: dt.date, scheduler: str | None = None) -> list[ScheduledRun]:
    """Start a billing run for each cycle whose latest period (closed on or before `today`) has
    none yet: the entity's ACTIVE clients on that cycle, up to the period's end. Each period is
    claimed with an insert under a unique key in the same transaction as the run, so any number
    of schedulers running this at once start each run exactly once; running it again starts
    nothing. A scheduler that was down bills the latest period only (a run bills everything
    unbilled up to its period end, so nothing is left behind)."""
    who = scheduler or f"{socket.gethostname()}:{os.getpid()}"
    started: list[ScheduledRun] = []
    entities = {entity.pk: entity for entity in Entity.objects.all()}
    for (entity_id, cycle, close_day), codes in sorted(cycle_groups(today=today).items()):
        period_end = last_close(cycle, close_day, today)
        key = {"entity_id": entity_id, "cycle": cycle, "close_day": close_day, "period_end": period_end}
        if ScheduledRun.objects.filter(**key).exists():
            continue
        try:
            with transaction.atomic():
                claim = ScheduledRun.objects.create(**key, client_codes=codes, claimed_by=who[:100])
                run = billing_run_start(entity=entities[entity_id], period_end=period_end, client_codes=codes,
                                        issue_date=today)  # fmt: skip
                claim.billing_run = run
                claim.save(update_fields=["billing_run"])
        except IntegrityError:
            logger.info("cycle %s already started by another scheduler", key)
            continue
        started.append(claim)
    return started


def scheduler_tick(*, today: dt.date | None = None) -> dict[str, int]:
    """What the scheduler does every few minutes: due billing runs, contract expiry alerts."""
    day = today or timezone.localdate()
    return {
        "runs": len(scheduled_runs_start(today=day)),
        "alerts": len(contract_alerts_raise(today=day)),
    }
