"""HTTP entry points: /graphql (through Django, so sessions and CSRF apply) and /healthz."""

from __future__ import annotations

import re
import uuid
from typing import Any

import redis
from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.decorators import method_decorator
from django.views.decorators.csrf import csrf_exempt
from strawberry.django.views import GraphQLView

from kserp.api.core import http_input, ratelimit
from kserp.api.core.csrf import csrf_failure_reason, needs_csrf
from kserp.api.core.idempotency import idempotent_response
from kserp.api.core.persisted import persisted_request_resolve
from kserp.api.core.ratelimit import client_ip
from kserp.api.schema import schema
from kserp.identity.audit import audit_context
from kserp.identity.tokens import api_token_authenticate


@method_decorator(csrf_exempt, name="dispatch")
class KsGraphQLView(GraphQLView):
    """GraphQL over HTTP: bearer tokens, rate limits and CSRF are handled here (see core/csrf.py,
    core/ratelimit.py, docs/security.md); GET queries are off (see `graphql_view`)."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        request_id = _request_id(request)
        ip = client_ip(request)
        token = None
        authorization = request.headers.get("Authorization", "")
        if authorization:
            # Partners: `Authorization: Bearer <token>` (see docs/security.md).
            scheme, _, credentials = authorization.partition(" ")
            token = api_token_authenticate(credentials) if scheme.lower() == "bearer" else None
            if token is None:
                outcome = ratelimit.hit("graphql_anonymous", f"ip:{ip}")  # guessing tokens costs
                if not outcome.allowed:
                    return _too_many_requests(outcome)
                return _error(401, "Invalid, expired or revoked API token (use `Authorization: Bearer <token>`).")
            request.user = token.user
        request.api_token = token  # type: ignore[attr-defined]
        if token is not None:
            outcome = ratelimit.hit("graphql", f"token:{token.pk}")
        elif request.user.is_authenticated:
            outcome = ratelimit.hit("graphql", f"user:{request.user.pk}")
        else:
            outcome = ratelimit.hit("graphql_anonymous", f"ip:{ip}")
        if not outcome.allowed:
            return _too_many_requests(outcome)
        if token is None and needs_csrf(request):
            reason = csrf_failure_reason(request)
            if reason is not None:
                return _error(403, f"CSRF check failed: {reason}")
        if request.method == "POST":  # size, UTF-8, nesting (core/http_input.py)
            self._json_body, refusal = http_input.read_json_body(request)
            if refusal is not None:
                return refusal
            self._json_source = request.body  # a persisted query replaces the body: then parse again
        with audit_context(api_token=token, request_id=request_id, ip=ip):
            # Partner hooks: persisted queries (core/persisted.py), Idempotency-Key (core/idempotency.py);
            # the media type of the answer (core/http_input.py).
            response = persisted_request_resolve(request) or idempotent_response(
                request,
                lambda: http_input.negotiate(request, super(KsGraphQLView, self).dispatch(request, *args, **kwargs)),
            )
        response["X-Request-ID"] = request_id
        ratelimit.set_headers(response, outcome)  # RateLimit-* (core/ratelimit.py)
        return response

    def decode_json(self, data: str | bytes) -> object:
        parsed = getattr(self, "_json_body", None)
        same_body = getattr(self, "_json_source", None) is self.request.body
        return parsed if same_body and http_input.was_parsed(parsed) else super().decode_json(data)


_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


def _request_id(request: HttpRequest) -> str:
    """The caller's `X-Request-ID` when it looks like one, else a new one."""
    given = request.headers.get("X-Request-ID", "")
    return given if _REQUEST_ID.match(given) else uuid.uuid4().hex


def _error(status: int, message: str) -> JsonResponse:
    response = JsonResponse({"errors": [{"message": message}]}, status=status)
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="kserp"'
    return response


def _too_many_requests(outcome: ratelimit.Outcome) -> JsonResponse:
    limit = outcome.limit
    response = _error(429, f"Too many requests: at most {limit.count} per {limit.seconds} s. Retry later.")
    response["Retry-After"] = str(outcome.retry_after)
    ratelimit.set_headers(response, outcome)
    return response


def graphql_view() -> Any:
    return KsGraphQLView.as_view(
        schema=schema,
        graphql_ide="graphiql" if settings.GRAPHIQL else None,
        allow_queries_via_get=False,
        # Contract documents are uploaded as multipart requests; the CSRF check above applies to them
        # like to any other request carrying the session cookie (docs/workspace.md).
        multipart_uploads_enabled=True,
    )


def healthz(request: HttpRequest) -> HttpResponse:
    """200 when the database (and Redis in services mode) answer, 503 otherwise."""
    checks: dict[str, str] = {}
    status = 200
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except Exception as exc:  # report, never raise
        checks["database"] = f"error: {exc.__class__.__name__}"
        status = 503
    if settings.SERVICES_MODE:
        try:
            redis.Redis.from_url(settings.REDIS_URL, socket_timeout=2).ping()
            checks["redis"] = "ok"
        except Exception as exc:
            checks["redis"] = f"error: {exc.__class__.__name__}"
            status = 503
    mode = "services" if settings.SERVICES_MODE else "embedded"
    return JsonResponse({"status": "ok" if status == 200 else "error", "mode": mode, **checks}, status=status)
