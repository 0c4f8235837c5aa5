"""Helpers of the access and security tests."""

from __future__ import annotations

import json
from typing import Any

from django.test import Client as HttpClient

from kserp.identity.models import User
from kserp.identity.tokens import api_token_issue


def issue(user: User, *scopes: str, **kwargs: Any) -> str:
    """A new token's value for `user` (scopes default to read)."""
    return api_token_issue(user=user, scopes=scopes or ("read",), **kwargs).value


def post(
    query: str, variables: dict | None = None, token: str | None = None, remote_addr: str = "127.0.0.1", **headers: str
):
    """POST /graphql with an optional bearer token, from `remote_addr`; returns the raw response."""
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    return HttpClient().post(
        "/graphql",
        data=json.dumps({"query": query, "variables": variables or {}}),
        content_type="application/json",
        headers=headers,
        REMOTE_ADDR=remote_addr,
    )
