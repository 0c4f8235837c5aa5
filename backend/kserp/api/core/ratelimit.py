"""Fixed-window rate limits on Django's cache (Redis in services mode, local memory embedded).

`settings.KSERP_RATE_LIMITS` maps a limit name to `"<count>/<seconds>"`:

- `graphql`: /graphql requests per API token or signed-in user;
- `graphql_anonymous`: /graphql requests per IP without a user (bad tokens count here too);
- `login`: failed sign-ins per username and IP; once reached, sign-in is refused (even with the
  right password) until the window ends;
- `login_ip`: sign-in attempts per IP, whatever the username.
"""

from __future__ import annotations

import hashlib
import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache
from django.http import HttpRequest, HttpResponseBase


@dataclass(frozen=True)
class Limit:
    count: int
    seconds: int


@dataclass(frozen=True)
class Outcome:
    allowed: bool
    count: int
    limit: Limit
    retry_after: int  # seconds until the window ends


def parse_limit(text: str) -> Limit:
    count, _, seconds = text.partition("/")
    limit = Limit(count=int(count), seconds=int(seconds))
    if limit.count < 1 or limit.seconds < 1:
        raise ValueError(f"bad rate limit {text!r}: use '<count>/<seconds>', both at least 1")
    return limit


def limit_for(name: str) -> Limit:
    return parse_limit(settings.KSERP_RATE_LIMITS[name])


def _key(name: str, ident: str, limit: Limit, now: float) -> str:
    window = int(now // limit.seconds)
    digest = hashlib.sha256(ident.encode()).hexdigest()[:32]
    return f"ratelimit:{name}:{limit.seconds}:{window}:{digest}"


def _retry_after(limit: Limit, now: float) -> int:
    return max(1, math.ceil(limit.seconds - (now % limit.seconds)))


def hit(name: str, ident: str) -> Outcome:
    """Count one event for `ident` under the limit `name`; `allowed` is False past the limit."""
    limit = limit_for(name)
    now = time.time()
    count = _count(_key(name, ident, limit, now), limit.seconds + 1)
    return Outcome(allowed=count <= limit.count, count=count, limit=limit, retry_after=_retry_after(limit, now))


def _count(key: str, timeout: int) -> int:
    """Add one to the counter `key` (made with `timeout` seconds to live), returning it. On Redis
    one round trip (SET NX EX and INCR in one MULTI), not three (add, exists, incr)."""
    backend = caches["default"]
    if isinstance(backend, RedisCache):
        full_key = backend.make_and_validate_key(key)
        with backend._cache.get_client(full_key, write=True).pipeline(transaction=True) as pipe:
            pipe.set(full_key, 0, ex=timeout, nx=True)
            pipe.incr(full_key)
            return int(pipe.execute()[1])
    backend.add(key, 0, timeout=timeout)
    try:
        return int(backend.incr(key))
    except ValueError:  # expired between add and incr
        backend.set(key, 1, timeout=timeout)
        return 1


def peek(name: str, ident: str) -> Outcome:
    """Like `hit` without counting: `allowed` is False once the limit has been reached."""
    limit = limit_for(name)
    now = time.time()
    count = int(cache.get(_key(name, ident, limit, now), 0))
    return Outcome(allowed=count < limit.count, count=count, limit=limit, retry_after=_retry_after(limit, now))


def set_headers(response: HttpResponseBase, outcome: Outcome) -> None:
    """`RateLimit-Limit`, `RateLimit-Remaining`, `RateLimit-Reset` (seconds until the window ends)
    and `RateLimit-Policy` (`<count>;w=<seconds>`), as in the IETF RateLimit header fields draft."""
    response["RateLimit-Limit"] = str(outcome.limit.count)
    response["RateLimit-Remaining"] = str(max(0, outcome.limit.count - outcome.count))
    response["RateLimit-Reset"] = str(outcome.retry_after)
    response["RateLimit-Policy"] = f"{outcome.limit.count};w={outcome.limit.seconds}"


def client_ip(request: HttpRequest) -> str:
    """The caller's address as the server saw it (daphne sets REMOTE_ADDR; behind a proxy,
    run daphne with --proxy-headers so it is the client's)."""
    return str(request.META.get("REMOTE_ADDR") or "unknown")
