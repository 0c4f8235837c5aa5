"""Webhook administration through GraphQL (admins only)."""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import Client as HttpClient

from kserp.identity.models import AuditEvent, User
from kserp.webhooks import signing
from kserp.webhooks.models import DeliveryStatus, WebhookDelivery, WebhookEndpoint
from kserp.webhooks.services import event_emit, webhook_delivery_attempt
from tests.support.graphql import gql
from tests.support.orders import make_client
from tests.support.webhooks import webhook_receiver

CREATE = """mutation($input: CreateWebhookEndpointInput!) {
  createWebhookEndpoint(input: $input) {
    endpoint { id name url eventTypes clientCode entityCode isActive } secret errors { field code message }
  }
}"""
DELIVERIES = """{ webhookDeliveries(first: 10) { totalCount edges { node {
  id eventId eventType status attempts lastStatusCode endpoint { name } attemptLog { number statusCode } } } } }"""


def _session(username: str, *roles: str) -> HttpClient:
    call_command("ensure_roles", verbosity=0)
    user = User.objects.create_user(username=username, password="x", is_staff=True)
    user.groups.add(*Group.objects.filter(name__in=roles))
    client = HttpClient()
    client.force_login(user)
    return client


def test_an_admin_adds_an_endpoint_reads_the_log_rotates_and_resends(db):
    admin = _session("ada", "admin")
    make_client("ACME")
    with webhook_receiver() as receiver:
        created = gql(
            admin,
            CREATE,
            {"input": {"name": "ACME AP", "url": receiver.url, "eventTypes": ["invoice.paid"], "client": "ACME"}},
        )["data"]["createWebhookEndpoint"]
        assert created["errors"] == []
        assert created["endpoint"] == {
            "id": created["endpoint"]["id"],
            "name": "ACME AP",
            "url": receiver.url,
            "eventTypes": ["invoice.paid"],
            "clientCode": "ACME",
            "entityCode": None,
            "isActive": True,
        }
        endpoint = WebhookEndpoint.objects.get()
        assert created["secret"] == endpoint.secret and endpoint.secret.startswith("whsec_")
        assert "whsec_" not in str(AuditEvent.objects.get(action="webhook_endpoint.create").after)

        event_emit(type="invoice.paid", obj=endpoint.client, client_id=endpoint.client_id)  # any object will do
        delivery = WebhookDelivery.objects.get()
        receiver.answer = lambda before, event: 500 if not before else 200
        webhook_delivery_attempt(delivery_id=delivery.pk)
        log = gql(admin, DELIVERIES)["data"]["webhookDeliveries"]
        assert log["totalCount"] == 1
        node = log["edges"][0]["node"]
        assert (node["eventType"], node["status"], node["attempts"], node["lastStatusCode"]) == (
            "invoice.paid",
            "PENDING",
            1,
            500,
        )
        assert node["attemptLog"] == [{"number": 1, "statusCode": 500}]

        rotated = gql(
            admin,
            "mutation($id: ID!) { rotateWebhookSecret(id: $id) { secret errors { code } } }",
            {"id": created["endpoint"]["id"]},
        )["data"]["rotateWebhookSecret"]
        assert rotated["errors"] == [] and rotated["secret"] != created["secret"]

        resent = gql(
            admin,
            "mutation($id: ID!) { resendWebhookDelivery(id: $id) { delivery { status attempts } errors { code } } }",
            {"id": node["id"]},
        )["data"]["resendWebhookDelivery"]
        assert resent == {"delivery": {"status": "PENDING", "attempts": 0}, "errors": []}
        webhook_delivery_attempt(delivery_id=delivery.pk)
        assert WebhookDelivery.objects.get().status == DeliveryStatus.SUCCEEDED
        last = receiver.requests[-1]
        assert signing.signature_verify(rotated["secret"], last.headers[signing.SIGNATURE_HEADER], last.body)
        assert signing.signature_verify(created["secret"], last.headers[signing.SIGNATURE_HEADER], last.body)


def test_bad_input_names_the_field_and_stores_nothing(db):
    admin = _session("ada", "admin")
    body = gql(
        admin,
        CREATE,
        {"input": {"name": "X", "url": "http://partner.example/h", "eventTypes": ["invoice.issued", "nope"]}},
    )["data"]["createWebhookEndpoint"]
    assert body["endpoint"] is None and body["secret"] is None
    assert [(e["field"], e["code"]) for e in body["errors"]] == [("url", "INVALID"), ("eventTypes[1]", "INVALID")]
    assert WebhookEndpoint.objects.count() == 0


def test_finance_staff_cannot_manage_webhooks(db):
    finance = _session("fin", "finance")
    body = gql(
        finance, CREATE, {"input": {"name": "X", "url": "https://partner.example/h", "eventTypes": ["invoice.issued"]}}
    )["data"]["createWebhookEndpoint"]
    assert body["errors"][0]["code"] == "FORBIDDEN"
    assert WebhookEndpoint.objects.count() == 0
    assert gql(finance, DELIVERIES).get("data") is None
