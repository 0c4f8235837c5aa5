"""CSRF for the GraphQL endpoint.

Partners authenticate with `Authorization: Bearer`, which a browser never adds by itself, so those
requests need no CSRF token. A request that carries the session cookie (the SPA) must send the
`X-CSRFToken` header matching the `csrftoken` cookie, checked by Django's own middleware logic.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import CsrfViewMiddleware


def _no_response(request: HttpRequest) -> HttpResponse:  # pragma: no cover - never called
    raise AssertionError


class _CsrfChecker(CsrfViewMiddleware):
    """Django's CSRF logic, keeping the reason of a rejection instead of rendering a page."""

    def _reject(self, request: HttpRequest, reason: str) -> HttpResponse:
        response = HttpResponse(status=403)
        response.csrf_reason = reason  # type: ignore[attr-defined]
        return response


_checker = _CsrfChecker(_no_response)


def csrf_failure_reason(request: HttpRequest) -> str | None:
    """None when the request passes Django's CSRF check, else the reason it fails."""
    response = _checker.process_view(request, None, (), {})  # type: ignore[arg-type]
    if response is None:
        return None
    return str(getattr(response, "csrf_reason", "CSRF check failed"))


def needs_csrf(request: HttpRequest) -> bool:
    """Cookie-authenticated (or cookie-bearing) browser requests must pass the CSRF check."""
    if request.method in {"GET", "HEAD", "OPTIONS"}:
        return False
    if request.headers.get("Authorization", "").startswith("Bearer "):
        return False
    return settings.SESSION_COOKIE_NAME in request.COOKIES or settings.CSRF_COOKIE_NAME in request.COOKIES
