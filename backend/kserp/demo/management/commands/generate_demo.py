"""`manage.py generate_demo --clients N --job-orders N --weeks N [--seed S]`: demo data (kserp/demo/agency.py)."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError

from kserp.demo.agency import demo_data_present, generate_demo


class Command(BaseCommand):
    help = (
        "Fill an empty database with a demo agency: configuration, job orders, approved timesheets, "
        "billing runs and receipts. Does nothing when clients or job orders exist."
    )

    def add_arguments(self, parser):
        parser.add_argument("--clients", type=int, default=5)
        parser.add_argument("--job-orders", type=int, default=20)
        parser.add_argument("--weeks", type=int, default=4, help="past weeks of approved timesheets")
        parser.add_argument("--seed", type=int, default=1, help="same seed, same data")
        parser.add_argument("--portal-password", default=None, help="also create <client>.portal for the first client")

    def handle(self, *args, clients: int, job_orders: int, weeks: int, seed: int, portal_password, **options):
        if demo_data_present():
            self.stdout.write("The database already holds clients or job orders: no demo data generated.")
            return
        started = time.monotonic()
        try:
            summary = generate_demo(
                clients=clients, job_orders=job_orders, weeks=weeks, seed=seed, portal_password=portal_password
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Demo data: {summary} ({time.monotonic() - started:.1f} s).")
