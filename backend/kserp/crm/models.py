"""Models of the crm domain: clients (who are billed) and payees (who are paid), and the account
manager's records about a client: contacts, contracts with their documents, opportunities and the
activity timeline (docs/workspace.md)."""

from django.conf import settings
from django.db import models
from django.db.models import Q


class InvoiceGrouping(models.TextChoices):
    CLIENT = "CLIENT", "One invoice per client"
    JOB_ORDER = "JOB_ORDER", "One invoice per job order"
    TIMESHEET = "TIMESHEET", "One invoice per timesheet"


class BillingCycle(models.TextChoices):
    WEEKLY = "WEEKLY", "Weekly"
    FORTNIGHTLY = "FORTNIGHTLY", "Fortnightly"
    MONTHLY = "MONTHLY", "Monthly"


class ClientStatus(models.TextChoices):
    PROSPECT = "PROSPECT", "Prospect"
    ACTIVE = "ACTIVE", "Active"
    ON_HOLD = "ON_HOLD", "On hold (no new timesheets or billing runs)"


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
    abn = models.CharField(max_length=11, blank=True, default="", help_text="11 digits, checksum validated.")
    street_address = models.TextField(blank=True, default="")
    billing_address = models.TextField(blank=True, default="", help_text="Empty: the street address.")
    billing_cycle = models.CharField(max_length=16, choices=BillingCycle.choices, default=BillingCycle.WEEKLY)
    billing_close_day = models.PositiveSmallIntegerField(
        default=7, help_text="WEEKLY/FORTNIGHTLY: ISO weekday 1 (Mon)..7 (Sun); MONTHLY: day 1..31 (31: last day)."
    )
    po_required = models.BooleanField(default=False)
    credit_limit = models.DecimalField(max_digits=16, decimal_places=2, null=True, blank=True)
    status = models.CharField(max_length=16, choices=ClientStatus.choices, default=ClientStatus.ACTIVE, db_index=True)

    class Meta:
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=ClientStatus.values), name="crm_client_status_valid"),
            models.CheckConstraint(
                condition=Q(billing_close_day__gte=1, billing_close_day__lte=31), name="crm_client_close_day_range"
            ),
            models.CheckConstraint(
                condition=Q(credit_limit__isnull=True) | Q(credit_limit__gte=0), name="crm_client_credit_limit_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def on_hold(self) -> bool:
        return self.status == ClientStatus.ON_HOLD


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


# --- the account manager's records ---------------------------------------------------------
class Contact(models.Model):
    """A person at a client: who receives invoices (`billing`), who approves timesheets (`approver`)."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(max_length=200)
    role = models.CharField(max_length=100, blank=True, default="")
    email = models.EmailField(blank=True, default="")
    phone = models.CharField(max_length=40, blank=True, default="")
    billing = models.BooleanField(default=False, help_text="Receives the client's invoices.")
    approver = models.BooleanField(default=False, help_text="Approves the client's timesheets.")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["client_id", "name", "id"]

    def __str__(self) -> str:
        return f"{self.client_id}:{self.name}"


class ContractKind(models.TextChoices):
    MSA = "MSA", "Master services agreement"
    RATE_SCHEDULE = "RATE_SCHEDULE", "Rate schedule"
    OTHER = "OTHER", "Other"


class Contract(models.Model):
    """A signed agreement with a client; its documents are versions (`ContractDocument`)."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="contracts")
    kind = models.CharField(max_length=16, choices=ContractKind.choices, default=ContractKind.MSA)
    title = models.CharField(max_length=200)
    starts_on = models.DateField(null=True, blank=True)
    expires_on = models.DateField(null=True, blank=True, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["client_id", "expires_on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=ContractKind.values), name="crm_contract_kind_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.client_id}:{self.title}"


class ContractDocument(models.Model):
    """One uploaded version (PDF or DOCX) of a contract's document, kept through Django's storage."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="documents")
    version = models.PositiveIntegerField()
    file = models.FileField(upload_to="contracts/%Y/%m/")
    filename = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["contract_id", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["contract", "version"], name="crm_contract_document_version_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.contract_id} v{self.version}"


class ContractAlert(models.Model):
    """An expiry alert raised once per contract and threshold (60 and 30 days ahead)."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="alerts")
    days_ahead = models.PositiveSmallIntegerField()
    expires_on = models.DateField()
    raised_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-raised_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "expires_on", "days_ahead"], name="crm_contract_alert_once_per_threshold"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.contract_id} {self.days_ahead}d"


class OpportunityStage(models.TextChoices):
    LEAD = "LEAD", "Lead"
    QUALIFIED = "QUALIFIED", "Qualified"
    PROPOSAL = "PROPOSAL", "Proposal"
    WON = "WON", "Won"
    LOST = "LOST", "Lost"


class Opportunity(models.Model):
    """A placement the agency hopes to win: the pipeline. Won opportunities convert into job orders."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="opportunities")
    title = models.CharField(max_length=200)
    stage = models.CharField(
        max_length=16, choices=OpportunityStage.choices, default=OpportunityStage.LEAD, db_index=True
    )
    expected_start = models.DateField(null=True, blank=True)
    roles = models.PositiveIntegerField(default=1, help_text="Positions to fill.")
    weekly_hours = models.DecimalField(max_digits=8, decimal_places=2, default=38)
    pay_code = models.CharField(max_length=32, default="ORD")
    bill_agreement = models.ForeignKey(
        "rates.BillAgreement", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    pay_agreement = models.ForeignKey(
        "rates.PayAgreement", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    estimated_weekly_margin = models.DecimalField(max_digits=16, decimal_places=2, null=True, blank=True)
    job_orders = models.ManyToManyField("orders.JobOrder", blank=True, related_name="opportunities")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["expected_start", "id"]
        verbose_name_plural = "opportunities"
        constraints = [
            models.CheckConstraint(condition=Q(stage__in=OpportunityStage.values), name="crm_opportunity_stage_valid"),
        ]

    def __str__(self) -> str:
        return self.title


class ActivityKind(models.TextChoices):
    NOTE = "NOTE", "Note"
    CALL = "CALL", "Call"
    EMAIL = "EMAIL", "Email"
    MEETING = "MEETING", "Meeting"
    STATUS_CHANGE = "STATUS_CHANGE", "Status change"
    CONTRACT = "CONTRACT", "Contract"
    OPPORTUNITY = "OPPORTUNITY", "Opportunity"
    ALERT = "ALERT", "Alert"


class Activity(models.Model):
    """An entry on a client's timeline written by people or by the crm services. Invoices and
    payments are read from finance when the timeline is shown, not copied here."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="activities")
    kind = models.CharField(max_length=16, choices=ActivityKind.choices, db_index=True)
    summary = models.CharField(max_length=300)
    body = models.TextField(blank=True, default="")
    occurred_at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-occurred_at", "-id"]
        verbose_name_plural = "activities"

    def __str__(self) -> str:
        return f"{self.client_id} {self.kind}"
