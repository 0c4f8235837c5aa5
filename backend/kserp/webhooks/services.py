"""Webhook writes: emitting events (the public entry point for every domain), endpoints
(create, rotate the secret, disable, enable), deliveries (attempt, resend).

`event_emit(type=..., obj=...)` is called by a domain service inside its transaction: the event and
its deliveries are rows of that transaction (an outbox), so they exist exactly when the change
does, and the deliveries are queued on commit. Nothing is stored when no active endpoint
subscribes to the type. Delivery is at least once: a receiver deduplicates on the event id.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import time
import uuid
from collections.abc import Callable, Iterable, Sequence
from typing import Any
from urllib.parse import urlsplit

import httpx
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from strawberry.relay.utils import to_base64

from kserp.errors import ServiceError, ValidationFailed
from kserp.identity.audit import audit_record, instance_snapshot
from kserp.webhooks import signing
from kserp.webhooks.events import EVENT_TYPES
from kserp.webhooks.models import (
    DeliveryStatus,
    WebhookAttempt,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookEvent,
)

logger = logging.getLogger(__name__)

#: Seconds to wait after each failed attempt: 10 attempts over about a day (23.7 h).
DEFAULT_RETRY_SCHEDULE = (30, 120, 600, 1800, 3600, 7200, 14400, 28800, 28800)
#: A claimed delivery is left alone by other workers for this long (an attempt takes at most
#: the request timeout).
LEASE = dt.timedelta(seconds=60)
REQUEST_TIMEOUT_SECONDS = 10.0
SNAPSHOT_EXCLUDE = ("secret", "previous_secret")
LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})


def retry_schedule() -> Sequence[float]:
    return tuple(getattr(settings, "KSERP_WEBHOOK_RETRY_SCHEDULE", DEFAULT_RETRY_SCHEDULE))


# --- emitting ------------------------------------------------------------------------------------
def event_emit(
    *,
    type: str,
    obj: models.Model,
    client_id: int | None = None,
    entity_id: int | None = None,
    object_type: str | None = None,
    data: dict[str, Any] | None = None,
) -> WebhookEvent | None:
    """Report that `type` happened to `obj`, inside the caller's transaction. `client_id` and
    `entity_id` default to the object's own; `object_type` to its class name (the GraphQL type).
    Returns the event, or None when no active endpoint subscribes to `type`."""
    events = events_emit(
        type=type, objects=[obj], client_id=client_id, entity_id=entity_id, object_type=object_type, data=data
    )
    return events[0] if events else None


def events_emit(
    *,
    type: str,
    objects: Iterable[models.Model],
    client_id: int | None = None,
    entity_id: int | None = None,
    object_type: str | None = None,
    data: dict[str, Any] | None = None,
) -> list[WebhookEvent]:
    """`event_emit` for many objects of one kind at once (a billing run's invoices). `objects` may
    be a queryset: it is only read when an endpoint subscribes to `type`."""
    if type not in EVENT_TYPES:
        raise ValueError(f"unknown webhook event type {type!r}")
    endpoints = [e for e in WebhookEndpoint.objects.filter(is_active=True) if type in (e.event_types or [])]
    if not endpoints:
        return []
    objects = list(objects)
    if not objects:
        return []
    events = WebhookEvent.objects.bulk_create(
        WebhookEvent(
            uid=f"evt_{uuid.uuid4().hex}",
            type=type,
            object_type=object_type or obj.__class__.__name__,
            object_id=str(obj.pk),
            client_id=client_id if client_id is not None else getattr(obj, "client_id", None),
            entity_id=entity_id if entity_id is not None else getattr(obj, "entity_id", None),
            data=data or {},
        )
        for obj in objects
    )
    if not all(e.pk for e in events):  # backends without RETURNING: read the ids back
        by_uid = dict(WebhookEvent.objects.filter(uid__in=[e.uid for e in events]).values_list("uid", "pk"))
        for event in events:
            event.pk = by_uid[event.uid]
    now = timezone.now()
    deliveries = WebhookDelivery.objects.bulk_create(
        WebhookDelivery(
            event_id=event.pk,
            endpoint=endpoint,
            object_key=f"{event.object_type}:{event.object_id}",
            next_attempt_at=now,
        )
        for event in events
        for endpoint in endpoints
        if endpoint_receives(endpoint, event)
    )
    ids = [d.pk for d in deliveries] if all(d.pk for d in deliveries) else _delivery_ids(events)
    transaction.on_commit(lambda: _queue(ids))
    return events


def _delivery_ids(events: Sequence[WebhookEvent]) -> list[int]:
    return list(WebhookDelivery.objects.filter(event__in=[e.pk for e in events]).values_list("pk", flat=True))


def endpoint_receives(endpoint: WebhookEndpoint, event: WebhookEvent) -> bool:
    """Scopes, as for API tokens: a client-bound endpoint gets its client's client-visible events
    only; an entity-bound one its entity's only."""
    if event.type not in (endpoint.event_types or []):
        return False
    if endpoint.client_id is not None and (
        not EVENT_TYPES[event.type].client_visible or event.client_id != endpoint.client_id
    ):
        return False
    return endpoint.entity_id is None or event.entity_id == endpoint.entity_id


def _queue(delivery_ids: Sequence[int], delay_ms: int | None = None) -> None:
    from kserp.webhooks.actors import webhook_deliver

    for pk in delivery_ids:
        if delay_ms:
            webhook_deliver.send_with_options(args=(pk,), delay=delay_ms)
        else:
            webhook_deliver.send(pk)


def event_payload(event: WebhookEvent) -> dict[str, Any]:
    """The JSON body: the event's id, type and time and the object's global ID (the partner reads
    the rest through GraphQL with its token)."""
    return {
        "id": event.uid,
        "type": event.type,
        "createdAt": event.created_at.isoformat(),
        "data": {
            "object": {"type": event.object_type, "id": to_base64(event.object_type, event.object_id)},
            **event.data,
        },
    }


# --- delivering ----------------------------------------------------------------------------------
def webhook_delivery_attempt(*, delivery_id: int) -> WebhookDelivery | None:
    """One attempt of a delivery (the actor's body; safe to run twice or early: it does nothing
    unless the delivery is due, unclaimed, its endpoint active and no earlier delivery of the same
    object to the same endpoint is still pending)."""
    now = timezone.now()
    claimed = (
        WebhookDelivery.objects.filter(pk=delivery_id, status=DeliveryStatus.PENDING, next_attempt_at__lte=now)
        .filter(Q(locked_until__isnull=True) | Q(locked_until__lt=now))
        .update(locked_until=now + LEASE)
    )
    if not claimed:
        return None
    try:
        return _attempt_claimed(delivery_id, now)
    except BaseException:
        # An error of ours (not the receiver's answer, which is recorded): free the claim so the
        # actor's retry (or the requeue sweep) can attempt it again.
        WebhookDelivery.objects.filter(pk=delivery_id).update(locked_until=None)
        raise


def _attempt_claimed(delivery_id: int, now: dt.datetime) -> WebhookDelivery | None:
    delivery = WebhookDelivery.objects.select_related("event", "endpoint").get(pk=delivery_id)
    earlier = WebhookDelivery.objects.filter(
        endpoint_id=delivery.endpoint_id,
        object_key=delivery.object_key,
        status=DeliveryStatus.PENDING,
        event_id__lt=delivery.event_id,
    ).exists()
    if earlier or not delivery.endpoint.is_active:  # sent when the earlier one is done / on enable
        WebhookDelivery.objects.filter(pk=delivery_id).update(locked_until=None)
        return None
    status_code, error, excerpt, duration_ms = _post(delivery.endpoint, delivery.event)
    succeeded = status_code is not None and 200 <= status_code < 300
    with transaction.atomic():
        delivery = WebhookDelivery.objects.select_for_update().select_related("endpoint").get(pk=delivery_id)
        delivery.attempts += 1
        WebhookAttempt.objects.create(
            delivery=delivery,
            number=delivery.attempts,
            at=now,
            status_code=status_code,
            error=error[:500],
            response_excerpt=excerpt[:500],
            duration_ms=duration_ms,
        )
        delivery.last_status_code = status_code
        delivery.last_error = error[:500]
        delivery.locked_until = None
        schedule = retry_schedule()
        retry_in: float | None = None
        if succeeded:
            delivery.status = DeliveryStatus.SUCCEEDED
            delivery.succeeded_at = timezone.now()
        elif delivery.attempts > len(schedule):
            delivery.status = DeliveryStatus.FAILED
            webhook_endpoint_disable(
                endpoint=delivery.endpoint,
                reason=f"Every attempt of delivery {delivery.pk} failed over {_span(schedule)} (last: "
                f"{status_code or error}).",
            )
        else:
            retry_in = schedule[delivery.attempts - 1]
            delivery.next_attempt_at = timezone.now() + dt.timedelta(seconds=retry_in)
        delivery.save()
        if retry_in is not None:
            pk, delay = delivery.pk, max(1, int(retry_in * 1000))
            transaction.on_commit(lambda: _queue([pk], delay_ms=delay))
        else:
            _queue_next_of_object(delivery)
    return delivery


def _queue_next_of_object(delivery: WebhookDelivery) -> None:
    following = (
        WebhookDelivery.objects.filter(
            endpoint_id=delivery.endpoint_id, object_key=delivery.object_key, status=DeliveryStatus.PENDING
        )
        .order_by("event_id")
        .values_list("pk", flat=True)
        .first()
    )
    if following is not None:
        transaction.on_commit(lambda: _queue([following]))


def _span(schedule: Sequence[float]) -> str:
    hours = sum(schedule) / 3600
    return f"{hours:.1f} h" if hours >= 1 else f"{sum(schedule):.0f} s"


def _post(endpoint: WebhookEndpoint, event: WebhookEvent) -> tuple[int | None, str, str, int]:
    body = json.dumps(event_payload(event), separators=(",", ":")).encode()
    timestamp = int(time.time())
    secrets_ = [endpoint.secret]
    if endpoint.previous_secret and (
        endpoint.previous_secret_expires_at is None or endpoint.previous_secret_expires_at > timezone.now()
    ):
        secrets_.append(endpoint.previous_secret)
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "KS-ERP-Webhooks/1",
        signing.SIGNATURE_HEADER: signing.signature_header(secrets_, timestamp, body),
        signing.EVENT_ID_HEADER: event.uid,
        signing.EVENT_TYPE_HEADER: event.type,
    }
    started = time.monotonic()
    try:
        response = httpx.post(
            endpoint.url, content=body, headers=headers, timeout=REQUEST_TIMEOUT_SECONDS, follow_redirects=False
        )
    except httpx.HTTPError as exc:
        return None, f"{exc.__class__.__name__}: {exc}", "", int((time.monotonic() - started) * 1000)
    return response.status_code, "", response.text[:500], int((time.monotonic() - started) * 1000)


# --- endpoints -----------------------------------------------------------------------------------
def _validate_endpoint(*, name: str, url: str, event_types: Sequence[str]) -> list[ServiceError]:
    errors = []
    if not name.strip():
        errors.append(ServiceError("REQUIRED", "Give the endpoint a name.", "name"))
    parts = urlsplit(url)
    local_http = parts.scheme == "http" and (parts.hostname or "") in LOCAL_HOSTS
    if not parts.hostname or not (parts.scheme == "https" or local_http):
        errors.append(ServiceError("INVALID", "Give an https:// URL.", "url"))
    elif len(url) > 500:
        errors.append(ServiceError("INVALID", "At most 500 characters.", "url"))
    if not event_types:
        errors.append(ServiceError("REQUIRED", "Subscribe to at least one event type.", "eventTypes"))
    errors += [
        ServiceError("INVALID", f"Unknown event type {t!r}; use one of {', '.join(EVENT_TYPES)}.", f"eventTypes[{i}]")
        for i, t in enumerate(event_types)
        if t not in EVENT_TYPES
    ]
    return errors


@transaction.atomic
def webhook_endpoint_create(
    *,
    name: str,
    url: str,
    event_types: Sequence[str],
    client_id: int | None = None,
    entity_id: int | None = None,
    actor: Any = None,
) -> WebhookEndpoint:
    """A new active endpoint with a fresh secret (read it from `endpoint.secret` once, to give it
    to the partner)."""
    errors = _validate_endpoint(name=name, url=url, event_types=event_types)
    if errors:
        raise ValidationFailed(errors)
    endpoint = WebhookEndpoint.objects.create(
        name=name.strip()[:100],
        url=url,
        event_types=list(dict.fromkeys(event_types)),
        client_id=client_id,
        entity_id=entity_id,
        secret=signing.secret_new(),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit_record(
        actor=actor,
        action="webhook_endpoint.create",
        instance=endpoint,
        before=None,
        after=instance_snapshot(endpoint, exclude=SNAPSHOT_EXCLUDE),
    )
    return endpoint


def _endpoint_change(
    endpoint: WebhookEndpoint, *, action: str, actor: Any, change: Callable[[WebhookEndpoint], bool]
) -> WebhookEndpoint:
    """Lock the endpoint, apply `change` (False: nothing to do), save and audit it."""
    endpoint = WebhookEndpoint.objects.select_for_update().get(pk=endpoint.pk)
    before = instance_snapshot(endpoint, exclude=SNAPSHOT_EXCLUDE)
    if change(endpoint):
        endpoint.save()
        after = instance_snapshot(endpoint, exclude=SNAPSHOT_EXCLUDE)
        audit_record(actor=actor, action=action, instance=endpoint, before=before, after=after)
    return endpoint


@transaction.atomic
def webhook_endpoint_rotate_secret(
    *, endpoint: WebhookEndpoint, overlap: dt.timedelta = dt.timedelta(hours=24), actor: Any = None
) -> WebhookEndpoint:
    """A new secret; the old one keeps signing (as a second `v1`) for `overlap`, so the partner
    can switch without losing a delivery."""

    def rotate(e: WebhookEndpoint) -> bool:
        e.previous_secret = e.secret
        e.previous_secret_expires_at = timezone.now() + overlap
        e.secret = signing.secret_new()
        return True

    return _endpoint_change(endpoint, action="webhook_endpoint.rotate_secret", actor=actor, change=rotate)


@transaction.atomic
def webhook_endpoint_disable(*, endpoint: WebhookEndpoint, reason: str, actor: Any = None) -> WebhookEndpoint:
    """Stop delivering to `endpoint` (pending deliveries wait for `webhook_endpoint_enable`).
    Called by the delivery after persistent failure: then the admins are told by e-mail, and
    the audit trail records it either way."""

    def disable(e: WebhookEndpoint) -> bool:
        if not e.is_active:
            return False
        e.is_active = False
        e.disabled_at = timezone.now()
        e.disabled_reason = reason[:500]
        if actor is None:
            pk, name, url = e.pk, e.name, e.url
            transaction.on_commit(lambda: _notify_admins(pk, name, url, reason))
        return True

    return _endpoint_change(endpoint, action="webhook_endpoint.disable", actor=actor, change=disable)


def _notify_admins(pk: int, name: str, url: str, reason: str) -> None:
    logger.warning("webhook endpoint %s (%s) disabled: %s", pk, url, reason)
    recipients = list(
        get_user_model()
        .objects.filter(is_active=True, is_superuser=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    if recipients:
        try:
            send_mail(
                subject=f"KS-ERP: webhook endpoint {name} disabled",
                message=f"The webhook endpoint {name} ({url}) was disabled.\n\n{reason}\n\n"
                "Fix the receiver, then enable the endpoint and resend the failed deliveries.",
                from_email=None,
                recipient_list=recipients,
            )
        except Exception:  # the audit trail has it; a mail problem must not fail the worker
            logger.exception("mailing the admins about webhook endpoint %s failed", pk)


@transaction.atomic
def webhook_endpoint_enable(*, endpoint: WebhookEndpoint, actor: Any = None) -> WebhookEndpoint:
    """Deliver again; pending deliveries are queued at once."""

    def enable(e: WebhookEndpoint) -> bool:
        if e.is_active:
            return False
        e.is_active, e.disabled_at, e.disabled_reason = True, None, ""
        pending = e.deliveries.filter(status=DeliveryStatus.PENDING)
        pending.update(next_attempt_at=timezone.now(), locked_until=None)
        ids = list(pending.values_list("pk", flat=True))
        transaction.on_commit(lambda: _queue(ids))
        return True

    return _endpoint_change(endpoint, action="webhook_endpoint.enable", actor=actor, change=enable)


@transaction.atomic
def webhook_delivery_resend(*, delivery: WebhookDelivery, actor: Any = None) -> WebhookDelivery:
    """Send a delivery again (same event id), with a fresh series of retries."""
    delivery = WebhookDelivery.objects.select_for_update().select_related("endpoint").get(pk=delivery.pk)
    if not delivery.endpoint.is_active:
        raise ValidationFailed([ServiceError("ENDPOINT_DISABLED", "The endpoint is disabled: enable it first.", "id")])
    before = instance_snapshot(delivery)
    delivery.status = DeliveryStatus.PENDING
    delivery.attempts = 0
    delivery.next_attempt_at = timezone.now()
    delivery.locked_until = None
    delivery.succeeded_at = None
    delivery.save()
    after = instance_snapshot(delivery)
    audit_record(actor=actor, action="webhook_delivery.resend", instance=delivery, before=before, after=after)
    pk = delivery.pk
    transaction.on_commit(lambda: _queue([pk]))
    return delivery


def webhook_deliveries_requeue(*, now: dt.datetime | None = None) -> int:
    """Queue every due pending delivery of an active endpoint (after a broker outage lost
    messages): safe at any time, the attempt itself checks. Returns how many were queued."""
    now = now or timezone.now()
    ids = list(
        WebhookDelivery.objects.filter(
            status=DeliveryStatus.PENDING, endpoint__is_active=True, next_attempt_at__lte=now
        ).values_list("pk", flat=True)
    )
    _queue(ids)
    return len(ids)
