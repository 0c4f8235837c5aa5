"""Embedded mode: a dramatiq worker thread inside the web process drains the StubBroker."""

from __future__ import annotations

import importlib
import importlib.util
import logging
import threading

import dramatiq
from django.apps import apps

logger = logging.getLogger(__name__)
_worker: dramatiq.Worker | None = None
_lock = threading.Lock()


def import_actor_modules() -> list[str]:
    """Import `<app>.actors` of every installed app so the broker knows every actor."""
    imported = []
    for config in apps.get_app_configs():
        name = f"{config.name}.actors"
        if importlib.util.find_spec(config.name) and importlib.util.find_spec(name):
            importlib.import_module(name)
            imported.append(name)
    return imported


def start_embedded_worker(worker_threads: int = 2) -> dramatiq.Worker:
    """Start (once) a dramatiq worker on the configured broker, in background threads."""
    global _worker
    with _lock:
        if _worker is None:
            import_actor_modules()
            broker = dramatiq.get_broker()
            _worker = dramatiq.Worker(broker, worker_threads=worker_threads, worker_timeout=100)
            _worker.start()
            logger.info("embedded dramatiq worker started with %d threads", worker_threads)
        return _worker
