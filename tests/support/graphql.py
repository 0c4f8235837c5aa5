"""Calling /graphql from tests through Django's test client."""

from __future__ import annotations

import json
from typing import Any

from django.test import Client


def gql(client: Client, query: str, variables: dict[str, Any] | None = None, **headers: str) -> dict[str, Any]:
    """POST a GraphQL operation; returns the decoded JSON body (asserting HTTP 200)."""
    response = client.post(
        "/graphql",
        data=json.dumps({"query": query, "variables": variables or {}}),
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 200, response.content
    return response.json()
