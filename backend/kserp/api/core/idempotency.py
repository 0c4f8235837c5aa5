"""Idempotent mutations: the `Idempotency-Key` request header.

A mutation sent with `Idempotency-Key: <key>` by a signed-in caller runs once: its response is
stored with the key, per user, for 24 hours, in the same transaction as the mutation's own changes.
The same key with the same request (query, variables, operation name) replays the stored response
(with `Idempotent-Replayed: true`) and changes nothing; the same key with another request is
refused with HTTP 422 and the code `IDEMPOTENCY_KEY_REUSED`. Two concurrent requests with one key
are serialised by the key's unique row: the second waits for the first to commit, then replays.
Queries ignore the header.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Callable
from typing import Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.utils import timezone
from graphql import GraphQLError, OperationType, get_operation_ast, parse

from kserp.api.core.limits import MAX_TOKENS
from kserp.api.models import IdempotencyKey

HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
TTL = dt.timedelta(hours=24)
REUSED = "IDEMPOTENCY_KEY_REUSED"
INVALID = "IDEMPOTENCY_KEY_INVALID"
_KEY = re.compile(r"^[\x21-\x7e]{1,255}$")  # printable ASCII, no spaces (a UUID is typical)


def _error(status: int, code: str, message: str) -> JsonResponse:
    return JsonResponse({"errors": [{"message": message, "extensions": {"code": code}}]}, status=status)


def _mutation_request(request: HttpRequest) -> dict[str, Any] | None:
    """The decoded JSON request when it is one mutation, else None."""
    try:
        data = json.loads(request.body)
    except ValueError:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("query"), str):
        return None
    try:
        document = parse(data["query"], max_tokens=MAX_TOKENS)
    except GraphQLError:
        return None
    name = data.get("operationName")
    operation = get_operation_ast(document, name if isinstance(name, str) else None)
    return data if operation is not None and operation.operation == OperationType.MUTATION else None


def _fingerprint(data: dict[str, Any]) -> str:
    relevant = {k: data.get(k) for k in ("query", "variables", "operationName")}
    return hashlib.sha256(json.dumps(relevant, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


def idempotent_response(request: HttpRequest, call: Callable[[], HttpResponseBase]) -> HttpResponseBase:
    """The view's hook: `call()` runs the request; with an `Idempotency-Key` on a mutation it runs
    at most once per key (see the module's docstring)."""
    key = request.headers.get(HEADER)
    user = getattr(request, "user", None)
    if key is None or user is None or not user.is_authenticated or request.method != "POST":
        return call()
    data = _mutation_request(request)
    if data is None:
        return call()
    if not _KEY.match(key):
        return _error(400, INVALID, f"{HEADER} must be 1 to 255 printable ASCII characters without spaces.")
    fingerprint = _fingerprint(data)
    now = timezone.now()
    with transaction.atomic():
        IdempotencyKey.objects.filter(user=user, key=key, created_at__lt=now - TTL).delete()
        try:
            with transaction.atomic():
                row = IdempotencyKey.objects.create(user=user, key=key, request_hash=fingerprint, created_at=now)
        except IntegrityError:  # used before (or just now: we waited for that request to commit)
            row = IdempotencyKey.objects.select_for_update().get(user=user, key=key)
            if row.request_hash != fingerprint:
                return _error(422, REUSED, f"This {HEADER} was used with another request in the last 24 hours.")
            replay = HttpResponse(bytes(row.response_body), status=row.status_code, content_type=row.content_type)
            replay[REPLAYED_HEADER] = "true"
            return replay
        response = call()
        if response.status_code != 200 or not isinstance(response, HttpResponse):
            transaction.set_rollback(True)  # nothing was done; the key stays free
            return response
        row.status_code = response.status_code
        row.content_type = response.get("Content-Type", "application/json")
        row.response_body = response.content
        row.save(update_fields=["status_code", "content_type", "response_body"])
    return response


def idempotency_keys_purge(*, now: dt.datetime | None = None) -> int:
    """Delete keys older than 24 hours (they are ignored anyway); returns how many."""
    deleted, _ = IdempotencyKey.objects.filter(created_at__lt=(now or timezone.now()) - TTL).delete()
    return deleted
