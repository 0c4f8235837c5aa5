"""What /graphql does with hostile or odd request bodies: always GraphQL-shaped JSON, never a 500
(docs/security.md, "Request bodies")."""

from __future__ import annotations

import json

from django.test import Client

from kserp.api.core.http_input import MAX_JSON_DEPTH
from kserp.api.orders.mutations.timesheet_import import MAX_CSV_BYTES

VIEWER = '{"query": "{ viewer { username } }"}'


def _post(body: bytes | str, content_type: str = "application/json", client: Client | None = None, **headers: str):
    return (client or Client()).post("/graphql", data=body, content_type=content_type, headers=headers)


def _refusal(response) -> tuple[int, str, str]:
    assert response["Content-Type"].startswith("application/json")
    (error,) = response.json()["errors"]
    return response.status_code, error["extensions"]["code"], error["message"]


def test_a_body_that_is_not_utf8_is_a_400_in_json(db):
    response = _post(b'{"query": "{ viewer { username } }", "x": "\xff\xfe"}')
    assert _refusal(response) == (400, "BAD_REQUEST", "The request body is not UTF-8.")


def test_deeply_nested_json_variables_are_a_400_in_json(db):
    body = '{"query": "{ viewer { username } }", "variables": {"a": ' + "[" * 5000 + "]" * 5000 + "}}"
    response = _post(body)
    assert _refusal(response) == (400, "BAD_REQUEST", f"The JSON body nests deeper than {MAX_JSON_DEPTH} levels.")


def test_json_nested_just_past_the_limit_is_refused_and_at_the_limit_runs(db):
    def nested(levels: int) -> str:  # the body object itself is one level, `variables` a second
        inner = "[" * (levels - 2) + "]" * (levels - 2)
        return '{"query": "{ viewer { username } }", "variables": {"a": ' + inner + "}}"

    assert _post(nested(MAX_JSON_DEPTH)).json() == {"data": {"viewer": None}}
    assert _refusal(_post(nested(MAX_JSON_DEPTH + 1)))[:2] == (400, "BAD_REQUEST")


def test_nan_in_the_json_body_is_a_400_in_json(db):
    response = _post('{"query": "{ viewer { username } }", "variables": {"a": NaN}}')
    assert _refusal(response) == (400, "BAD_REQUEST", "Unable to parse request body as JSON: NaN is not a JSON number")


def test_a_body_that_is_not_json_is_a_400_in_json(db):
    assert _refusal(_post("not json"))[:2] == (400, "BAD_REQUEST")


def test_an_unsupported_content_type_is_answered_in_json(db):
    assert _refusal(_post("query=x", content_type="text/plain")) == (400, "BAD_REQUEST", "Unsupported content type")


def test_a_body_over_the_limit_is_a_413_in_json(db, settings):
    body = json.dumps({"query": "{ viewer { username } }", "x": "a" * (settings.KSERP_MAX_BODY_BYTES + 1)})
    assert _refusal(_post(body)) == (413, "BODY_TOO_LARGE", "The request body is over 12 MB.")


def test_django_accepts_every_body_the_api_accepts(settings):
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE == settings.KSERP_MAX_BODY_BYTES >= 2 * MAX_CSV_BYTES * 6 // 10


def test_a_timesheet_csv_over_10_mb_reaches_the_mutation_and_gets_its_field_error(staff_client):
    csv = "job_order,week_starting,date,hours\n" + "JO-1,2025-07-07,2025-07-07,8\n" * (MAX_CSV_BYTES // 28)
    csv += "x" * (MAX_CSV_BYTES + 1 - len(csv))
    query = "mutation($csv: String!) { importTimesheets(csv: $csv) { ok errors { field code } } }"
    response = _post(json.dumps({"query": query, "variables": {"csv": csv}}), client=staff_client)
    assert response.status_code == 200
    assert response.json() == {
        "data": {"importTimesheets": {"ok": False, "errors": [{"field": "csv", "code": "TOO_LARGE"}]}}
    }


def test_several_operations_without_operation_name_are_refused_and_nothing_runs(db):
    body = json.dumps({"query": "query A { viewer { username } } mutation B { logout { ok } }"})
    response = _post(body)
    assert response.status_code == 200
    (error,) = response.json()["errors"]
    assert response.json()["data"] is None
    assert error["extensions"]["code"] == "OPERATION_NAME_REQUIRED"


def test_several_operations_with_an_operation_name_run_that_one(db):
    body = json.dumps({"query": "query A { viewer { username } } query B { viewer { roles } }", "operationName": "A"})
    assert _post(body).json() == {"data": {"viewer": None}}


def test_graphql_response_json_is_answered_when_accepted(db):
    response = _post(VIEWER, Accept="application/graphql-response+json")
    assert (response.status_code, response["Content-Type"]) == (200, "application/graphql-response+json; charset=utf-8")
    assert response.json() == {"data": {"viewer": None}}


def test_graphql_response_json_request_errors_are_400_without_data(db):
    body = json.dumps({"query": "query A { viewer { username } } query B { viewer { roles } }"})
    response = _post(body, Accept="application/graphql-response+json, application/json;q=0.9")
    assert (response.status_code, response["Content-Type"]) == (400, "application/graphql-response+json; charset=utf-8")
    assert "data" not in response.json()
    assert response.json()["errors"][0]["extensions"]["code"] == "OPERATION_NAME_REQUIRED"


def test_application_json_stays_the_default(db):
    for accept in ({}, {"Accept": "*/*"}, {"Accept": "application/json"}):
        response = _post('{"query": "{ viewer { username"}', **accept)
        assert (response.status_code, response["Content-Type"]) == (200, "application/json")
