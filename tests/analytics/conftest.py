"""Fixtures of the analytics tests: callers with and without the confidential permission."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.test import Client as HttpClient

from kserp.identity.models import User
from kserp.identity.roles import roles_ensure
from tests.support.orders import make_client


def _signed_in(user: User) -> HttpClient:
    http = HttpClient()
    http.force_login(user)
    return http


def user_with_role(username: str, role: str | None) -> User:
    roles_ensure()
    user = User.objects.create_user(username=username, password=f"pw-{username}-123", is_staff=True)
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def finance_http(db) -> HttpClient:
    """A finance officer: may see margins, wages and oncosts."""
    return _signed_in(user_with_role("fiona", "finance"))


@pytest.fixture
def roleless_staff_http(db) -> HttpClient:
    """Staff without a role: signed in, but not allowed confidential figures."""
    return _signed_in(user_with_role("rolf", None))


@pytest.fixture
def portal_http(db) -> HttpClient:
    """ACME's portal user."""
    user = User.objects.create_user(username="acme.ap", password="pw-acme-123", client=make_client("ACME"))
    return _signed_in(user)
