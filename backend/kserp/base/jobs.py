"""Long jobs that survive a dead worker (docs/billing.md, "A worker that dies"): billing runs today,
pay runs and any other long job tomorrow, through one mechanism.

A long job is a row with `status`, `attempts`, `failure_reason`, `heartbeat_at` and `worker`
(`kserp.base.models.LongJobFields`; this module defines no model, so dramatiq can load it early). Its service

- calls `job_queued(row)` when it queues it (start) and `job_claim(row)` when a worker takes
  it: `worker` names this process (`host:pid`), `heartbeat_at` is now; its retry is
  `job_requeue(Model, pk, code=...)` (FAILED or stale only);
- calls `job_beat(Model, pk)` at each unit of progress (a chunk).

Every worker process (rundramatiq's, and the embedded worker thread of the web process) runs a
watch thread (`JobWatch`, a dramatiq middleware): it says "alive" in the cache every
`KSERP_JOB_ALIVE_SECONDS / 3` seconds, and every `KSERP_JOB_SWEEP_SECONDS` it looks for **stale**
jobs: QUEUED or RUNNING, no heartbeat for `KSERP_JOB_STALE_SECONDS`, and no live worker (the one
named in `worker` has not said "alive" within `KSERP_JOB_ALIVE_SECONDS`, or none was named). A
stale job is marked FAILED with the reason, then resumed through its registered `resume` (a retry:
the job bills what is left, nothing twice) unless `KSERP_JOB_AUTO_RESUME=0`, or after
`KSERP_JOB_MAX_RESUMES` attempts; a FAILED job can always be retried by hand.

Register a kind of job once, in its app's `ready()`: `register(LongJob(name=..., model=...,
resume=...))`.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import dramatiq
from django.conf import settings
from django.core.cache import cache
from django.db import close_old_connections, connection, models, transaction
from django.utils import timezone

from kserp.errors import ServiceError, ValidationFailed

logger = logging.getLogger(__name__)

QUEUED, RUNNING, FAILED = "QUEUED", "RUNNING", "FAILED"


@dataclass(frozen=True)
class LongJob:
    name: str  # "billing run", in messages
    model: type[models.Model]
    resume: Callable[[int], Any] | None = None  # queue the job again (its retry service), by id


_REGISTRY: dict[str, LongJob] = {}


def register(job: LongJob) -> None:
    _REGISTRY[job.model._meta.label] = job


def registered() -> list[LongJob]:
    return list(_REGISTRY.values())


def worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _alive_key(worker: str) -> str:
    return f"job-worker-alive:{worker}"


def say_alive() -> None:
    cache.set(_alive_key(worker_id()), 1, timeout=max(1, int(settings.KSERP_JOB_ALIVE_SECONDS)))


def worker_alive(worker: str) -> bool:
    return bool(worker) and (worker == worker_id() or cache.get(_alive_key(worker)) is not None)


def job_queued(row: Any) -> None:
    """Mark `row` (saved by the caller) as just queued: no worker yet, a fresh heartbeat."""
    row.heartbeat_at, row.worker = timezone.now(), ""


def job_claim(row: Any) -> None:
    """Mark `row` (saved by the caller) as taken by this process."""
    say_alive()
    row.heartbeat_at, row.worker = timezone.now(), worker_id()


def job_requeue(model: type[models.Model], pk: int, *, code: str) -> Any:
    """In the caller's transaction: lock the job's row and queue it again (status QUEUED, no
    failure reason, a fresh heartbeat) when it is FAILED or stale; refused with `code` at `id`
    otherwise. The caller sends its actor on commit."""
    row: Any = model._default_manager.select_for_update().get(pk=pk)
    if row.status != FAILED and stale_reason(row) is None:
        message = f"Only a FAILED or stale run can be retried (this one is {row.status}"
        message += ", and making progress)." if row.status in (QUEUED, RUNNING) else ")."
        raise ValidationFailed([ServiceError(code, message, "id")])
    row.status, row.failure_reason = QUEUED, ""
    job_queued(row)
    row.save(update_fields=["status", "failure_reason", "updated_at", "heartbeat_at", "worker"])
    return row


def job_beat(model: type[models.Model], pk: int) -> None:
    model._default_manager.filter(pk=pk).update(heartbeat_at=timezone.now())


def stale_reason(row: Any, now: dt.datetime | None = None) -> str | None:
    """Why `row` is stale (a sentence for `failure_reason`), or None when it is not."""
    if row.status not in (QUEUED, RUNNING):
        return None
    now = now or timezone.now()
    since = row.heartbeat_at or getattr(row, "created_at", None) or now
    if now - since < dt.timedelta(seconds=float(settings.KSERP_JOB_STALE_SECONDS)):
        return None
    if row.worker and worker_alive(row.worker):
        return None
    who = f"its worker {row.worker} is gone" if row.worker else "no worker took it"
    return f"No progress since {since:%Y-%m-%d %H:%M:%S %Z} and {who}."


def job_fail_if_stale(job: LongJob, pk: int) -> bool:
    """Mark the job FAILED when it is stale (checked again under a row lock); True when it was."""
    with transaction.atomic():
        row = job.model._default_manager.select_for_update().filter(pk=pk).first()
        reason = stale_reason(row) if row is not None else None
        if reason is None:
            return False
        row.status, row.failure_reason = FAILED, f"Stale: {reason}"  # type: ignore[union-attr]
        fields = ["status", "failure_reason"] + (["updated_at"] if hasattr(row, "updated_at") else [])
        row.save(update_fields=fields)  # type: ignore[union-attr]
    logger.warning("%s %s is stale and marked FAILED: %s", job.name, pk, reason)
    return True


def stale_jobs_recover() -> list[tuple[str, int]]:
    """Mark every stale job FAILED and resume it (see the module docstring). Returns (name, id)
    of each job found stale."""
    found = []
    cutoff = timezone.now() - dt.timedelta(seconds=float(settings.KSERP_JOB_STALE_SECONDS))
    for job in registered():
        candidates = job.model._default_manager.filter(status__in=(QUEUED, RUNNING)).filter(
            models.Q(heartbeat_at__lt=cutoff) | models.Q(heartbeat_at__isnull=True)
        )
        for row in candidates.only("pk", "status", "heartbeat_at", "worker", "attempts"):
            if not job_fail_if_stale(job, row.pk):
                continue
            found.append((job.name, row.pk))
            resumes_left = getattr(row, "attempts", 0) < int(settings.KSERP_JOB_MAX_RESUMES)
            if job.resume is not None and settings.KSERP_JOB_AUTO_RESUME and resumes_left:
                job.resume(row.pk)
                logger.warning("%s %s resumed", job.name, row.pk)
    return found


class JobWatch(dramatiq.Middleware):
    """In every dramatiq worker: keep saying "alive" and recover stale jobs (module docstring)."""

    def __init__(self) -> None:
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def after_worker_boot(self, broker: dramatiq.Broker, worker: dramatiq.Worker) -> None:
        if not settings.KSERP_JOB_WATCH:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="kserp-job-watch", daemon=True)
        self._thread.start()

    def before_worker_shutdown(self, broker: dramatiq.Broker, worker: dramatiq.Worker) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=10)

    def _run(self) -> None:
        beat = max(0.2, float(settings.KSERP_JOB_ALIVE_SECONDS) / 3)
        sweep_every = float(settings.KSERP_JOB_SWEEP_SECONDS)
        next_sweep = 0.0
        clock = 0.0
        while not self._stop.is_set():
            try:
                say_alive()
                if clock >= next_sweep:
                    next_sweep = clock + sweep_every
                    close_old_connections()
                    stale_jobs_recover()
            except Exception:  # keep watching: a database or cache hiccup must not end the thread
                logger.exception("job watch failed")
            finally:
                connection.close()
            self._stop.wait(beat)
            clock += beat
