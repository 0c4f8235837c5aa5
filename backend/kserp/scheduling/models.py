"""Models of the scheduling domain: the claim a scheduler stores before starting a cycle's run."""

from django.db import models


class ScheduledRun(models.Model):
    """One billing cycle period of an entity, claimed by the scheduler that starts its run. The
    unique key (entity, cycle, close day, period end) is what makes two schedulers start it once:
    the second insert fails and that scheduler moves on (docs/workspace.md)."""

    entity = models.ForeignKey("base.Entity", on_delete=models.PROTECT, related_name="scheduled_runs")
    cycle = models.CharField(max_length=16)
    close_day = models.PositiveSmallIntegerField()
    period_end = models.DateField()
    client_codes = models.JSONField(default=list)
    billing_run = models.OneToOneField(
        "billing.BillingRun", on_delete=models.PROTECT, null=True, blank=True, related_name="schedule"
    )
    claimed_by = models.CharField(max_length=100, blank=True, default="", help_text="host:pid of the scheduler.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-period_end", "entity_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["entity", "cycle", "close_day", "period_end"], name="scheduling_one_run_per_cycle_period"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.entity_id} {self.cycle}/{self.close_day} to {self.period_end}"
