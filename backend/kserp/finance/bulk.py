"""Inserting many rows fast: COPY on PostgreSQL, `bulk_create` elsewhere.

Billing writes one invoice line per bill line; Django's `bulk_create` spends most of its time
building model instances and SQL (about 5x slower than COPY for 100,000 rows, see
bench/results/billing.md), so on PostgreSQL the rows go through psycopg's COPY protocol inside
the same transaction (same constraints: the UNIQUE bill line of an invoice line still holds).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connection
from django.db.models import Model

BATCH = 5000


def fast_insert(model: type[Model], columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """Insert `rows` (tuples in `columns` order; column names are attnames such as `invoice_id`)."""
    count = 0
    if connection.vendor == "postgresql":
        table = connection.ops.quote_name(model._meta.db_table)
        names = ", ".join(connection.ops.quote_name(c) for c in columns)
        with connection.cursor() as cursor:
            raw = cursor.cursor  # the psycopg cursor under Django's wrapper
            with raw.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    count += 1
        return count
    batch: list[Model] = []
    for row in rows:
        batch.append(model(**dict(zip(columns, row, strict=True))))
        count += 1
        if len(batch) >= BATCH:
            model._default_manager.bulk_create(batch)
            batch = []
    if batch:
        model._default_manager.bulk_create(batch)
    return count
