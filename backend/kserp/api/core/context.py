"""Who is asking: one accessor for HTTP requests and WebSocket connections."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from strawberry.types import Info


def current_user(info: Info) -> Any:
    """The signed-in user (or AnonymousUser) for HTTP and WebSocket operations alike."""
    context = info.context
    request = context.get("request") if isinstance(context, dict) else getattr(context, "request", None)
    user = getattr(request, "user", None)
    if user is None:
        scope = getattr(request, "scope", None) or {}
        user = scope.get("user")
    return user if user is not None else AnonymousUser()


def http_request(info: Info) -> Any:
    """The Django HttpRequest, or None over WebSocket."""
    context = info.context
    if isinstance(context, dict):
        return None
    return getattr(context, "request", None)


def current_api_token(info: Info) -> Any:
    """The `identity.ApiToken` the operation authenticated with (HTTP bearer or WebSocket
    `connection_init`), or None for session and anonymous callers."""
    context = info.context
    request = context.get("request") if isinstance(context, dict) else getattr(context, "request", None)
    token = getattr(request, "api_token", None)
    if token is None:
        scope = getattr(request, "scope", None) or {}
        token = scope.get("api_token")
    return token
