"""Shared fixtures. Tests run against the database in DATABASE_URL (PostgreSQL in CI, with
KSERP_REQUIRE_SERVICES=1) or a temporary SQLite database locally."""

from __future__ import annotations

import copy
import uuid

import dramatiq
import pytest
from django.contrib.auth.models import Permission
from django.test import Client

from kserp.identity.models import User
from kserp.identity.roles import Perm


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMBEDDED_WORKER = False
    settings.KSERP_JOB_WATCH = False  # no stale-job sweeps in the test workers (tests/orders/test_stale_runs.py)


@pytest.fixture(autouse=True)
def _isolated_cache(settings):
    """A cache key prefix of its own per test: rate-limit counters never leak between tests (or
    between test runs sharing one Redis)."""
    caches = copy.deepcopy(settings.CACHES)
    caches["default"]["KEY_PREFIX"] = f"test-{uuid.uuid4().hex[:12]}"
    settings.CACHES = caches


#: What `sam` may do: every working permission of the roles (confidential figures, agreements,
#: configuration, job orders, timesheets, billing, credits, payments), granted directly rather than
#: through a role group, so `viewer.roles` is empty and the admins-only audit trail and API token
#: management stay closed. Tests of refusals use users of their own (tests/security/).
STAFF_PERMISSIONS = (
    Perm.VIEW_CONFIDENTIAL,
    Perm.MANAGE_AGREEMENTS,
    Perm.IMPORT_CONFIGURATION,
    Perm.MANAGE_JOB_ORDERS,
    Perm.SUBMIT_TIMESHEET,
    Perm.APPROVE_TIMESHEET,
    Perm.RUN_BILLING,
    Perm.CREDIT_INVOICE,
    Perm.RECORD_PAYMENT,
)


@pytest.fixture
def staff_user(db) -> User:
    user = User.objects.create_user(username="sam", password="pw-sam-123", is_staff=True)
    codenames = [perm.split(".", 1)[1] for perm in STAFF_PERMISSIONS]
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="identity", codename__in=codenames))
    return User.objects.get(pk=user.pk)  # a fresh permission cache


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
