"""The billing scheduler: APScheduler calling `scheduler_tick` every few minutes (docs/workspace.md).

`manage.py run_scheduler` runs it in the foreground (services mode; docker-compose's `scheduler`
service); embedded mode starts it in a background thread of the web process. Several may run at
once: each cycle period is claimed in the database, so each run still starts once.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from typing import Any

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.blocking import BlockingScheduler
from django.conf import settings
from django.db import close_old_connections

from kserp.scheduling.services import scheduler_tick

logger = logging.getLogger(__name__)
_background: Any = None
_lock = threading.Lock()


def tick() -> None:
    close_old_connections()
    try:
        done = scheduler_tick()
        if any(done.values()):
            logger.info("scheduler: started %(runs)d run(s), raised %(alerts)d alert(s)", done)
    except Exception:  # a failing tick is logged; the next one tries again
        logger.exception("scheduler tick failed")
    finally:
        close_old_connections()


def configure(scheduler: Any) -> Any:
    minutes = int(getattr(settings, "KSERP_SCHEDULER_MINUTES", 5))
    scheduler.add_job(tick, "interval", minutes=minutes, id="billing-cycles", max_instances=1, coalesce=True,
                      next_run_time=dt.datetime.now())  # fmt: skip
    return scheduler


def run_blocking() -> None:
    configure(BlockingScheduler()).start()


def start_embedded() -> None:
    """Embedded mode, with the in-process worker: unless KSERP_EMBEDDED_SCHEDULER=0."""
    if getattr(settings, "EMBEDDED_SCHEDULER", False):
        start_background()


def start_background() -> Any:
    """Start (once) the scheduler in a background thread of this process (embedded mode)."""
    global _background
    with _lock:
        if _background is None:
            _background = configure(BackgroundScheduler(daemon=True))
            _background.start()
            logger.info("embedded billing scheduler started")
        return _background
