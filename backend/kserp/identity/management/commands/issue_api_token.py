"""Issue an API token; the token is printed alone on the last line (scripts read it there)."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from kserp.base.models import Entity
from kserp.crm.models import Client
from kserp.errors import ValidationFailed
from kserp.identity.models import User
from kserp.identity.tokens import DEFAULT_SCOPES, SCOPES, api_token_issue


class Command(BaseCommand):
    help = "Issue an API token for a user. Prints the token (shown once) alone on the last line."

    def add_arguments(self, parser):
        parser.add_argument("--username", required=True)
        parser.add_argument("--scopes", nargs="+", default=list(DEFAULT_SCOPES), choices=SCOPES)
        parser.add_argument("--client", help="Bind the token to this client (code). Automatic for portal users.")
        parser.add_argument("--entity", help="Bind the token to this entity (code).")
        parser.add_argument("--expires-days", type=int, help="Expire after this many days (default: never).")
        parser.add_argument("--name", default="", help="What the token is for.")

    def handle(self, *args, **options):
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"No user {options['username']!r}.")
        client_id = entity_id = None
        if options["client"]:
            client = Client.objects.filter(code=options["client"]).first()
            if client is None:
                raise CommandError(f"No client {options['client']!r}.")
            client_id = client.pk
        if options["entity"]:
            entity = Entity.objects.filter(code=options["entity"]).first()
            if entity is None:
                raise CommandError(f"No entity {options['entity']!r}.")
            entity_id = entity.pk
        expires_at = None
        if options["expires_days"] is not None:
            if options["expires_days"] < 1:
                raise CommandError("--expires-days must be at least 1.")
            expires_at = timezone.now() + dt.timedelta(days=options["expires_days"])
        try:
            issued = api_token_issue(
                user=user,
                name=options["name"],
                scopes=options["scopes"],
                client_id=client_id,
                entity_id=entity_id,
                expires_at=expires_at,
            )
        except ValidationFailed as exc:
            raise CommandError(str(exc)) from exc
        token = issued.token
        binding = f", client {token.client.code}" if token.client else ""
        binding += f", entity {token.entity.code}" if token.entity else ""
        expiry = f", expires {token.expires_at:%Y-%m-%d %H:%M %Z}" if token.expires_at else ", never expires"
        self.stdout.write(
            f"Token {token.prefix} for {user.username}: scopes {' '.join(token.scopes)}{binding}{expiry}."
            " Shown once; store it now:"
        )
        self.stdout.write(issued.value)
