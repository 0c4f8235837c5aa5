"""Models of the payroll domain: pay schedules, withholding tables, pay runs and their payments."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q

from kserp.base.models import LongJobFields


def money(**kwargs: Any) -> models.DecimalField:
    return models.DecimalField(max_digits=16, decimal_places=2, **kwargs)


class PayFrequency(models.TextChoices):
    WEEKLY = "WEEKLY"
    FORTNIGHTLY = "FORTNIGHTLY"


class PaySchedule(models.Model):
    """How often an entity pays, and the pay date relative to the period end."""

    entity = models.OneToOneField("base.Entity", on_delete=models.CASCADE, related_name="pay_schedule")
    frequency = models.CharField(max_length=16, choices=PayFrequency.choices, default=PayFrequency.WEEKLY)
    pay_day_offset_days = models.PositiveSmallIntegerField(default=3)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(frequency__in=PayFrequency.values), name="payroll_schedule_frequency"),
            models.CheckConstraint(condition=Q(pay_day_offset_days__lte=31), name="payroll_schedule_offset_month"),
        ]

    def __str__(self) -> str:
        return f"{self.entity_id} {self.frequency} +{self.pay_day_offset_days}"


class WithholdingTable(models.Model):
    """One dated set of the ATO's Schedule 1 weekly coefficients (`kserp.payroll.calc.withholding`).

    `scales` is ``{"1": [{"below": "150", "a": "0.16", "b": "0.16"}, ..., {"a": .., "b": ..}], "2": .., "3": ..}``.
    """

    name = models.CharField(max_length=100, unique=True)
    valid_from = models.DateField(unique=True)
    scales = models.JSONField()
    no_tfn_resident_percent = models.DecimalField(max_digits=6, decimal_places=3, default=Decimal("47"))
    no_tfn_foreign_percent = models.DecimalField(max_digits=6, decimal_places=3, default=Decimal("45"))

    class Meta:
        ordering = ["valid_from"]

    def __str__(self) -> str:
        return self.name


class PayRunStatus(models.TextChoices):
    QUEUED = "QUEUED"
    RUNNING = "RUNNING"
    COMPLETED = "COMPLETED"
    FAILED = "FAILED"


class PayRun(LongJobFields):
    """Pays every approved, unpaid pay line of an entity up to `period_end`, in a dramatiq actor,
    in chunks (docs/payroll.md). A long job under the stale-run watch (kserp/base/jobs.py)."""

    entity = models.ForeignKey("base.Entity", on_delete=models.PROTECT, related_name="pay_runs")
    period_end = models.DateField()
    pay_date = models.DateField()
    frequency = models.CharField(max_length=16, choices=PayFrequency.choices)
    status = models.CharField(max_length=16, choices=PayRunStatus.choices, default=PayRunStatus.QUEUED, db_index=True)
    progress = models.FloatField(default=0.0)
    planned_lines = models.PositiveIntegerField(default=0)
    line_count = models.PositiveIntegerField(default=0)
    payment_count = models.PositiveIntegerField(default=0)
    gross_total = models.DecimalField(max_digits=18, decimal_places=2, default=0)
    total = models.DecimalField(max_digits=18, decimal_places=2, default=0, help_text="Net paid to payees.")
    attempts = models.PositiveIntegerField(default=0)
    failure_reason = models.TextField(blank=True, default="")
    paid_at = models.DateTimeField(null=True, blank=True)
    payment_journal = models.ForeignKey(
        "finance.Journal", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True, help_text="When it last changed (partner sync).")
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"pay run {self.pk} ({self.status})"


class PaymentKind(models.TextChoices):
    PAYSLIP = "PAYSLIP"
    RCTI = "RCTI"


class PayRunPayment(models.Model):
    """One payee's pay in a run: a payslip (employee) or a recipient-created tax invoice
    (contractor). What the payee was paid with (bank account, scale, fund, ABN) is kept as it was."""

    pay_run = models.ForeignKey(PayRun, on_delete=models.PROTECT, related_name="payments")
    entity = models.ForeignKey("base.Entity", on_delete=models.PROTECT, related_name="+")
    payee = models.ForeignKey("crm.Payee", on_delete=models.PROTECT, related_name="payments")
    kind = models.CharField(max_length=8, choices=PaymentKind.choices)
    number = models.CharField(max_length=32)
    pay_date = models.DateField()
    gross = money()
    withholding = money()
    superannuation = money()
    gst = money()
    net = money()
    ytd_gross = money(default=0)
    ytd_withholding = money(default=0)
    ytd_superannuation = money(default=0)
    ytd_net = money(default=0)
    scale = models.CharField(max_length=8, blank=True, default="", help_text="Schedule 1 scale, or NO_ABN.")
    payee_name = models.CharField(max_length=200)
    payee_abn = models.CharField(max_length=11, blank=True, default="")
    bank_bsb = models.CharField(max_length=7, blank=True, default="")
    bank_account = models.CharField(max_length=9, blank=True, default="")
    bank_account_name = models.CharField(max_length=32, blank=True, default="")
    super_fund_name = models.CharField(max_length=200, blank=True, default="")
    super_fund_usi = models.CharField(max_length=20, blank=True, default="")
    super_member_number = models.CharField(max_length=30, blank=True, default="")
    journal = models.ForeignKey("finance.Journal", on_delete=models.PROTECT, related_name="+", db_index=False)

    class Meta:
        ordering = ["pay_run_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["entity", "kind", "number"], name="payroll_payment_number_unique"),
            models.UniqueConstraint(fields=["pay_run", "payee"], name="payroll_payment_one_per_payee"),
            models.CheckConstraint(condition=Q(net__gte=0), name="payroll_payment_net_non_negative"),
        ]
        indexes = [models.Index(fields=["payee", "pay_date"], name="payroll_payment_payee_date")]

    def __str__(self) -> str:
        return self.number


class PayRunLine(models.Model):
    """A pay line on a payment. `pay_line` is UNIQUE: a pay line is on at most one payment, which is
    what makes pay runs exactly-once. The figures are copies of the pay line's."""

    payment = models.ForeignKey(PayRunPayment, on_delete=models.PROTECT, related_name="lines")
    pay_line = models.OneToOneField("orders.PayLine", on_delete=models.PROTECT, related_name="payment_line")
    pay_code = models.CharField(max_length=32)
    quantity = models.DecimalField(max_digits=14, decimal_places=4)
    rate = models.DecimalField(max_digits=14, decimal_places=4)
    amount = money()

    class Meta:
        ordering = ["payment_id", "id"]

    def __str__(self) -> str:
        return f"{self.payment_id}:{self.pay_code}"


class RemittanceKind(models.TextChoices):
    PAYG = "PAYG"
    SUPER = "SUPER"


class Remittance(models.Model):
    """PAYG withheld paid to the tax office, or super paid to a fund, for the payments of one pay
    date (the `payables` row it settles, in part or whole). Its journal clears the liability."""

    entity = models.ForeignKey("base.Entity", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=8, choices=RemittanceKind.choices)
    pay_date = models.DateField(help_text="The pay date of the payments whose PAYG or super this pays.")
    super_fund_name = models.CharField(max_length=200, blank=True, default="")
    super_fund_usi = models.CharField(max_length=20, blank=True, default="")
    amount = money()
    paid_on = models.DateField(help_text="When the money left the bank (the journal's date).")
    reference = models.CharField(max_length=100, blank=True, default="")
    journal = models.ForeignKey("finance.Journal", on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pay_date", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="payroll_remittance_amount_positive"),
            models.CheckConstraint(
                condition=Q(kind="SUPER") | Q(super_fund_name="", super_fund_usi=""),
                name="payroll_remittance_fund_only_for_super",
            ),
        ]
        indexes = [models.Index(fields=["entity", "kind", "pay_date"], name="payroll_remittance_due")]

    def __str__(self) -> str:
        return f"{self.kind} {self.pay_date} {self.amount}"
