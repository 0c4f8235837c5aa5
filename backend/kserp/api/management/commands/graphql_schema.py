"""Write the GraphQL schema (SDL) to a file: `manage.py graphql_schema ../schema.graphql`."""

from pathlib import Path

from django.core.management.base import BaseCommand
from strawberry.printer import print_schema

from kserp.api.schema import schema


def schema_sdl() -> str:
    return print_schema(schema).rstrip() + "\n"


class Command(BaseCommand):
    help = "Write the GraphQL schema as SDL (used by `make schema`)."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", help="file to write; stdout when omitted")

    def handle(self, *args, path=None, **options):
        sdl = schema_sdl()
        if path:
            Path(path).write_text(sdl)
            self.stdout.write(f"wrote {path}")
        else:
            self.stdout.write(sdl, ending="")
