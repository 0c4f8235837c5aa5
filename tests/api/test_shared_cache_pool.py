"""One Redis connection pool per process for Django's cache (kserp/base/cache.py): a cache
instance per request or socket must not mean a Redis connection per request or socket."""

import threading

import pytest
from django.core.cache import caches

from kserp.base.cache import SharedPoolRedisCache


def test_every_cache_instance_of_a_process_shares_one_redis_client():
    if not isinstance(caches["default"], SharedPoolRedisCache):
        pytest.skip("services mode only (Redis cache)")
    clients = [caches["default"]._cache, caches.create_connection("default")._cache]

    def in_another_thread() -> None:  # another thread: another cache instance
        clients.append(caches["default"]._cache)

    thread = threading.Thread(target=in_another_thread)
    thread.start()
    thread.join()
    assert len(clients) == 3 and all(client is clients[0] for client in clients)
    caches["default"].set("kserp-test-shared-pool", 1, 5)
    assert caches.create_connection("default").get("kserp-test-shared-pool") == 1
