"""Models of the orders domain: job orders (placements), timesheets, pay and bill lines, billing runs."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from kserp.crm.models import InvoiceGrouping


class JobOrderStatus(models.TextChoices):
    DRAFT = "DRAFT"
    FILLED = "FILLED"
    ACTIVE = "ACTIVE", "Active (submitted to timesheet)"
    COMPLETED = "COMPLETED"
    CANCELLED = "CANCELLED"


class JobOrder(models.Model):
    """A placement of a payee with a client (docs/design.md §5).

    Its hierarchy path (docs/design.md §4.1): country and brand from the entity, client and payee codes,
    its own code, and every other level (state, cost centre, custom levels) from `path`.
    """

    code = models.CharField(max_length=32, unique=True)
    client = models.ForeignKey("crm.Client", on_delete=models.PROTECT, related_name="job_orders")
    payee = models.ForeignKey("crm.Payee", on_delete=models.PROTECT, related_name="job_orders")
    entity = models.ForeignKey("base.Entity", on_delete=models.PROTECT, related_name="job_orders")
    title = models.CharField(max_length=200)
    start = models.DateField(db_index=True)
    end = models.DateField(null=True, blank=True, db_index=True)
    path = models.JSONField(default=dict, blank=True, help_text="Values of the non-derived levels, e.g. state.")
    consultant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="job_orders"
    )
    division = models.CharField(max_length=100, blank=True, default="", db_index=True)
    po_number = models.CharField(max_length=64, blank=True, default="")
    pay_agreement = models.ForeignKey(
        "rates.PayAgreement", on_delete=models.PROTECT, null=True, blank=True, related_name="job_orders"
    )
    bill_agreement = models.ForeignKey(
        "rates.BillAgreement", on_delete=models.PROTECT, null=True, blank=True, related_name="job_orders"
    )
    status = models.CharField(
        max_length=16, choices=JobOrderStatus.choices, default=JobOrderStatus.DRAFT, db_index=True
    )
    invoice_grouping = models.CharField(
        max_length=16, choices=InvoiceGrouping.choices, blank=True, default="", help_text="Empty: the client's."
    )
    updated_at = models.DateTimeField(
        auto_now=True, db_index=True, help_text="When the row last changed (partner sync)."
    )

    class Meta:
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")), name="orders_joborder_end_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.code


# --- timesheets ----------------------------------------------------------------------------------
class TimesheetStatus(models.TextChoices):
    DRAFT = "DRAFT"
    SUBMITTED = "SUBMITTED"
    APPROVED = "APPROVED"
    REJECTED = "REJECTED"


class Timesheet(models.Model):
    """One week (Monday to Sunday) of one job order: DRAFT → SUBMITTED → APPROVED | REJECTED."""

    job_order = models.ForeignKey(JobOrder, on_delete=models.PROTECT, related_name="timesheets")
    week_starting = models.DateField(db_index=True, help_text="The Monday of the week.")
    status = models.CharField(
        max_length=16, choices=TimesheetStatus.choices, default=TimesheetStatus.DRAFT, db_index=True
    )
    rejection_reason = models.CharField(max_length=500, blank=True, default="")
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(
        auto_now=True, db_index=True, help_text="When the row last changed (partner sync)."
    )

    class Meta:
        ordering = ["-week_starting", "job_order_id"]
        constraints = [
            models.UniqueConstraint(fields=["job_order", "week_starting"], name="orders_timesheet_one_per_week"),
        ]

    def __str__(self) -> str:
        return f"{self.job_order_id}@{self.week_starting}"


class TimesheetEntry(models.Model):
    """A shift (start, end, unpaid break), a number of hours, or units of a unit pay code."""

    timesheet = models.ForeignKey(Timesheet, on_delete=models.CASCADE, related_name="entries")
    position = models.PositiveSmallIntegerField()
    date = models.DateField()
    start = models.TimeField(null=True, blank=True)
    end = models.TimeField(null=True, blank=True)
    break_minutes = models.PositiveIntegerField(default=0)
    overnight = models.BooleanField(default=False, help_text="The shift ends the next day.")
    hours = models.DecimalField(max_digits=8, decimal_places=4, null=True, blank=True)
    pay_code = models.CharField(max_length=32, blank=True, default="")
    quantity = models.DecimalField(max_digits=12, decimal_places=4, null=True, blank=True)

    class Meta:
        ordering = ["timesheet_id", "position"]

    def __str__(self) -> str:
        return f"{self.timesheet_id}#{self.position}"


class PayLine(models.Model):
    """An aggregated pay line of an approved timesheet (immutable; docs/design.md §4.5)."""

    timesheet = models.ForeignKey(Timesheet, on_delete=models.PROTECT, related_name="pay_lines")
    job_order = models.ForeignKey(JobOrder, on_delete=models.PROTECT, related_name="pay_lines")
    position = models.PositiveSmallIntegerField()
    pay_code = models.CharField(max_length=32)
    quantity = models.DecimalField(max_digits=14, decimal_places=4)
    pay_rate = models.DecimalField(max_digits=14, decimal_places=4)
    wage = models.DecimalField(max_digits=16, decimal_places=2)
    provenance = models.JSONField(default=dict)

    class Meta:
        ordering = ["timesheet_id", "position"]

    def __str__(self) -> str:
        return f"{self.timesheet_id}:{self.pay_code}"


class BillLine(models.Model):
    """A priced line of an approved timesheet (immutable), with its provenance (`provenance_record`):
    which header, rule, line, pay rate rule and oncost values produced it. Billed when an
    `InvoiceLine` points at it (`invoice_line`, unique)."""

    timesheet = models.ForeignKey(Timesheet, on_delete=models.PROTECT, related_name="bill_lines")
    job_order = models.ForeignKey(JobOrder, on_delete=models.PROTECT, related_name="bill_lines")
    client = models.ForeignKey("crm.Client", on_delete=models.PROTECT, related_name="bill_lines")
    entity = models.ForeignKey("base.Entity", on_delete=models.PROTECT, related_name="bill_lines")
    position = models.PositiveSmallIntegerField()
    work_date = models.DateField(help_text="The first day the line covers.")
    week_ending = models.DateField()
    pay_code = models.CharField(max_length=32)
    description = models.CharField(max_length=200)
    quantity = models.DecimalField(max_digits=14, decimal_places=4)
    pay_rate = models.DecimalField(max_digits=14, decimal_places=4)
    bill_rate = models.DecimalField(max_digits=14, decimal_places=4)
    wage = models.DecimalField(max_digits=16, decimal_places=2)
    bill_amount = models.DecimalField(max_digits=16, decimal_places=2)
    oncost_total = models.DecimalField(max_digits=16, decimal_places=2)
    gross_margin = models.DecimalField(max_digits=16, decimal_places=2)

    class Meta:
        ordering = ["timesheet_id", "position"]
        indexes = [models.Index(fields=["entity", "week_ending", "id"], name="orders_billline_entity_week")]

    def __str__(self) -> str:
        return f"{self.timesheet_id}:{self.pay_code}"

    @property
    def provenance(self) -> dict:
        """The pricing record (select_related("provenance_record") when reading many)."""
        return self.provenance_record.document


class BillLineProvenance(models.Model):
    """How a bill line was priced: the engine's record (about 1 kB of JSON), read only to explain
    the line. It has a table of its own so that bill lines stay narrow: a billing run reads, locks
    and checks every bill line it invoices, and with this inline 100,000 lines filled 156 MB
    instead of 20 MB and billed 22% slower (docs/billing.md, "Performance")."""

    bill_line = models.OneToOneField(
        BillLine, on_delete=models.CASCADE, primary_key=True, related_name="provenance_record"
    )
    document = models.JSONField()

    def __str__(self) -> str:
        return f"provenance of {self.bill_line_id}"
