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


def _deep_invoices(levels: int) -> str:
    """`invoices → edges → node → rebillOf → rebillOf …` (Invoice.rebillOf is the schema's cycle)."""
    inner = "number"
    for _ in range(levels):
        inner = f"rebillOf {{ {inner} }}"
    return f"{{ invoices(first: 1) {{ edges {{ node {{ {inner} }} }} }} }}"


def test_depth_20_is_rejected_before_any_resolver_runs(staff_client, django_assert_num_queries):
    query = _deep_invoices(17)  # invoices, edges, node + 17 levels = depth 20
    with django_assert_num_queries(2):  # the session and user lookups of the caller, nothing else
        body = gql(staff_client, query)
    assert body.get("data") is None
    assert [error["message"] for error in body["errors"]] == ["'anonymous' exceeds maximum operation depth of 12"]


def test_depth_through_fragments_is_counted(staff_client):
    fragment = "fragment Deep on Invoice { " + _deep_invoices(17).split("node { ", 1)[1].rsplit(" } } } }", 1)[0] + " }"
    body = gql(staff_client, "{ invoices(first: 1) { edges { node { ...Deep } } } } " + fragment)
    assert body.get("data") is None
    assert "exceeds maximum operation depth of 12" in body["errors"][0]["message"]


def test_a_query_within_the_depth_limit_runs(staff_client):
    body = gql(staff_client, _deep_invoices(8))  # depth 11
    assert body == {"data": {"invoices": {"edges": []}}}
