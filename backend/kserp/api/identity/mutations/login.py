from __future__ import annotations

import strawberry
from django.contrib.auth import authenticate, login
from strawberry.types import Info

from kserp.api.core import ratelimit
from kserp.api.core.context import http_request
from kserp.api.core.csrf import csrf_failure_reason
from kserp.api.core.errors import UserError
from kserp.api.core.ratelimit import client_ip
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
    # Lockout: LOGIN_LIMIT failed attempts per username and IP, and attempts per IP, per window.
    ip = client_ip(request)
    attempt_key = f"{username.strip().lower()}|{ip}"
    locked = ratelimit.peek("login", attempt_key)
    per_ip = ratelimit.hit("login_ip", ip)
    if not locked.allowed or not per_ip.allowed:
        retry_after = max(locked.retry_after if not locked.allowed else 0, 0 if per_ip.allowed else per_ip.retry_after)
        return LoginPayload(
            viewer=None,
            errors=[
                UserError(
                    field=None,
                    code="RATE_LIMITED",
                    message=f"Too many sign-in attempts. Try again in {retry_after} seconds.",
                )
            ],
        )
    user = authenticate(request, username=username, password=password)
    if user is None or not user.is_active:
        ratelimit.hit("login", attempt_key)
        return LoginPayload(
            viewer=None,
            errors=[UserError(field="password", code="INVALID_CREDENTIALS", message="Wrong username or password.")],
        )
    login(request, user)
    return LoginPayload(viewer=viewer_for(user), errors=[])


login_field = strawberry.mutation(
    resolver=login_mutation,
    description="Sign in with a session cookie (CSRF-protected; repeated failures lock the username out for a while).",
)
