"""Operation limits apply before any resolver runs."""

from unittest import mock

from django.test import Client

import kserp.api.schema  # noqa: F401  (imported before any patching: modules bind viewer_for at import)
from kserp.api.core import limits
from tests.support.graphql import gql


def _viewer_calls(query: str) -> tuple[dict, int]:
    with mock.patch("kserp.api.identity.queries.viewer_for", return_value=None) as viewer_for:
        body = gql(Client(), query)
    return body, viewer_for.call_count


def test_a_normal_query_runs_its_resolver(db):
    body, calls = _viewer_calls("{ viewer { username } }")
    assert body == {"data": {"viewer": None}}
    assert calls == 1


def test_600_aliases_are_rejected_before_any_resolver_runs(db):
    query = "{ " + " ".join(f"a{i}: viewer {{ username }}" for i in range(600)) + " }"
    body, calls = _viewer_calls(query)
    assert calls == 0
    assert body.get("data") is None
    assert "aliases" in body["errors"][0]["message"].lower()


def test_aliases_hidden_in_fragments_are_counted(db):
    fragment = "fragment F on Query { " + " ".join(f"b{i}: viewer {{ username }}" for i in range(60)) + " }"
    body, calls = _viewer_calls("{ ...F } " + fragment)
    assert calls == 0
    assert "aliases" in body["errors"][0]["message"].lower()


def test_100000_tokens_are_rejected_before_any_resolver_runs(db):
    query = "{ viewer { " + " ".join(["username"] * 100_000) + " } }"
    body, calls = _viewer_calls(query)
    assert calls == 0
    assert body.get("data") is None
    assert "token" in body["errors"][0]["message"].lower()


def test_limits_are_the_documented_numbers():
    assert (limits.MAX_DEPTH, limits.MAX_ALIASES, limits.MAX_TOKENS) == (12, 50, 5_000)


def test_introspection_is_refused_to_non_staff_in_production(db, settings):
    settings.PRODUCTION = True
    body = gql(Client(), "{ __schema { queryType { name } } }")
    assert body.get("data") is None
    assert "introspection" in body["errors"][0]["message"].lower()


def test_introspection_is_allowed_to_staff_in_production(staff_client, settings):
    settings.PRODUCTION = True
    assert gql(staff_client, "{ __schema { queryType { name } } }") == {
        "data": {"__schema": {"queryType": {"name": "Query"}}}
    }


def test_unexpected_errors_are_masked_in_production(db, settings):
    settings.PRODUCTION = True
    with mock.patch("kserp.api.identity.queries.viewer_for", side_effect=RuntimeError("secret detail")):
        body = gql(Client(), "{ viewer { username } }")
    assert body["errors"][0]["message"] == "Unexpected error."
    assert "secret" not in str(body)


def test_unexpected_errors_are_shown_outside_production(db, settings):
    settings.PRODUCTION = False
    with mock.patch("kserp.api.identity.queries.viewer_for", side_effect=RuntimeError("detail")):
        body = gql(Client(), "{ viewer { username } }")
    assert body["errors"][0]["message"] == "detail"
