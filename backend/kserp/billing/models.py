"""Models of the billing domain: billing runs."""

from django.conf import settings
from django.db import models

from kserp.base.models import LongJobFields


class BillingRunStatus(models.TextChoices):
    QUEUED = "QUEUED"
    RUNNING = "RUNNING"
    COMPLETED = "COMPLETED"
    FAILED = "FAILED"


class BillingRun(LongJobFields):
    """Invoices every approved, unbilled bill line of an entity up to `period_end` (optionally of
    some clients), in a dramatiq actor, in chunks (docs/billing.md)."""

    entity = models.ForeignKey("base.Entity", on_delete=models.PROTECT, related_name="billing_runs")
    period_end = models.DateField()
    issue_date = models.DateField()
    client_codes = models.JSONField(default=list, blank=True, help_text="Empty: every client.")
    status = models.CharField(
        max_length=16, choices=BillingRunStatus.choices, default=BillingRunStatus.QUEUED, db_index=True
    )
    progress = models.FloatField(default=0.0)
    planned_lines = models.PositiveIntegerField(default=0)
    line_count = models.PositiveIntegerField(default=0)
    invoice_count = models.PositiveIntegerField(default=0)
    total = models.DecimalField(max_digits=18, decimal_places=2, default=0)
    attempts = models.PositiveIntegerField(default=0)
    failure_reason = models.TextField(blank=True, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True, help_text="When it last changed (partner sync).")
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "orders_billingrun"  # moved from orders without moving data
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"billing run {self.pk} ({self.status})"
