"""Revoke an API token by its prefix (the part after `kse_`) or the whole token."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from kserp.identity.models import ApiToken
from kserp.identity.tokens import TOKEN_PREFIX, api_token_revoke


class Command(BaseCommand):
    help = "Revoke an API token, named by its prefix or the whole token."

    def add_arguments(self, parser):
        parser.add_argument("token", help="The prefix (e.g. 3f9a0c21b7d4) or the whole token.")

    def handle(self, *args, token: str, **options):
        parts = token.split("_", 2)
        prefix = parts[1] if len(parts) == 3 and parts[0] == TOKEN_PREFIX else token
        row = ApiToken.objects.filter(prefix=prefix).first()
        if row is None:
            raise CommandError(f"No token with prefix {prefix!r}.")
        row = api_token_revoke(token=row)
        self.stdout.write(f"Token {row.prefix} of {row.user.username} revoked at {row.revoked_at:%Y-%m-%d %H:%M %Z}.")
