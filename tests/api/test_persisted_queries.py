"""Persisted queries: a registered document run by its SHA-256 (docs/partners.md)."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command
from django.test import Client as HttpClient

from kserp.api.core import persisted
from kserp.api.core.persisted import document_hash, persisted_query_register
from kserp.errors import ValidationFailed
from tests.security.helpers import issue

VIEWER = "query Me { viewer { username } }"


def _send(token: str, body: dict, **headers: str):
    return HttpClient().post(
        "/graphql",
        data=json.dumps(body),
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}", **headers},
    )


def _by_hash(sha256: str) -> dict:
    return {"extensions": {"persistedQuery": {"version": 1, "sha256Hash": sha256}}, "variables": {}}


def test_a_registered_document_runs_by_its_hash_without_parsing_again(staff_user, monkeypatch, tmp_path):
    path = tmp_path / "me.graphql"
    path.write_text(VIEWER)
    call_command("register_persisted_queries", str(path), stdout=open(tmp_path / "out.txt", "w"))  # noqa: SIM115
    sha256 = document_hash(VIEWER)
    assert (tmp_path / "out.txt").read_text() == f"{sha256}  {path}\n"
    token = issue(staff_user)
    assert _send(token, _by_hash(sha256)).json() == {"data": {"viewer": {"username": "sam"}}}

    def no_parsing(*args, **kwargs):
        raise AssertionError("parsed again")

    monkeypatch.setattr("strawberry.schema.schema.parse", no_parsing)
    monkeypatch.setattr("strawberry.schema.schema.validate_document", no_parsing)
    assert _send(token, _by_hash(sha256)).json() == {"data": {"viewer": {"username": "sam"}}}


def test_an_unknown_hash_or_a_hash_of_another_document_is_refused(staff_user):
    token = issue(staff_user)
    unknown = _send(token, _by_hash("0" * 64)).json()
    assert unknown == {
        "errors": [
            {
                "message": "PersistedQueryNotFound: no document is registered with this hash.",
                "extensions": {"code": "PERSISTED_QUERY_NOT_FOUND"},
            }
        ]
    }
    mismatch = _send(token, {**_by_hash(document_hash("{ viewer { roles } }")), "query": VIEWER}).json()
    assert mismatch["errors"][0]["extensions"] == {"code": "PERSISTED_QUERY_HASH_MISMATCH"}
    # The document with its own hash simply runs (registered or not).
    assert _send(token, {**_by_hash(document_hash(VIEWER)), "query": VIEWER}).json() == {
        "data": {"viewer": {"username": "sam"}}
    }


def test_only_valid_documents_are_registered(db):
    with pytest.raises(ValidationFailed) as refused:
        persisted_query_register(document="{ viewer { salary } }")
    assert [(e.code, e.field) for e in refused.value.errors] == [("INVALID", "document")]
    with pytest.raises(ValidationFailed):
        persisted_query_register(document="{ viewer ")


def test_token_scopes_still_apply_to_a_persisted_mutation(staff_user):
    document = 'mutation Ping { ping(message: "hi") { errors { code } } }'
    persisted_query_register(document=document)
    read_only = issue(staff_user, "read")
    for _ in range(2):  # the second time from the validation cache
        body = _send(read_only, _by_hash(document_hash(document))).json()
        assert body["errors"][0]["message"] == "This API token lacks the `write` scope."
    assert document in persisted._documents
