from __future__ import annotations

import strawberry
from django.contrib.auth import authenticate, login
from strawberry.types import Info

from kserp.api.core.context import http_request
from kserp.api.core.csrf import csrf_failure_reason
from kserp.api.core.errors import UserError
from kserp.api.identity.queries import viewer_for
from kserp.api.identity.types import LoginPayload


def login_mutation(info: Info, username: str, password: str) -> LoginPayload:
    request = http_request(info)
    if request is None:
        return LoginPayload(viewer=None, errors=[UserError(field=None, code="HTTP_ONLY", message="Sign in over HTTP.")])
    # Login CSRF: even without a session yet, the browser must prove it read our cookie.
    reason = csrf_failure_reason(request)
    if reason is not None:
        return LoginPayload(
            viewer=None, errors=[UserError(field=None, code="CSRF", message=f"CSRF check failed: {reason}")]
        )
    user = authenticate(request, username=username, password=password)
    if user is None or not user.is_active:
        return LoginPayload(
            viewer=None,
            errors=[UserError(field="password", code="INVALID_CREDENTIALS", message="Wrong username or password.")],
        )
    login(request, user)
    return LoginPayload(viewer=viewer_for(user), errors=[])


login_field = strawberry.mutation(
    resolver=login_mutation, description="Sign in with a session cookie (CSRF-protected)."
)
