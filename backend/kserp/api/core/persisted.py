"""Persisted queries: a caller sends the SHA-256 of a registered document instead of the document
(`{"extensions": {"persistedQuery": {"version": 1, "sha256Hash": "<hex>"}}, "variables": ...}`,
the protocol of Apollo's persisted queries), which keeps requests small and lets the server reuse
the parsed document and its validation.

- `persisted_query_register(document=..., name=...)`: registers a document (it must be valid
  against the schema); `manage.py register_persisted_queries FILE...` calls it.
- `persisted_request_resolve(request)`: the view's hook. A request naming an unknown hash is
  answered `PERSISTED_QUERY_NOT_FOUND`; a request sending both a document and a hash that does not
  match it `PERSISTED_QUERY_HASH_MISMATCH`; a known hash has its document put into the request.
- `PersistedDocuments`: a schema extension that, for registered documents, skips parsing (the
  parsed document is kept) and caches validation per set of validation rules.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Iterator
from typing import Any

from django.http import HttpRequest, JsonResponse
from graphql import DocumentNode, GraphQLError, parse, specified_rules, validate
from strawberry.extensions import SchemaExtension

from kserp.api.core.context import request_attribute
from kserp.api.models import PersistedQuery
from kserp.errors import ServiceError, ValidationFailed

NOT_FOUND = "PERSISTED_QUERY_NOT_FOUND"
HASH_MISMATCH = "PERSISTED_QUERY_HASH_MISMATCH"
#: Validation results kept per process (documents x rule sets); registered documents are few.
MAX_VALIDATIONS = 2_000

_lock = threading.Lock()
_documents: dict[str, DocumentNode] = {}  # document text -> parsed document (registered only)
_by_hash: dict[str, str] = {}  # sha256 -> document text (a hash names one text forever)
_validations: dict[tuple[Any, ...], list[GraphQLError]] = {}


def document_hash(document: str) -> str:
    return hashlib.sha256(document.encode()).hexdigest()


def persisted_query_register(*, document: str, name: str = "") -> PersistedQuery:
    """Register `document` (idempotent: the same text keeps its row). Refused when it does not
    parse or is not valid against the schema."""
    from kserp.api.schema import schema

    try:
        parsed = parse(document)
    except GraphQLError as exc:
        raise ValidationFailed([ServiceError("INVALID", f"Not a GraphQL document: {exc.message}", "document")]) from exc
    errors = validate(schema._schema, parsed, specified_rules)
    if errors:
        raise ValidationFailed([ServiceError("INVALID", e.message, "document") for e in errors])
    row, _ = PersistedQuery.objects.get_or_create(
        sha256=document_hash(document), defaults={"document": document, "name": name[:200]}
    )
    return row


def _document_for(sha256: str) -> str | None:
    sha256 = sha256.lower()
    known = _by_hash.get(sha256)
    if known is not None:
        return known
    row = PersistedQuery.objects.filter(sha256=sha256).values_list("document", flat=True).first()
    if row is not None:
        parsed = parse(row)
        with _lock:
            _documents.setdefault(row, parsed)
            _by_hash[sha256] = row
    return row


def _error(code: str, message: str) -> JsonResponse:
    return JsonResponse({"errors": [{"message": message, "extensions": {"code": code}}]}, status=200)


def persisted_request_resolve(request: HttpRequest) -> JsonResponse | None:
    """Put the registered document into a POST naming one by hash; an error response when the hash
    is unknown or does not match the document sent; None (nothing to do) otherwise."""
    if request.method != "POST" or "json" not in (request.content_type or ""):
        return None
    try:
        data = json.loads(request.body)
    except ValueError:
        return None  # strawberry answers malformed bodies
    extensions = data.get("extensions") if isinstance(data, dict) else None
    persisted = extensions.get("persistedQuery") if isinstance(extensions, dict) else None
    if not isinstance(persisted, dict):
        return None
    sha256 = str(persisted.get("sha256Hash") or "")
    query = data.get("query")
    if isinstance(query, str) and query:
        if document_hash(query) != sha256.lower():
            return _error(HASH_MISMATCH, "The persisted query hash is not the SHA-256 of the query sent.")
        return None
    document = _document_for(sha256) if len(sha256) == 64 else None
    if document is None:
        return _error(NOT_FOUND, "PersistedQueryNotFound: no document is registered with this hash.")
    data["query"] = document
    request._body = json.dumps(data).encode()  # read by strawberry's body parser
    return None


class PersistedDocuments(SchemaExtension):
    """Skips parsing and repeats validation results for registered documents."""

    def on_operation(self) -> Iterator[None]:
        context = self.execution_context
        if context.query and context.graphql_document is None:
            document = _documents.get(context.query)
            if document is not None:
                context.graphql_document = document
        yield

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        key = None
        if context.query in _documents and context.pre_execution_errors is None:
            token = request_attribute(context.context, "api_token")
            scopes = frozenset(token.scopes or ()) if token is not None else None
            rules = tuple(getattr(rule, "__qualname__", repr(rule)) for rule in context.validation_rules)
            key = (context.query, scopes, rules)
            cached = _validations.get(key)
            if cached is not None:
                context.pre_execution_errors = list(cached)
                key = None
        yield
        if key is not None and context.pre_execution_errors is not None:
            with _lock:
                if len(_validations) >= MAX_VALIDATIONS:
                    _validations.clear()
                _validations[key] = list(context.pre_execution_errors)
