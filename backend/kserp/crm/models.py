"""Models of the crm domain: clients (who are billed) and payees (who are paid)."""

from django.db import models
from django.db.models import Q


class InvoiceGrouping(models.TextChoices):
    CLIENT = "CLIENT", "One invoice per client"
    JOB_ORDER = "JOB_ORDER", "One invoice per job order"
    TIMESHEET = "TIMESHEET", "One invoice per timesheet"


class Client(models.Model):
    """A company the agency supplies workers to and invoices."""

    code = models.CharField(max_length=32, unique=True)
    name = models.CharField(max_length=200, db_index=True)
    entity = models.ForeignKey("base.Entity", on_delete=models.PROTECT, related_name="clients")
    payment_terms_days = models.PositiveIntegerField(default=30)
    invoice_grouping = models.CharField(max_length=16, choices=InvoiceGrouping.choices, default=InvoiceGrouping.CLIENT)
    updated_at = models.DateTimeField(
        auto_now=True, db_index=True, help_text="When the row last changed (partner sync)."
    )

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code


class PayeeKind(models.TextChoices):
    EMPLOYEE = "EMPLOYEE", "Employee"
    CONTRACTOR = "CONTRACTOR", "Contractor"


class Payee(models.Model):
    """A worker placed with clients: an employee of the entity or a contractor."""

    code = models.CharField(max_length=32, unique=True)
    name = models.CharField(max_length=200, db_index=True)
    kind = models.CharField(max_length=16, choices=PayeeKind.choices, db_index=True)

    class Meta:
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=PayeeKind.values), name="crm_payee_kind_valid"),
        ]

    def __str__(self) -> str:
        return self.code
