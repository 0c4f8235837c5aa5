"""Rate limits on /graphql (per token, user or IP) and the sign-in lockout."""

import json

from django.test import Client

from kserp.identity.models import ApiToken
from tests.security.helpers import issue, post
from tests.support.graphql import gql

VIEWER = "{ viewer { username } }"
LOGIN = """mutation($u: String!, $p: String!) {
  login(username: $u, password: $p) { viewer { username } errors { field code message } }
}"""


def test_anonymous_callers_get_429_past_the_limit_per_ip(db, settings):
    settings.KSERP_RATE_LIMITS = {**settings.KSERP_RATE_LIMITS, "graphql_anonymous": "3/60"}
    statuses = [post(VIEWER).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = post(VIEWER)
    assert response.json() == {"errors": [{"message": "Too many requests: at most 3 per 60 s. Retry later."}]}
    assert 1 <= int(response["Retry-After"]) <= 60
    # another address has its own window
    assert post(VIEWER, remote_addr="10.0.0.9").status_code == 200


def test_each_token_has_its_own_window(staff_user, settings):
    settings.KSERP_RATE_LIMITS = {**settings.KSERP_RATE_LIMITS, "graphql": "2/60", "graphql_anonymous": "100/60"}
    first, second = issue(staff_user), issue(staff_user)
    assert [post(VIEWER, token=first).status_code for _ in range(3)] == [200, 200, 429]
    assert post(VIEWER, token=second).status_code == 200
    assert post(VIEWER).status_code == 200  # anonymous callers are counted apart


def test_signed_in_users_are_limited_per_user(staff_client, settings):
    settings.KSERP_RATE_LIMITS = {**settings.KSERP_RATE_LIMITS, "graphql": "2/60"}
    send = lambda: staff_client.post(  # noqa: E731
        "/graphql", data=json.dumps({"query": VIEWER}), content_type="application/json"
    )
    assert [send().status_code for _ in range(3)] == [200, 200, 429]


def test_guessing_tokens_counts_against_the_address(staff_user, settings):
    settings.KSERP_RATE_LIMITS = {**settings.KSERP_RATE_LIMITS, "graphql_anonymous": "2/60"}
    assert [post(VIEWER, token=f"kse_{n:012d}_guess").status_code for n in range(3)] == [401, 401, 429]
    assert ApiToken.objects.count() == 0


def _login(client: Client, password: str, **extra: str) -> dict:
    client.get("/")
    return gql(client, LOGIN, {"u": "sam", "p": password}, X_CSRFToken=client.cookies["csrftoken"].value, **extra)


def test_sign_in_is_locked_after_repeated_failures_even_with_the_right_password(staff_user, settings):
    settings.KSERP_RATE_LIMITS = {**settings.KSERP_RATE_LIMITS, "login": "3/300"}
    client = Client(enforce_csrf_checks=True)
    codes = [_login(client, "wrong")["data"]["login"]["errors"][0]["code"] for _ in range(3)]
    assert codes == ["INVALID_CREDENTIALS"] * 3

    body = _login(client, "pw-sam-123")["data"]["login"]
    assert body["viewer"] is None
    [error] = body["errors"]
    assert (error["field"], error["code"]) == (None, "RATE_LIMITED")
    assert error["message"].startswith("Too many sign-in attempts. Try again in ")
    assert "sessionid" not in client.cookies


def test_a_successful_sign_in_does_not_count_towards_the_lockout(staff_user, settings):
    settings.KSERP_RATE_LIMITS = {**settings.KSERP_RATE_LIMITS, "login": "2/300"}
    client = Client(enforce_csrf_checks=True)
    for _ in range(3):
        assert _login(client, "pw-sam-123")["data"]["login"] == {"viewer": {"username": "sam"}, "errors": []}


def test_sign_in_attempts_are_limited_per_address_whatever_the_username(staff_user, settings):
    settings.KSERP_RATE_LIMITS = {**settings.KSERP_RATE_LIMITS, "login_ip": "2/300"}
    client = Client(enforce_csrf_checks=True)
    client.get("/")
    token = client.cookies["csrftoken"].value
    codes = [
        gql(client, LOGIN, {"u": name, "p": "x"}, X_CSRFToken=token)["data"]["login"]["errors"][0]["code"]
        for name in ("a", "b", "c")
    ]
    assert codes == ["INVALID_CREDENTIALS", "INVALID_CREDENTIALS", "RATE_LIMITED"]
