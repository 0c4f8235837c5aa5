#!/usr/bin/env python
"""Django's command-line utility for KS-ERP."""

import os
import sys
from pathlib import Path

BACKEND = str(Path(__file__).resolve().parent)


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    # Commands that start processes of their own (`rundramatiq` runs `python -m dramatiq`) must
    # find `config` and `kserp` from any working directory, e.g. the repository root.
    paths = [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
    if BACKEND not in paths:
        os.environ["PYTHONPATH"] = os.pathsep.join([BACKEND, *paths])
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
