"""`manage.py import_config FILE [--dry-run]`: load a configuration document (docs/configuration.md)."""

from __future__ import annotations

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kserp.configuration.services import configuration_import


class Command(BaseCommand):
    help = "Import a configuration document (YAML or JSON): all of it or, on any error, nothing."

    def add_arguments(self, parser):
        parser.add_argument("file", help="the document; - reads standard input")
        parser.add_argument("--dry-run", action="store_true", help="check and count, store nothing")

    def handle(self, *args, file: str, dry_run: bool = False, **options):
        try:
            text = sys.stdin.read() if file == "-" else Path(file).read_text(encoding="utf-8")
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc.strerror}") from exc
        result = configuration_import(document=text, dry_run=dry_run)
        for error in result.errors:
            self.stderr.write(f"{error.field or '(document)'}: {error.message} [{error.code}]")
        if not result.ok:
            raise CommandError(result.summary, returncode=1)
        self.stdout.write(result.summary)
