"""`manage.py import_timesheets FILE`: submit timesheets from a CSV file (docs/timesheet-import.md)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from kserp.orders.timesheet_import import timesheets_import_csv


class Command(BaseCommand):
    help = "Submit timesheets from a CSV file; each (job_order, week_starting) group is all-or-nothing."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", help="CSV file, or - for standard input")

    def handle(self, *args: Any, **options: Any) -> None:
        name = options["file"]
        if name == "-":
            text = sys.stdin.read()
        else:
            path = Path(name)
            if not path.is_file():
                raise CommandError(f"No such file: {name}")
            text = path.read_text(encoding="utf-8-sig")
        result = timesheets_import_csv(text=text)
        for error in result.errors:
            column = f" [{error.column}]" if error.column else ""
            self.stderr.write(f"line {error.row}{column}: {error.code}: {error.message}")
        self.stdout.write(f"imported {result.imported} timesheet(s), rejected {result.rejected}")
        if result.errors:
            raise CommandError(f"{len(result.errors)} error(s); the rejected timesheets were not stored")
