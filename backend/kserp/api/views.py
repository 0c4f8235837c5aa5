"""HTTP entry points: /graphql (through Django, so sessions and CSRF apply) and /healthz."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.decorators import method_decorator
from django.views.decorators.csrf import csrf_exempt
from strawberry.django.views import GraphQLView

from kserp.api.core.csrf import csrf_failure_reason, needs_csrf
from kserp.api.schema import schema


@method_decorator(csrf_exempt, name="dispatch")
class KsGraphQLView(GraphQLView):
    """GraphQL over HTTP. CSRF is checked here (see core/csrf.py); GET queries are off."""

    allow_queries_via_get = False

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if needs_csrf(request):
            reason = csrf_failure_reason(request)
            if reason is not None:
                return JsonResponse({"errors": [{"message": f"CSRF check failed: {reason}"}]}, status=403)
        return super().dispatch(request, *args, **kwargs)


def graphql_view() -> Any:
    return KsGraphQLView.as_view(
        schema=schema, graphql_ide="graphiql" if settings.GRAPHIQL else None, allow_queries_via_get=False
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
            import redis

            redis.Redis.from_url(settings.REDIS_URL, socket_timeout=2).ping()
            checks["redis"] = "ok"
        except Exception as exc:
            checks["redis"] = f"error: {exc.__class__.__name__}"
            status = 503
    mode = "services" if settings.SERVICES_MODE else "embedded"
    return JsonResponse({"status": "ok" if status == 200 else "error", "mode": mode, **checks}, status=status)
