"""Models of the analytics domain: overhead allocation rules and the late-payer policy (both written
by the configuration document, docs/configuration.md `overheads:` and `late_payers:`), and in-app
notifications (a client turning late)."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class OverheadPeriod(models.TextChoices):
    WEEK = "WEEK", "Week"
    MONTH = "MONTH", "Month"
    QUARTER = "QUARTER", "Quarter"


class OverheadBasis(models.TextChoices):
    HOURS = "HOURS", "Hours billed"
    REVENUE = "REVENUE", "Revenue"
    HEADCOUNT = "HEADCOUNT", "Headcount (placements)"


class OverheadRule(models.Model):
    """A fixed amount per period, spread over the placements in scope (an entity, a division of it,
    or everything) by hours, revenue or headcount (docs/analytics.md, "Overhead")."""

    code = models.CharField(max_length=32, unique=True)
    name = models.CharField(max_length=200)
    entity = models.ForeignKey("base.Entity", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    division = models.CharField(max_length=100, blank=True, default="")
    amount = models.DecimalField(max_digits=16, decimal_places=2)
    period = models.CharField(max_length=8, choices=OverheadPeriod.choices)
    basis = models.CharField(max_length=10, choices=OverheadBasis.choices)
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ("code",)

    def __str__(self) -> str:
        return self.code


class LatePayerPolicy(models.Model):
    """One row (pk 1): a client is late when its recent days to pay exceed its terms by more than
    `drift_days`; `recent_receipts` receipts count as recent."""

    drift_days = models.PositiveIntegerField(default=7)
    recent_receipts = models.PositiveIntegerField(default=5)
    email_account_manager = models.BooleanField(default=False)

    DEFAULT_DRIFT = 7
    DEFAULT_RECENT = 5

    def __str__(self) -> str:
        return f"drift {self.drift_days} d over {self.recent_receipts} receipts"


class NotificationKind(models.TextChoices):
    LATE_PAYER = "LATE_PAYER", "Client paying late"


class Notification(models.Model):
    """An in-app message to one staff user; `key` makes sending twice harmless."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=16, choices=NotificationKind.choices)
    key = models.CharField(max_length=100)
    client = models.ForeignKey("crm.Client", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    message = models.CharField(max_length=500)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-created_at", "-id")
        constraints = [models.UniqueConstraint(fields=("user", "kind", "key"), name="analytics_notification_once")]

    def __str__(self) -> str:
        return self.message
