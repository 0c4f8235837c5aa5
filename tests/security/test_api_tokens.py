"""Partner API tokens: issue (command), bearer authentication on /graphql, scopes, revocation."""

import datetime as dt
import hashlib
import io
from unittest import mock

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from kserp.identity.models import ApiToken, AuditEvent, User
from kserp.identity.tokens import api_token_authenticate, api_token_issue, api_token_revoke
from tests.security.helpers import issue, post

VIEWER = "{ viewer { username isStaff client { code } } }"
PING = 'mutation { ping(message: "hi") { ok errors { code message } } }'


def _issue_command(*args: str) -> list[str]:
    out = io.StringIO()
    call_command("issue_api_token", *args, stdout=out)
    return out.getvalue().splitlines()


def test_issue_api_token_prints_the_token_alone_on_its_last_line_and_stores_only_its_hash(staff_user):
    lines = _issue_command("--username", "sam", "--scopes", "read", "write", "--name", "payroll export")

    value = lines[-1]
    assert value.startswith("kse_") and " " not in value
    _, prefix, secret = value.split("_", 2)
    token = ApiToken.objects.get()
    assert (token.prefix, token.name, token.scopes, token.user) == (
        prefix,
        "payroll export",
        ["read", "write"],
        staff_user,
    )
    assert token.secret_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in str(ApiToken.objects.values().get())
    assert token.expires_at is None and token.client is None and token.revoked_at is None


def test_issue_api_token_with_an_expiry_and_a_client(staff_user, acme):
    before = timezone.now()
    _issue_command("--username", "sam", "--client", "ACME", "--expires-days", "30")
    token = ApiToken.objects.get()
    assert token.client == acme
    assert token.scopes == ["read"]
    assert before + dt.timedelta(days=30) <= token.expires_at <= timezone.now() + dt.timedelta(days=30)


def test_a_portal_users_token_is_bound_to_the_users_client(portal_user, acme):
    _issue_command("--username", "acme.ap")
    assert ApiToken.objects.get().client == acme


def test_a_portal_users_token_cannot_be_bound_to_another_client(portal_user, entity):
    from kserp.crm.models import Client

    Client.objects.create(code="OTHER", name="Other", entity=entity)
    with pytest.raises(CommandError, match="bound to the user's own client"):
        _issue_command("--username", "acme.ap", "--client", "OTHER")
    assert ApiToken.objects.count() == 0


def test_issue_api_token_refuses_an_unknown_user(db):
    with pytest.raises(CommandError, match="No user 'nobody'"):
        _issue_command("--username", "nobody")


def test_issuing_and_revoking_are_audited(staff_user):
    issued = api_token_issue(user=staff_user, scopes=["read", "write"], name="n8n")
    api_token_revoke(token=issued.token, actor=staff_user)

    issue_event, revoke_event = AuditEvent.objects.order_by("id")
    assert (issue_event.action, issue_event.object_type, issue_event.object_id, issue_event.actor) == (
        "api_token.issue", "identity.apitoken", str(issued.token.pk), None,
    )  # fmt: skip
    assert issue_event.before is None
    assert issue_event.after["scopes"] == ["read", "write"]
    assert issue_event.after["name"] == "n8n"
    assert "secret_hash" not in issue_event.after
    assert (revoke_event.action, revoke_event.actor, revoke_event.actor_username) == (
        "api_token.revoke",
        staff_user,
        "sam",
    )
    assert revoke_event.before["revoked_at"] is None
    assert revoke_event.after["revoked_at"] == issued.token.__class__.objects.get().revoked_at.isoformat()


def test_revoke_api_token_command_revokes_by_prefix(staff_user):
    value = issue(staff_user)
    prefix = value.split("_")[1]
    out = io.StringIO()
    call_command("revoke_api_token", prefix, stdout=out)
    assert ApiToken.objects.get().revoked_at is not None
    assert out.getvalue().startswith(f"Token {prefix} of sam revoked at ")
    assert post(VIEWER, token=value).status_code == 401


def test_a_valid_bearer_token_signs_the_request_in_as_its_user(staff_user):
    value = issue(staff_user)
    response = post(VIEWER, token=value)
    assert response.status_code == 200
    assert response.json() == {"data": {"viewer": {"username": "sam", "isStaff": True, "client": None}}}


def test_a_portal_token_shows_the_client_on_the_viewer(portal_user):
    response = post(VIEWER, token=issue(portal_user))
    assert response.json() == {
        "data": {"viewer": {"username": "acme.ap", "isStaff": False, "client": {"code": "ACME"}}}
    }


def test_using_a_token_sets_last_used_at_at_most_once_a_minute(staff_user):
    value = issue(staff_user)
    assert ApiToken.objects.get().last_used_at is None
    post(VIEWER, token=value)
    first = ApiToken.objects.get().last_used_at
    assert first is not None and timezone.now() - first < dt.timedelta(seconds=10)

    post(VIEWER, token=value)
    assert ApiToken.objects.get().last_used_at == first  # not rewritten within the minute

    later = first + dt.timedelta(minutes=2)  # the row may be cached: move the clock, not the row
    with mock.patch("kserp.identity.tokens.timezone.now", return_value=later):
        post(VIEWER, token=value)
    assert ApiToken.objects.get().last_used_at == later


def test_a_token_is_read_once_then_served_from_the_cache(staff_user, django_assert_num_queries):
    value = issue(staff_user)
    assert api_token_authenticate(value).user == staff_user  # reads the row, marks it used
    with django_assert_num_queries(0):
        assert api_token_authenticate(value).user == staff_user
        assert api_token_authenticate(value[:-4] + "AAAA") is None  # the cache never skips the secret check


def test_revoking_a_cached_token_refuses_it_at_once(staff_user):
    value = issue(staff_user)
    assert api_token_authenticate(value) is not None
    api_token_revoke(token=ApiToken.objects.get())
    assert api_token_authenticate(value) is None
    assert post(VIEWER, token=value).status_code == 401


def test_deactivating_a_cached_tokens_user_refuses_it_at_once(staff_user):
    value = issue(staff_user)
    assert api_token_authenticate(value) is not None
    staff_user.is_active = False
    staff_user.save()
    assert api_token_authenticate(value) is None


def _expired(user: User) -> str:
    value = issue(user)
    ApiToken.objects.filter(user=user).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    return value


def _revoked(user: User) -> str:
    value = issue(user)
    api_token_revoke(token=ApiToken.objects.get(user=user))
    return value


def _wrong_secret(user: User) -> str:
    return issue(user)[:-4] + "AAAA"


def _inactive_user(user: User) -> str:
    value = issue(user)
    User.objects.filter(pk=user.pk).update(is_active=False)
    return value


@pytest.mark.parametrize(
    "make_token",
    [
        pytest.param(_expired, id="expired"),
        pytest.param(_revoked, id="revoked"),
        pytest.param(_wrong_secret, id="wrong-secret"),
        pytest.param(_inactive_user, id="inactive-user"),
        pytest.param(lambda user: "kse_000000000000_nope", id="unknown-prefix"),
        pytest.param(lambda user: "not-a-token", id="malformed"),
    ],
)
def test_a_bad_bearer_token_gets_401_and_nothing_runs(staff_user, make_token, django_capture_on_commit_callbacks):
    value = make_token(staff_user)
    with django_capture_on_commit_callbacks() as callbacks:
        response = post(PING, token=value)
    assert response.status_code == 401
    assert response.json() == {
        "errors": [{"message": "Invalid, expired or revoked API token (use `Authorization: Bearer <token>`)."}]
    }
    assert response["WWW-Authenticate"] == 'Bearer realm="kserp"'
    assert callbacks == []


def test_another_authorization_scheme_gets_401(staff_user):
    response = post(VIEWER, Authorization="Basic c2FtOnB3LXNhbS0xMjM=")
    assert response.status_code == 401


def test_a_bearer_token_wins_over_a_session_and_needs_no_csrf_token(staff_client, portal_user):
    value = issue(portal_user)
    response = staff_client.post(
        "/graphql",
        data='{"query": "{ viewer { username } }"}',
        content_type="application/json",
        headers={"Authorization": f"Bearer {value}"},
    )
    assert response.status_code == 200
    assert response.json() == {"data": {"viewer": {"username": "acme.ap"}}}


def test_a_read_only_token_cannot_run_mutations(staff_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        response = post(PING, token=issue(staff_user, "read"))
    assert response.status_code == 200
    body = response.json()
    assert body["data"] is None
    assert [(e["message"], e["extensions"]) for e in body["errors"]] == [
        ("This API token lacks the `write` scope.", {"code": "FORBIDDEN"})
    ]
    assert callbacks == []


def test_a_write_token_runs_mutations(staff_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        response = post(PING, token=issue(staff_user, "read", "write"))
    assert response.json() == {"data": {"ping": {"ok": True, "errors": []}}}
    assert len(callbacks) == 1


def test_a_write_only_token_cannot_query(staff_user):
    body = post(VIEWER, token=issue(staff_user, "write")).json()
    assert body["data"] is None
    assert [e["message"] for e in body["errors"]] == ["This API token lacks the `read` scope."]


def test_authenticate_accepts_only_the_exact_token(staff_user):
    value = issue(staff_user)
    assert api_token_authenticate(value).user == staff_user
    assert api_token_authenticate(value + "x") is None
    assert api_token_authenticate("") is None
