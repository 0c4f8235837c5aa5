"""Django's Redis cache with one connection pool per process, shared by every instance.

Django keeps a cache instance per async context (per HTTP request, per WebSocket consumer), and
its Redis backend gives each instance a connection pool of its own, never closed while the
instance lives: every request opened a new Redis connection, and every open WebSocket held one or
two for its whole life. 5,000 idle subscribers needed 10,000 Redis connections, Redis's default
`maxclients`, after which Redis refused every client on the machine (docs/performance.md,
"Fan-out"). redis-py's pools are thread-safe (and reset themselves in a forked child), so one
client per process and configuration serves them all.
"""

from __future__ import annotations

import threading
from typing import Any

from django.core.cache.backends.redis import RedisCache
from django.utils.functional import cached_property

_clients: dict[tuple[Any, ...], Any] = {}
_lock = threading.Lock()


class SharedPoolRedisCache(RedisCache):
    @cached_property
    def _cache(self) -> Any:
        me: Any = self  # RedisCache's attributes, undeclared in django-stubs
        options = tuple(sorted((k, repr(v)) for k, v in me._options.items()))
        key = (me._class, tuple(me._servers), options)
        with _lock:
            client = _clients.get(key)
            if client is None:
                client = _clients[key] = me._class(me._servers, **me._options)
        return client
