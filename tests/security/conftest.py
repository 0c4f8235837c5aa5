"""Fixtures for the access and security tests: a client, a portal user, tokens."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kserp.base.models import Entity
from kserp.crm.models import Client
from kserp.identity.models import User


@pytest.fixture
def entity(db) -> Entity:
    return Entity.objects.create(
        code="AU1", name="KS Staffing Pty Ltd", country="AU", brand="KS", currency="AUD",
        tax_rate=Decimal("10.0000"), invoice_prefix="AU-",
    )  # fmt: skip


@pytest.fixture
def acme(entity) -> Client:
    return Client.objects.create(code="ACME", name="Acme Mining", entity=entity)


@pytest.fixture
def portal_user(acme) -> User:
    return User.objects.create_user(username="acme.ap", password="pw-acme-123", client=acme)
