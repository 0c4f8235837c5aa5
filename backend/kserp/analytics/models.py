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


class PlacementWeek(models.Model):
    """One row per placement (job order) and timesheet week: its bill lines summed, kept exact by
    PostgreSQL triggers on the bill, invoice and credit-note lines (`kserp/analytics/summary.py`,
    docs/analytics.md, "The summaries"). Never written by Python; read by margins and
    the forecast instead of scanning bill lines. Not kept on SQLite (embedded mode reads the lines).

    `credits`: credit-note lines (ex GST) against the week's lines; `credited_*`: the credited
    lines' count and own figures (what `marginSummary` leaves out); `unbilled`: bill amount of lines not on
    an invoice yet; `lines`: how many bill lines (a row at 0 lines and 0 credits is deleted)."""

    job_order = models.ForeignKey(
        "orders.JobOrder", on_delete=models.DO_NOTHING, db_constraint=False, db_index=False, related_name="+"
    )
    week_ending = models.DateField()
    entity = models.ForeignKey(
        "base.Entity", on_delete=models.DO_NOTHING, db_constraint=False, db_index=False, related_name="+"
    )
    client = models.ForeignKey(
        "crm.Client", on_delete=models.DO_NOTHING, db_constraint=False, db_index=False, related_name="+"
    )
    lines = models.IntegerField(default=0)
    bill_amount = models.DecimalField(max_digits=18, decimal_places=2, default=0)
    wage = models.DecimalField(max_digits=18, decimal_places=2, default=0)
    oncost_total = models.DecimalField(max_digits=18, decimal_places=2, default=0)
    gross_margin = models.DecimalField(max_digits=18, decimal_places=2, default=0)
    hours = models.DecimalField(max_digits=18, decimal_places=4, default=0)
    unbilled = models.DecimalField(max_digits=18, decimal_places=2, default=0)
    credits = models.DecimalField(max_digits=18, decimal_places=2, default=0)
    credited_lines = models.IntegerField(default=0)
    credited_bill_amount = models.DecimalField(max_digits=18, decimal_places=2, default=0)
    credited_wage = models.DecimalField(max_digits=18, decimal_places=2, default=0)
    credited_oncost_total = models.DecimalField(max_digits=18, decimal_places=2, default=0)
    credited_gross_margin = models.DecimalField(max_digits=18, decimal_places=2, default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=("job_order", "week_ending"), name="analytics_placementweek_unique")
        ]
        indexes = [
            models.Index(fields=("week_ending", "entity"), name="analytics_pw_week_entity"),
            models.Index(fields=("entity", "client"), name="analytics_pw_unbilled", condition=~models.Q(unbilled=0)),
        ]

    def __str__(self) -> str:
        return f"{self.job_order_id} {self.week_ending}"


class ClientSummary(models.Model):
    """Per client, kept by the same triggers (`kserp/analytics/summary.py`): the bill amount of its
    approved lines not yet invoiced, and its payment history as `payment_behaviour` reads it: the
    amount its ACTIVE receipts applied to invoices, that amount weighted by days from issue (and
    past due, when late), and how many receipts applied something."""

    client = models.OneToOneField(
        "crm.Client", on_delete=models.DO_NOTHING, db_constraint=False, primary_key=True, related_name="+"
    )
    entity = models.ForeignKey("base.Entity", on_delete=models.DO_NOTHING, db_constraint=False, related_name="+")
    unbilled = models.DecimalField(max_digits=18, decimal_places=2, default=0)
    paid = models.DecimalField(max_digits=18, decimal_places=2, default=0)
    weighted_days = models.DecimalField(max_digits=30, decimal_places=2, default=0)
    weighted_late = models.DecimalField(max_digits=30, decimal_places=2, default=0)
    receipts = models.IntegerField(default=0)

    def __str__(self) -> str:
        return f"client {self.client_id}"
