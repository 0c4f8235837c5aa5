"""Incremental sync for partners: keyset pagination, `orderBy` and `updatedSince` (docs/partners.md).

- `KeysetConnection[T]`: a connection whose cursors carry the sort key of their row and its id
  (`keyset:<json>`, base64), not an offset: the page after a cursor is "the rows that sort after
  this one", so rows inserted, changed or reordered meanwhile never shift a page (no row skipped
  or repeated because another moved). It pages any queryset ordered by model fields; the id is
  added as the last sort key when missing. `first`/`after` and `last`/`before` both work.
- `OrderDirection` and `ordered(queryset, order)`: apply an `orderBy` input (`field` an enum whose
  values are model field names, `direction`), with the id as tie-breaker in the same direction.
- `UpdatedSinceFilter`: the base of list filters, with `updatedSince` (inclusive: `updated_at >= value`).
"""

from __future__ import annotations

import base64
import datetime as dt
import json
from enum import Enum
from typing import Any

import strawberry
import strawberry_django
from django.db.models import Count, F, Model, Q, QuerySet, Window
from graphql import GraphQLError
from strawberry import relay
from strawberry.types import Info
from strawberry_django.relay import DjangoListConnection
from strawberry_django.relay.list_connection import _should_optimize_total_count
from strawberry_django.relay.utils import resolve_edge_class
from strawberry_django.resolvers import django_resolver

CURSOR_PREFIX = "keyset:"


@strawberry.enum(description="Sort direction.")
class OrderDirection(Enum):
    ASC = "ASC"
    DESC = "DESC"


def ordered(queryset: QuerySet[Any], order: Any) -> QuerySet[Any]:
    """`queryset` sorted by an `orderBy` input (None: left as it is)."""
    if order is None:
        return queryset
    sign = "-" if order.direction == OrderDirection.DESC else ""
    return queryset.order_by(f"{sign}{order.field.value}", f"{sign}id")


@strawberry.input(description="Base of the list filters: `updatedSince`.")
class UpdatedSinceFilter:
    """Base of the list filters: `updatedSince`."""

    @strawberry_django.filter_field
    def updated_since(self, value: dt.datetime, prefix: str) -> Q:
        """Changed at or after this time (ISO 8601 with an offset): incremental sync."""
        return Q(**{f"{prefix}updated_at__gte": value})


# --- keyset cursors ------------------------------------------------------------------------------
Key = list[tuple[str, bool]]  # (field name, descending)


def _sort_key(queryset: QuerySet[Any]) -> Key | None:
    """The queryset's ordering as (field, descending), ending with the primary key; None when it
    sorts by something else than the model's own concrete fields."""
    model = queryset.model
    names = list(queryset.query.order_by) or list(model._meta.ordering or [])
    fields = {f.name for f in model._meta.concrete_fields} | {f.attname for f in model._meta.concrete_fields}
    key: Key = []
    for name in names:
        if not isinstance(name, str):
            return None
        descending = name.startswith("-")
        bare = name.lstrip("-")
        bare = "id" if bare == "pk" else bare
        if bare not in fields:
            return None
        key.append((bare, descending))
    if not key or key[-1][0] != "id":
        key.append(("id", key[-1][1] if key else False))
    return key


def _encode(row: Model, key: Key) -> str:
    values: list[Any] = []
    for i in range(len(key)):
        value = getattr(row, f"_keyset_{i}")  # annotated: the optimizer may have deferred the field
        if hasattr(value, "isoformat"):
            value = value.isoformat()
        values.append(value if isinstance(value, int | str) else str(value))
    payload = {"k": _signature(key), "v": values}
    return base64.b64encode((CURSOR_PREFIX + json.dumps(payload, separators=(",", ":"))).encode()).decode()


def _signature(key: Key) -> str:
    """The ordering a cursor belongs to: a cursor of another ordering is refused."""
    return ",".join(f"{'-' if descending else ''}{name}" for name, descending in key)


def _decode(cursor: str, model: type[Model], key: Key) -> list[Any]:
    try:
        text = base64.b64decode(cursor.encode(), validate=True).decode()
        if not text.startswith(CURSOR_PREFIX):
            raise ValueError(text)
        payload = json.loads(text[len(CURSOR_PREFIX) :])
        raw = payload["v"]
        if payload["k"] != _signature(key) or not isinstance(raw, list) or len(raw) != len(key):
            raise ValueError(text)
        fields = [model._meta.get_field(name) for name, _ in key]
        return [field.to_python(value) for field, value in zip(fields, raw, strict=True)]  # type: ignore[union-attr]
    except Exception as exc:  # malformed base64, JSON or values: one answer
        raise GraphQLError(
            "Invalid cursor: pass a cursor of this list with the same orderBy.", extensions={"code": "INVALID_CURSOR"}
        ) from exc


def _beyond(key: Key, values: list[Any], *, after: bool) -> Q:
    """Rows sorting after (or before) the row whose sort key is `values`."""
    condition = Q()
    equal = Q()
    for (name, descending), value in zip(key, values, strict=True):
        greater = after != descending  # after an ascending key, or before a descending one
        step = Q(**{f"{name}__{'gt' if greater else 'lt'}": value})
        condition |= equal & step
        equal &= Q(**{name: value})
    return condition


@strawberry.type(name="Connection", description="A connection to a list of items.")
class KeysetConnection(DjangoListConnection[relay.NodeType]):
    @classmethod
    def resolve_connection(
        cls,
        nodes: Any,
        *,
        info: Info,
        before: str | None = None,
        after: str | None = None,
        first: int | None = None,
        last: int | None = None,
        max_results: int | None = None,
        **kwargs: Any,
    ) -> Any:
        key = _sort_key(nodes) if isinstance(nodes, QuerySet) else None
        if key is None:
            return super().resolve_connection(
                nodes, info=info, before=before, after=after, first=first, last=last, max_results=max_results, **kwargs
            )
        limit = max_results if max_results is not None else info.schema.config.relay_max_results
        for name, value in (("first", first), ("last", last)):
            if value is not None and value < 0:
                raise GraphQLError(f"Argument '{name}' must be a non-negative integer.")
        return django_resolver(cls._resolve_keyset)(
            nodes, key, info=info, before=before, after=after, first=first, last=last, limit=limit, **kwargs
        )

    @classmethod
    def _resolve_keyset(
        cls,
        nodes: QuerySet[Any],
        key: Key,
        *,
        info: Info,
        before: str | None,
        after: str | None,
        first: int | None,
        last: int | None,
        limit: int,
        **kwargs: Any,
    ) -> KeysetConnection[Any]:
        page = nodes.annotate(**{f"_keyset_{i}": F(name) for i, (name, _) in enumerate(key)})
        if after is None and before is None and _should_optimize_total_count(info):
            # the first page counts the whole list in the same query (as DjangoListConnection does)
            page = page.annotate(_strawberry_total_count=Window(expression=Count("pk"), partition_by=None))
        if after is not None:
            page = page.filter(_beyond(key, _decode(after, nodes.model, key), after=True))
        if before is not None:
            page = page.filter(_beyond(key, _decode(before, nodes.model, key), after=False))
        forwards = [f"{'-' if d else ''}{n}" for n, d in key]
        if last is not None and first is None:
            size = min(last, limit)
            backwards = [f"{'' if d else '-'}{n}" for n, d in key]
            rows = list(page.order_by(*backwards)[: size + 1])
            has_previous, has_next = len(rows) > size, before is not None
            rows = rows[:size][::-1]
        else:
            size = min(first if first is not None else limit, limit)
            rows = list(page.order_by(*forwards)[: size + 1])
            has_previous, has_next = after is not None, len(rows) > size
            rows = rows[:size]
        edge_class = resolve_edge_class(cls)
        edges = [edge_class(cursor=_encode(row, key), node=cls.resolve_node(row, info=info, **kwargs)) for row in rows]
        connection = cls(
            edges=edges,
            page_info=relay.PageInfo(
                start_cursor=edges[0].cursor if edges else None,
                end_cursor=edges[-1].cursor if edges else None,
                has_previous_page=has_previous,
                has_next_page=has_next,
            ),
        )
        connection.nodes = nodes
        return connection
