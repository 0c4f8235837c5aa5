"""Register GraphQL documents as persisted queries: `manage.py register_persisted_queries a.graphql ...`.
Prints `<sha256>  <file>` per document, the hash partners send (docs/partners.md)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kserp.api.core.persisted import persisted_query_register
from kserp.errors import ValidationFailed


class Command(BaseCommand):
    help = "Register GraphQL documents (one operation document per file) as persisted queries."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="files holding one GraphQL document each")

    def handle(self, *args, paths=(), **options):
        for path in paths:
            try:
                row = persisted_query_register(document=Path(path).read_text(), name=Path(path).stem)
            except ValidationFailed as exc:
                raise CommandError(f"{path}: {exc}") from exc
            self.stdout.write(f"{row.sha256}  {path}")
