"""Signing webhook deliveries (the scheme of Stripe and Standard Webhooks, with our header names).

Every request carries `KSERP-Signature: t=<unix seconds>,v1=<hex>[,v1=<hex>]`: each `v1` is the
HMAC-SHA256, keyed with one of the endpoint's active secrets, of `<t>.<raw body>`. During a secret
rotation there are two `v1` values; a receiver accepts the request when one of them matches its
secret and `t` is within its replay window (5 minutes suggested). Pure functions, no Django.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from collections.abc import Iterable

SIGNATURE_HEADER = "KSERP-Signature"
EVENT_ID_HEADER = "KSERP-Event-Id"
EVENT_TYPE_HEADER = "KSERP-Event-Type"
SECRET_PREFIX = "whsec_"
REPLAY_WINDOW_SECONDS = 300


def secret_new() -> str:
    return f"{SECRET_PREFIX}{secrets.token_urlsafe(32)}"


def signature_of(secret: str, timestamp: int, body: bytes) -> str:
    signed = f"{timestamp}.".encode() + body
    return hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()


def signature_header(secrets_: Iterable[str], timestamp: int, body: bytes) -> str:
    """The header value signing `body` at `timestamp` with every secret given (current first)."""
    parts = [f"t={timestamp}", *(f"v1={signature_of(s, timestamp, body)}" for s in secrets_ if s)]
    return ",".join(parts)


def signature_verify(
    secret: str, header: str, body: bytes, *, now: float | None = None, tolerance: int = REPLAY_WINDOW_SECONDS
) -> bool:
    """What a receiver does (tests use it): True when one `v1` of `header` is `body` signed with
    `secret` and its `t` is at most `tolerance` seconds away from `now`."""
    timestamp = None
    candidates = []
    for item in header.split(","):
        key, _, value = item.strip().partition("=")
        if key == "t" and value.isdigit():
            timestamp = int(value)
        elif key == "v1":
            candidates.append(value)
    if timestamp is None or abs((time.time() if now is None else now) - timestamp) > tolerance:
        return False
    expected = signature_of(secret, timestamp, body)
    return any(hmac.compare_digest(expected, candidate) for candidate in candidates)
