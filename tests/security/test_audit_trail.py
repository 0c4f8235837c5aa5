"""The audit trail: snapshots, audit_record with the request's token, id and IP, and the
admins-only `auditEvents` connection."""

import datetime as dt
import json
from decimal import Decimal

from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import Client as HttpClient
from strawberry import relay

from kserp.identity.audit import audit_context, audit_record, instance_snapshot
from kserp.identity.models import AuditEvent, User
from tests.security.helpers import issue, post
from tests.support.graphql import gql

EVENTS = """query($f: AuditEventFilter) {
  auditEvents(first: 10, filters: $f) { totalCount edges { node { action objectType objectId actorUsername } } }
}"""


def test_snapshots_are_json_safe_and_leave_secrets_out(entity):
    snapshot = instance_snapshot(entity)
    assert snapshot == {
        "id": entity.pk, "code": "AU1", "name": "KS Staffing Pty Ltd", "country": "AU", "brand": "KS",
        "currency": "AUD", "tax_rate": "10.0000", "invoice_prefix": "AU-", "group_currency_rate": "1",
        "abn": "", "bank_bsb": "", "bank_account": "", "bank_account_name": "", "bank_mnemonic": "", "apca_id": "",
        "books_start": None,
    }  # fmt: skip
    user = User.objects.create_user(username="u", password="x")
    assert "password" not in instance_snapshot(user)
    assert json.loads(json.dumps(instance_snapshot(user)))["username"] == "u"


def test_audit_record_stores_before_after_and_the_request_context(entity, staff_user):
    before = instance_snapshot(entity)
    entity.tax_rate = Decimal("15.0000")
    entity.save()
    with audit_context(api_token=None, request_id="req-1", ip="10.1.2.3"):
        event = audit_record(
            actor=staff_user, action="entity.change", instance=entity, before=before,
            after={**instance_snapshot(entity), "checked_on": dt.date(2026, 1, 5)},
        )  # fmt: skip
    event.refresh_from_db()
    assert (event.actor, event.actor_username, event.object_type, event.object_id, event.object_repr) == (
        staff_user, "sam", "finance.entity", str(entity.pk), "AU1",
    )  # fmt: skip
    assert (event.before["tax_rate"], event.after["tax_rate"], event.after["checked_on"]) == (
        "10.0000",
        "15.0000",
        "2026-01-05",
    )
    assert (event.request_id, event.ip, event.api_token) == ("req-1", "10.1.2.3", None)


def test_events_written_during_a_token_request_name_the_token(staff_user, monkeypatch):
    from kserp.api.realtime.mutations import ping as ping_module

    def ping_and_audit(*, message):
        audit_record(actor=staff_user, action="ping.send", instance=staff_user, before=None, after={})

    monkeypatch.setattr(ping_module, "ping_request", ping_and_audit)
    value = issue(staff_user, "read", "write")
    response = post('mutation { ping(message: "x") { ok } }', token=value, X_Request_ID="abc-123")
    assert response["X-Request-ID"] == "abc-123"
    event = AuditEvent.objects.get(action="ping.send")
    assert (event.request_id, event.ip, event.api_token.prefix) == ("abc-123", "127.0.0.1", value.split("_")[1])


def _admin_client() -> HttpClient:
    call_command("ensure_roles", verbosity=0)
    admin = User.objects.create_user(username="ada", password="x", is_staff=True)
    admin.groups.add(Group.objects.get(name="admin"))
    client = HttpClient()
    client.force_login(admin)
    return client


def test_admins_read_the_audit_trail_with_filters(staff_user):
    issue(staff_user)
    issue(staff_user)
    client = _admin_client()
    body = gql(client, EVENTS)
    assert body["data"]["auditEvents"]["totalCount"] == 2
    assert [e["node"]["action"] for e in body["data"]["auditEvents"]["edges"]] == ["api_token.issue"] * 2

    token_id = str(AuditEvent.objects.order_by("id").first().object_id)
    body = gql(client, EVENTS, {"f": {"objectType": "identity.apitoken", "objectId": token_id}})
    assert body["data"]["auditEvents"] == {
        "totalCount": 1,
        "edges": [{"node": {"action": "api_token.issue", "objectType": "identity.apitoken", "objectId": token_id,
                            "actorUsername": ""}}],
    }  # fmt: skip
    assert gql(client, EVENTS, {"f": {"actor": "sam"}})["data"]["auditEvents"]["totalCount"] == 0


def test_the_audit_trail_is_refused_to_other_staff_with_an_error(staff_client, staff_user):
    issue(staff_user)
    body = gql(staff_client, EVENTS)
    assert body["data"] is None
    assert [(e["message"], e["extensions"]) for e in body["errors"]] == [
        ("Only admins may read the audit trail.", {"code": "FORBIDDEN"})
    ]


def test_audit_events_are_not_reachable_through_node_without_the_permission(staff_client, staff_user):
    issue(staff_user)
    node_id = str(relay.GlobalID("AuditEvent", str(AuditEvent.objects.get().pk)))
    query = "query($id: ID!) { node(id: $id) { ... on AuditEvent { action } } }"
    assert gql(staff_client, query, {"id": node_id}) == {"data": {"node": None}}
    assert gql(_admin_client(), query, {"id": node_id}) == {"data": {"node": {"action": "api_token.issue"}}}
