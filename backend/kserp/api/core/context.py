"""Who is asking: one accessor for HTTP requests and WebSocket connections."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from strawberry.types import Info


def request_attribute(context: Any, name: str) -> Any:
    """`name` ("user", "api_token") of the caller: an attribute of the Django HttpRequest, or an
    entry of the WebSocket consumer's scope (strawberry's context is a dict there)."""
    request = context.get("request") if isinstance(context, dict) else getattr(context, "request", None)
    value = getattr(request, name, None)
    if value is None:
        scope = getattr(request, "scope", None) or {}
        value = scope.get(name)
    return value


def current_user(info: Info) -> Any:
    """The signed-in user (or AnonymousUser) for HTTP and WebSocket operations alike."""
    user = request_attribute(info.context, "user")
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
    return request_attribute(info.context, "api_token")
