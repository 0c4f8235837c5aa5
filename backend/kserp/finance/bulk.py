"""Inserting many rows fast: COPY on PostgreSQL, `bulk_create` elsewhere.

A billing run writes thousands of invoices and journals at once. Django's `bulk_create` spends
most of its time building model instances and SQL, so on PostgreSQL the rows go through psycopg's
COPY protocol inside the same transaction (the same constraints apply). Rows are plain tuples in
the order of `columns` (attnames such as `invoice_id`); every other field of the model gets its
default (`auto_now_add` and `auto_now` fields: now).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connection
from django.db.models import Model
from django.utils import timezone

BATCH = 5000


def insert_rows(model: type[Model], columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """Insert `rows`; returns how many."""
    if connection.vendor == "postgresql":
        return _copy(model, columns, rows)
    return len(_bulk_create(model, columns, rows))


def insert_returning_ids(model: type[Model], columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> list[int]:
    """Insert `rows` and return their new primary keys, in row order. On PostgreSQL the ids are
    taken from the table's sequence first (ascending), then the rows are COPYed with them."""
    if connection.vendor != "postgresql":
        return _bulk_create(model, columns, rows)
    if not rows:
        return []
    pk = model._meta.pk
    assert pk is not None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [model._meta.db_table, pk.column, len(rows)],
        )
        ids = sorted(value for (value,) in cursor.fetchall())
    _copy(model, (pk.attname, *columns), ((pk_value, *row) for pk_value, row in zip(ids, rows, strict=True)))
    return ids


def _defaults(model: type[Model], columns: Sequence[str]) -> dict[str, Any]:
    """The values of the model's fields that are not in `columns` (the primary key aside)."""
    now = timezone.now()
    values: dict[str, Any] = {}
    for field in model._meta.concrete_fields:
        if field.primary_key or field.attname in columns:
            continue
        automatic = getattr(field, "auto_now_add", False) or getattr(field, "auto_now", False)
        values[field.attname] = now if automatic else field.get_default()
    return values


def _copy(model: type[Model], columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    defaults = _defaults(model, columns)
    names = ", ".join(connection.ops.quote_name(c) for c in (*columns, *defaults))
    tail = tuple(defaults.values())
    count = 0
    with connection.cursor() as cursor:
        raw = cursor.cursor  # the psycopg cursor under Django's wrapper
        with raw.copy(f"COPY {connection.ops.quote_name(model._meta.db_table)} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row((*row, *tail) if tail else row)
                count += 1
    return count


def _bulk_create(model: type[Model], columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> list[int]:
    defaults = _defaults(model, columns)
    objects = [model(**defaults, **dict(zip(columns, row, strict=True))) for row in rows]
    model._default_manager.bulk_create(objects, batch_size=BATCH)
    return [obj.pk for obj in objects]


def insert_from_mapping(sql: str, mapping: Sequence[tuple[str, str]], rows: Sequence[Sequence[int]]) -> None:
    """Run one INSERT ... SELECT whose ``{mapping}`` placeholder is a relation ``m`` of integer
    columns (``mapping``: name and PostgreSQL type, e.g. ``("invoice_id", "bigint")``) holding
    ``rows``: arrays from comma-separated text on PostgreSQL (much cheaper to send than Python lists
    adapted element by element: 20,000 lines, 16 ms against 37 ms), a JSON document on SQLite. The
    statement must write exactly one row per mapping row."""
    names = ", ".join(name for name, _ in mapping)
    if connection.vendor == "postgresql":
        arrays = ", ".join(f"string_to_array(%s, ',')::{kind}[]" for _, kind in mapping)
        relation = f"unnest({arrays}) AS m ({names})"
        params = [",".join(map(str, column)) for column in zip(*rows, strict=True)]
    else:
        picks = ", ".join(f"json_extract(value, '$[{i}]') AS {name}" for i, (name, _) in enumerate(mapping))
        relation = f"(SELECT {picks} FROM json_each(%s)) AS m"
        params = [json.dumps([list(row) for row in rows])]
    with connection.cursor() as cursor:
        cursor.execute(sql.replace("{mapping}", relation), params)
        if cursor.rowcount != len(rows):  # the caller holds every source row locked: cannot happen
            raise RuntimeError(f"{cursor.rowcount} rows written for {len(rows)} mapping rows")


def analyze_if_stale(model: type[Model], rows: int) -> None:
    """ANALYZE the model's table when PostgreSQL's statistics say it holds fewer rows than a run is
    about to process (never analysed: a fresh database, or a large import since autovacuum last
    looked). Planned as if small, every chunk's select and insert would read the whole table (a
    billing run of 400,000 freshly loaded lines took 13.9 s instead of 10.3 s). ANALYZE samples a
    fixed number of rows, so it costs a fraction of a second however large the table."""
    if connection.vendor != "postgresql":
        return
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [table])
        (known,) = cursor.fetchone() or (0,)
        if known < rows:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")


def forget_plans() -> None:
    """PostgreSQL checks every foreign key of every inserted row (at commit) with a plan it caches
    per connection. A plan made while a table was tiny (the first chunk of a fresh database, tables
    analysed while empty) is a sequential scan, and kept, it makes every later chunk quadratic
    (100,000 bill lines took 6.9 s instead of 3.1 s). DISCARD PLANS makes each chunk plan its
    checks for the tables as they are now."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("DISCARD PLANS")
