from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from kserp.scheduling.scheduler import run_blocking
from kserp.scheduling.services import scheduler_tick


class Command(BaseCommand):
    help = "Run the billing scheduler (due billing runs, contract expiry alerts) in the foreground."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--once", action="store_true", help="Run one tick and exit (for cron).")

    def handle(self, *args: Any, once: bool = False, **options: Any) -> None:
        if once:
            self.stdout.write(f"{scheduler_tick()}")
            return
        run_blocking()
