"""`manage.py export_fx_rates [FILE]`: the stored FX rates as a configuration document
(`version: 1` and `fx_rates`, docs/configuration.md) that `import_config` loads back unchanged."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand

from kserp.configuration.fx_rates import fx_rates_section


class Command(BaseCommand):
    help = "Write the FX rates as a configuration document (standard output without FILE)."

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="where to write; default standard output")

    def handle(self, *args, file: str | None = None, **options):
        text = fx_rates_section()
        if file:
            Path(file).write_text(text, encoding="utf-8")
        else:
            self.stdout.write(text, ending="")
