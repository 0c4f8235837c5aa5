"""Prepare a database for `make run`: migrate, ensure the roles and an admin, load demo data when asked."""

import io
import secrets

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from kserp.demo.staff import demo_data_load
from kserp.identity.services import user_ensure_admin


class Command(BaseCommand):
    help = "Migrate, create the admin account (printing its credentials), load demo data if KSERP_DEMO_DATA=1."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")
        parser.add_argument("--url", default="http://127.0.0.1:8000/")

    def handle(self, *args, username: str, url: str, **options):
        call_command("migrate", interactive=False, verbosity=0)
        call_command("ensure_roles", verbosity=0, stdout=io.StringIO())
        password_file = settings.VAR_DIR / "admin-password.txt"
        if password_file.exists():
            password = password_file.read_text().strip()
        else:
            password = secrets.token_urlsafe(12)
            password_file.write_text(password + "\n")
            password_file.chmod(0o600)
        user, created = user_ensure_admin(username=username, password=password)
        if not created and not user.check_password(password):
            user.set_password(password)
            user.save(update_fields=["password"])
        if settings.DEMO_DATA:
            self.stdout.write(demo_data_load())
        self.stdout.write("")
        self.stdout.write(f"KS-ERP is at {url}  (GraphQL API at {url}graphql)")
        self.stdout.write(f"Sign in as: {username} / {password}   (password kept in {password_file})")
