"""Webhooks for partners: endpoints (admin-configured), events (an outbox written in the same
transaction as the change they report), deliveries (one per event and endpoint) and the log of
their attempts. See docs/partners.md."""

from django.conf import settings
from django.db import models
from django.db.models import Q


class WebhookEndpoint(models.Model):
    """A partner's HTTPS URL receiving the events it subscribed to.

    Scoped like an API token: bound to one client it only receives that client's events (never
    payroll events); bound to one entity, only that entity's. Signed with `secret`, and during a
    rotation also with `previous_secret` until `previous_secret_expires_at`.
    """

    name = models.CharField(max_length=100)
    url = models.URLField(max_length=500)
    event_types = models.JSONField(default=list, help_text="Event types subscribed to, e.g. invoice.issued.")
    client = models.ForeignKey(
        "crm.Client", on_delete=models.CASCADE, null=True, blank=True, related_name="webhook_endpoints"
    )
    entity = models.ForeignKey(
        "base.Entity", on_delete=models.CASCADE, null=True, blank=True, related_name="webhook_endpoints"
    )
    secret = models.CharField(max_length=80, help_text="`whsec_...`: signs every delivery.")
    previous_secret = models.CharField(max_length=80, blank=True, default="")
    previous_secret_expires_at = models.DateTimeField(null=True, blank=True)
    is_active = models.BooleanField(default=True, db_index=True)
    disabled_at = models.DateTimeField(null=True, blank=True)
    disabled_reason = models.CharField(max_length=500, blank=True, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.url})"


class WebhookEvent(models.Model):
    """Something that happened, with a stable id (`evt_...`) that every delivery repeats. The
    object is named by its GraphQL type and primary key; `client_id`/`entity_id` scope it."""

    uid = models.CharField(max_length=40, unique=True)
    type = models.CharField(max_length=64, db_index=True)
    object_type = models.CharField(max_length=64)
    object_id = models.CharField(max_length=64)
    client_id = models.BigIntegerField(null=True, blank=True)
    entity_id = models.BigIntegerField(null=True, blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="webhooks_event_object_idx")]

    def __str__(self) -> str:
        return f"{self.uid} {self.type}"


class DeliveryStatus(models.TextChoices):
    PENDING = "PENDING", "Pending (queued or waiting to retry)"
    SUCCEEDED = "SUCCEEDED", "Succeeded (2xx)"
    FAILED = "FAILED", "Failed (every attempt)"


class WebhookDelivery(models.Model):
    """One event to one endpoint. Deliveries of one object to one endpoint go out in event order
    (`object_key`); a worker claims one by setting `locked_until`."""

    event = models.ForeignKey(WebhookEvent, on_delete=models.CASCADE, related_name="deliveries")
    endpoint = models.ForeignKey(WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries")
    object_key = models.CharField(max_length=140, help_text="`<type>:<id>` of the event's object.")
    status = models.CharField(max_length=16, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(db_index=True)
    locked_until = models.DateTimeField(null=True, blank=True)
    last_status_code = models.PositiveIntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True, default="")
    succeeded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["endpoint", "event"], name="webhooks_delivery_unique")]
        indexes = [
            models.Index(
                fields=["endpoint", "object_key", "event"],
                condition=Q(status="PENDING"),
                name="webhooks_delivery_pending_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event_id}->{self.endpoint_id} {self.status}"


class WebhookAttempt(models.Model):
    """One HTTP request of a delivery: what the partner answered (or why there was no answer)."""

    delivery = models.ForeignKey(WebhookDelivery, on_delete=models.CASCADE, related_name="attempt_log")
    number = models.PositiveIntegerField()
    at = models.DateTimeField()
    status_code = models.PositiveIntegerField(null=True, blank=True)
    error = models.CharField(max_length=500, blank=True, default="")
    response_excerpt = models.CharField(max_length=500, blank=True, default="")
    duration_ms = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["delivery", "number"]

    def __str__(self) -> str:
        return f"{self.delivery_id}#{self.number} {self.status_code or self.error}"
