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


BSB_PATTERN = r"^[0-9]{3}-[0-9]{3}$"
ACCOUNT_PATTERN = r"^[0-9]{1,9}$"
ABN_PATTERN = r"^[0-9]{11}$"
NO_TAX_FACTS = Q(tfn_provided__isnull=True) & Q(tax_free_threshold__isnull=True) & Q(foreign_resident__isnull=True)
ALL_TAX_FACTS = Q(tfn_provided__isnull=False) & Q(tax_free_threshold__isnull=False) & Q(foreign_resident__isnull=False)


class Payee(models.Model):
    """A worker placed with clients: an employee of the entity or a contractor.

    Bank and tax facts are confidential (finance only). The TFN itself is never stored: only
    whether one was provided, with the other answers of the TFN declaration. Employees carry
    the declaration facts and a super fund; contractors an ABN and whether they are registered
    for GST. Formats are checked in `services.py` (ABN checksum) and again by the database.
    """

    code = models.CharField(max_length=32, unique=True)
    name = models.CharField(max_length=200, db_index=True)
    kind = models.CharField(max_length=16, choices=PayeeKind.choices, db_index=True)
    email = models.EmailField(blank=True, default="")
    # bank account the net pay goes to ("" when not known yet: no pay run can pay them)
    bank_bsb = models.CharField(max_length=7, blank=True, default="", help_text="ddd-ddd")
    bank_account = models.CharField(max_length=9, blank=True, default="")
    bank_account_name = models.CharField(max_length=32, blank=True, default="")
    # employees: the TFN declaration's answers (null: no declaration, withheld at the no-TFN rate)
    tfn_provided = models.BooleanField(null=True, blank=True)
    tax_free_threshold = models.BooleanField(null=True, blank=True)
    foreign_resident = models.BooleanField(null=True, blank=True)
    super_fund_name = models.CharField(max_length=200, blank=True, default="")
    super_fund_usi = models.CharField(max_length=20, blank=True, default="")
    super_member_number = models.CharField(max_length=30, blank=True, default="")
    # contractors
    abn = models.CharField(max_length=11, blank=True, default="")
    gst_registered = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=PayeeKind.values), name="crm_payee_kind_valid"),
            models.CheckConstraint(
                condition=(Q(bank_bsb="") & Q(bank_account="") & Q(bank_account_name=""))
                | (Q(bank_bsb__regex=BSB_PATTERN) & Q(bank_account__regex=ACCOUNT_PATTERN) & ~Q(bank_account_name="")),
                name="crm_payee_bank_complete",
            ),
            models.CheckConstraint(condition=Q(abn="") | Q(abn__regex=ABN_PATTERN), name="crm_payee_abn_digits"),
            models.CheckConstraint(
                condition=Q(kind=PayeeKind.EMPLOYEE)
                | (
                    Q(tfn_provided__isnull=True) & Q(tax_free_threshold__isnull=True) & Q(foreign_resident__isnull=True)
                ),
                name="crm_payee_tax_facts_employees_only",
            ),
            models.CheckConstraint(
                condition=(
                    Q(tfn_provided__isnull=True) & Q(tax_free_threshold__isnull=True) & Q(foreign_resident__isnull=True)
                )
                | (
                    Q(tfn_provided__isnull=False)
                    & Q(tax_free_threshold__isnull=False)
                    & Q(foreign_resident__isnull=False)
                ),
                name="crm_payee_tax_facts_complete",
            ),
            models.CheckConstraint(
                condition=Q(gst_registered=False) | (Q(kind=PayeeKind.CONTRACTOR) & ~Q(abn="")),
                name="crm_payee_gst_needs_abn",
            ),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def has_bank_account(self) -> bool:
        return bool(self.bank_bsb and self.bank_account)
