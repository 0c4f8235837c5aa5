"""Shared fixtures. Tests run against the database in DATABASE_URL (PostgreSQL in CI, with
KSERP_REQUIRE_SERVICES=1) or a temporary SQLite database locally."""

from __future__ import annotations

import copy
import uuid

import dramatiq
import pytest
from django.test import Client

from kserp.identity.models import User


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMBEDDED_WORKER = False


@pytest.fixture(autouse=True)
def _isolated_cache(settings):
    """A cache key prefix of its own per test: rate-limit counters never leak between tests (or
    between test runs sharing one Redis)."""
    caches = copy.deepcopy(settings.CACHES)
    caches["default"]["KEY_PREFIX"] = f"test-{uuid.uuid4().hex[:12]}"
    settings.CACHES = caches


@pytest.fixture
def staff_user(db) -> User:
    return User.objects.create_user(username="sam", password="pw-sam-123", is_staff=True)


@pytest.fixture
def staff_client(staff_user) -> Client:
    client = Client()
    client.force_login(staff_user)
    return client


@pytest.fixture
def worker(transactional_db):
    """A real dramatiq worker (threads in this process) on the configured broker:
    the StubBroker locally, Redis in services mode."""
    from kserp.realtime.embedded_worker import import_actor_modules

    import_actor_modules()
    broker = dramatiq.get_broker()
    broker.flush_all()
    worker = dramatiq.Worker(broker, worker_threads=2, worker_timeout=100)
    worker.start()
    yield worker
    worker.stop()
