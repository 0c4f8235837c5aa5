"""Plain model columns resolved by reading the loaded attribute (docs/performance.md).

strawberry-django resolves every field of a model type through its own resolver: an `Info` object,
argument parsing, extension chaining and descriptor checks per field and row. A partner's invoice
page has thousands of such fields, and they were most of the request's Python time. A column with
no resolver, no extension (permissions, `Require`) and no relation only ever returns the value the
query loaded, so `use_plain_column_resolvers` gives those fields a resolver that reads it from the
instance; when the value is not loaded (deferred) it falls back to strawberry-django's resolver,
which loads it the way it always did (also under async execution). The answers are unchanged.

`PlainColumnSchema` also leaves these resolvers out of the resolver middleware when the only
middleware is strawberry-django's optimizer, whose `resolve` acts on querysets alone: a column's
value never is one, so the wrapping (a partial, a method call, a context-variable read and two
`isinstance` checks per field and row) bought nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import strawberry
from django.db.models.query_utils import DeferredAttribute
from graphql import GraphQLField, GraphQLObjectType
from graphql.execution.middleware import MiddlewareManager
from strawberry.extensions import SchemaExtension
from strawberry.schema.schema_converter import GraphQLCoreConverter
from strawberry_django.fields.field import StrawberryDjangoField
from strawberry_django.optimizer import DjangoOptimizerExtension


class PlainColumnSchema(strawberry.Schema):
    """A schema whose plain column resolvers skip the optimizer's resolver middleware."""

    def _get_middleware_manager(self, extensions: list[SchemaExtension]) -> MiddlewareManager:
        middleware = [ext for ext in extensions if ext._implements_resolve()]
        if middleware and all(isinstance(ext, DjangoOptimizerExtension) for ext in middleware):
            return _ColumnsUnwrapped(*middleware)
        return super()._get_middleware_manager(extensions)


class _ColumnsUnwrapped(MiddlewareManager):
    def get_field_resolver(self, field_resolver: Any) -> Any:
        if hasattr(field_resolver, "plain_column"):
            return field_resolver
        return super().get_field_resolver(field_resolver)


def use_plain_column_resolvers(schema: strawberry.Schema) -> int:
    """Give every plain column field of `schema` the attribute-reading resolver; returns how many."""
    changed = 0
    for graphql_type in schema._schema.type_map.values():
        if not isinstance(graphql_type, GraphQLObjectType):
            continue
        for graphql_field in graphql_type.fields.values():
            attname = _plain_column(graphql_field)
            resolver = graphql_field.resolve
            if attname is not None and resolver is not None and not hasattr(resolver, "plain_column"):
                graphql_field.resolve = _column_resolver(attname, graphql_field.resolve)
                changed += 1
    return changed


def _plain_column(graphql_field: GraphQLField) -> str | None:
    """The model attribute a field only reads, or None when it does anything else."""
    field = (graphql_field.extensions or {}).get(GraphQLCoreConverter.DEFINITION_BACKREF)
    if not isinstance(field, StrawberryDjangoField) or field.base_resolver is not None or field.extensions:
        return None
    if field.is_relation or field.origin_django_type is None:
        return None
    attname = field.django_name or field.python_name
    descriptor = getattr(field.origin_django_type.model, attname, None)
    # Exactly DeferredAttribute: file and foreign-key descriptors wrap or fetch their values.
    if type(descriptor) is not DeferredAttribute or descriptor.field.is_relation:
        return None
    return str(descriptor.field.attname)


def _column_resolver(attname: str, fallback: Callable[..., Any]) -> Callable[..., Any]:
    def resolve(source: Any, info: Any, **kwargs: Any) -> Any:
        try:
            return source.__dict__[attname]
        except (KeyError, AttributeError):  # deferred, or not a model instance
            return fallback(source, info, **kwargs)

    resolve.plain_column = attname  # type: ignore[attr-defined]
    return resolve
