"""Models of the base layer: the legal entity, which crm, orders, finance and identity refer to."""

from decimal import Decimal

from django.db import models
from django.db.models import Q


class Entity(models.Model):
    """A legal entity that employs payees and invoices clients (docs/design.md §6)."""

    code = models.CharField(max_length=32, unique=True)
    name = models.CharField(max_length=200)
    country = models.CharField(max_length=2, db_index=True, help_text="ISO 3166-1 alpha-2, e.g. AU.")
    brand = models.CharField(max_length=64, db_index=True)
    currency = models.CharField(max_length=3, help_text="ISO 4217, e.g. AUD.")
    tax_rate = models.DecimalField(max_digits=14, decimal_places=4, help_text="Percent, applied per invoice.")
    invoice_prefix = models.CharField(max_length=16)
    group_currency_rate = models.DecimalField(max_digits=14, decimal_places=4, default=Decimal("1"))
    # paying workers (docs/payroll.md): the employer's ABN and the account pay runs are paid from
    abn = models.CharField(max_length=11, blank=True, default="")
    bank_bsb = models.CharField(max_length=7, blank=True, default="", help_text="ddd-ddd")
    bank_account = models.CharField(max_length=9, blank=True, default="")
    bank_account_name = models.CharField(max_length=26, blank=True, default="", help_text="The ABA user name.")
    bank_mnemonic = models.CharField(max_length=3, blank=True, default="", help_text="The bank's code, e.g. CBA.")
    apca_id = models.CharField(max_length=6, blank=True, default="", help_text="The APCA direct-entry user id.")
    # no business date before the entity's books begin (kserp/base/bounds.py, docs/security.md)
    books_start = models.DateField(
        null=True, blank=True, help_text="First day of the entity's first accounting period; none: no lower bound."
    )

    #: The audit trail names an entity as it always has (the model moved from finance to base).
    audit_type = "finance.entity"

    class Meta:
        db_table = "finance_entity"  # moved from finance without moving data
        ordering = ["code"]
        verbose_name_plural = "entities"
        constraints = [
            models.CheckConstraint(condition=Q(tax_rate__gte=0), name="finance_entity_tax_rate_non_negative"),
            models.CheckConstraint(condition=Q(group_currency_rate__gt=0), name="finance_entity_fx_rate_positive"),
        ]

    def __str__(self) -> str:
        return self.code


class LongJobFields(models.Model):
    """The fields of a long job that survives a dead worker (kserp/base/jobs.py): inherit them."""

    heartbeat_at = models.DateTimeField(null=True, blank=True, help_text="Last progress (or queueing).")
    worker = models.CharField(max_length=128, blank=True, default="", help_text="host:pid of the worker.")

    class Meta:
        abstract = True
