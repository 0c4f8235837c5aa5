"""viewer, login, logout and the CSRF rule of /graphql."""

import json

from django.test import Client

from tests.support.graphql import gql

LOGIN = """mutation($u: String!, $p: String!) {
  login(username: $u, password: $p) { viewer { username roles isStaff } errors { field code message } }
}"""


def test_viewer_is_null_for_anonymous_callers(db):
    assert gql(Client(), "{ viewer { username } }") == {"data": {"viewer": None}}


def test_viewer_shows_the_signed_in_user_and_roles(staff_client, staff_user):
    from django.contrib.auth.models import Group

    staff_user.groups.add(Group.objects.create(name="finance"))
    body = gql(staff_client, "{ viewer { username roles isStaff client { code } } }")
    assert body == {"data": {"viewer": {"username": "sam", "roles": ["finance"], "isStaff": True, "client": None}}}


def _csrf_client() -> tuple[Client, str]:
    client = Client(enforce_csrf_checks=True)
    client.get("/")  # the SPA page sets the csrftoken cookie
    return client, client.cookies["csrftoken"].value


def test_login_with_csrf_token_starts_a_session(staff_user):
    client, token = _csrf_client()
    body = gql(client, LOGIN, {"u": "sam", "p": "pw-sam-123"}, X_CSRFToken=token)
    assert body["data"]["login"] == {"viewer": {"username": "sam", "roles": [], "isStaff": True}, "errors": []}
    assert gql(client, "{ viewer { username } }", X_CSRFToken=client.cookies["csrftoken"].value) == {
        "data": {"viewer": {"username": "sam"}}
    }


def test_login_with_a_wrong_password_names_the_field(staff_user):
    client, token = _csrf_client()
    body = gql(client, LOGIN, {"u": "sam", "p": "nope"}, X_CSRFToken=token)
    assert body["data"]["login"] == {
        "viewer": None,
        "errors": [{"field": "password", "code": "INVALID_CREDENTIALS", "message": "Wrong username or password."}],
    }
    assert "sessionid" not in client.cookies


def test_login_without_csrf_token_is_refused_and_no_session_starts(staff_user):
    client = Client(enforce_csrf_checks=True)  # no cookie, no token: a cross-site form post
    body = gql(client, LOGIN, {"u": "sam", "p": "pw-sam-123"})
    assert body["data"]["login"]["viewer"] is None
    assert body["data"]["login"]["errors"][0]["code"] == "CSRF"
    assert "sessionid" not in client.cookies


def test_session_cookie_request_without_csrf_header_is_rejected(staff_user):
    client, token = _csrf_client()
    gql(client, LOGIN, {"u": "sam", "p": "pw-sam-123"}, X_CSRFToken=token)
    response = client.post(
        "/graphql", data=json.dumps({"query": "mutation { logout { ok } }"}), content_type="application/json"
    )
    assert response.status_code == 403
    assert "CSRF" in response.json()["errors"][0]["message"]
    # the session survived: the forged logout did not run
    assert gql(client, "{ viewer { username } }", X_CSRFToken=client.cookies["csrftoken"].value)["data"]["viewer"]


def test_logout_ends_the_session(staff_user):
    client, token = _csrf_client()
    gql(client, LOGIN, {"u": "sam", "p": "pw-sam-123"}, X_CSRFToken=token)
    assert gql(client, "mutation { logout { ok errors { code } } }", X_CSRFToken=client.cookies["csrftoken"].value) == {
        "data": {"logout": {"ok": True, "errors": []}}
    }
    assert gql(client, "{ viewer { username } }", X_CSRFToken=client.cookies["csrftoken"].value) == {
        "data": {"viewer": None}
    }


def test_graphql_get_queries_are_refused(db):
    response = Client().get("/graphql", {"query": "{ viewer { username } }"})
    assert response.status_code in {400, 404, 405}
