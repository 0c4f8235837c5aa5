"""Create the role groups (admin, finance, account_manager, payroll) and set their permissions."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from kserp.identity.roles import roles_ensure


class Command(BaseCommand):
    help = "Create the role groups and set their permissions (idempotent; see docs/security.md)."

    def handle(self, *args, **options):
        counts = roles_ensure()
        if options["verbosity"] >= 1:
            summary = ", ".join(f"{role} ({n} permissions)" for role, n in counts.items())
            self.stdout.write(f"Roles: {summary}.")
