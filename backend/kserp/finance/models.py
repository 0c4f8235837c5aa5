"""Models of the finance domain: the ledger, invoices, credit notes, receipts, period locks, FX
rates and bank statements (the legal entity lives in kserp.base; docs/finance.md)."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q

from kserp.base.models import Entity


# --- ledger --------------------------------------------------------------------------------------
class AccountKind(models.TextChoices):
    ASSET = "ASSET", "Asset"
    LIABILITY = "LIABILITY", "Liability"
    EQUITY = "EQUITY", "Equity"
    REVENUE = "REVENUE", "Revenue"
    EXPENSE = "EXPENSE", "Expense"


class Account(models.Model):
    """An account of an entity's chart of accounts (created on demand, see finance/ledger.py)."""

    entity = models.ForeignKey(Entity, on_delete=models.PROTECT, related_name="accounts")
    code = models.CharField(max_length=16)
    name = models.CharField(max_length=100)
    kind = models.CharField(max_length=16, choices=AccountKind.choices)
    intercompany = models.BooleanField(
        default=False, help_text="Balances with other entities of the group: eliminated on consolidation."
    )

    class Meta:
        ordering = ["entity", "code"]
        constraints = [models.UniqueConstraint(fields=["entity", "code"], name="finance_account_code_unique")]

    def __str__(self) -> str:
        return f"{self.entity_id}:{self.code}"


class JournalSource(models.TextChoices):
    INVOICE = "INVOICE", "Invoice"
    CREDIT_NOTE = "CREDIT_NOTE", "Credit note"
    RECEIPT = "RECEIPT", "Receipt"
    ALLOCATION = "ALLOCATION", "Allocation of unapplied cash"
    REFUND = "REFUND", "Refund"
    REVERSAL = "REVERSAL", "Receipt reversal"
    MANUAL = "MANUAL", "Manual journal"
    PAY_RUN = "PAY_RUN", "Pay run"
    PAY_RUN_PAYMENT = "PAY_RUN_PAYMENT", "Pay run paid"


class Journal(models.Model):
    """A balanced journal entry: the sum of its lines' debits equals the sum of their credits."""

    entity = models.ForeignKey(Entity, on_delete=models.PROTECT, related_name="journals")
    date = models.DateField(db_index=True)
    memo = models.CharField(max_length=200)
    source = models.CharField(max_length=16, choices=JournalSource.choices)
    invoice = models.ForeignKey("Invoice", on_delete=models.PROTECT, null=True, blank=True, related_name="journals")
    credit_note = models.ForeignKey(
        "CreditNote", on_delete=models.PROTECT, null=True, blank=True, related_name="journals"
    )
    receipt = models.ForeignKey("Receipt", on_delete=models.PROTECT, null=True, blank=True, related_name="journals")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.source} {self.memo}"


class JournalLine(models.Model):
    journal = models.ForeignKey(Journal, on_delete=models.CASCADE, related_name="lines")
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="journal_lines")
    debit = models.DecimalField(max_digits=16, decimal_places=2, default=Decimal("0"))
    credit = models.DecimalField(max_digits=16, decimal_places=2, default=Decimal("0"))

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(debit__gte=0, credit__gte=0) & (Q(debit=0) | Q(credit=0)),
                name="finance_journalline_one_side",
            )
        ]

    def __str__(self) -> str:
        return f"{self.account_id} Dr {self.debit} Cr {self.credit}"


# --- invoices ------------------------------------------------------------------------------------
class DocumentCounter(models.Model):
    """The next number of a gapless series per entity (invoices, credit notes). Locked with
    SELECT ... FOR UPDATE inside the transaction that posts the document (sequences leave gaps)."""

    entity = models.ForeignKey(Entity, on_delete=models.PROTECT, related_name="document_counters")
    series = models.CharField(max_length=16)
    next_value = models.PositiveBigIntegerField(default=1)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["entity", "series"], name="finance_counter_series_unique")]

    def __str__(self) -> str:
        return f"{self.entity_id}:{self.series}={self.next_value}"


class InvoiceStatus(models.TextChoices):
    ISSUED = "ISSUED", "Issued"
    PART_PAID = "PART_PAID", "Part paid"
    PAID = "PAID", "Paid"
    PART_CREDITED = "PART_CREDITED", "Part credited"
    CREDITED = "CREDITED", "Credited"


class Invoice(models.Model):
    """An issued tax invoice. Immutable once issued except its payment/credit state
    (`amount_paid`, `amount_credited`, `status`); corrections are credit notes and re-bills."""

    number = models.CharField(max_length=32)
    entity = models.ForeignKey(Entity, on_delete=models.PROTECT, related_name="invoices")
    client = models.ForeignKey("crm.Client", on_delete=models.PROTECT, related_name="invoices")
    billing_run = models.ForeignKey(
        "billing.BillingRun", on_delete=models.PROTECT, null=True, blank=True, related_name="invoices"
    )
    rebill_of = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="rebills")
    status = models.CharField(max_length=16, choices=InvoiceStatus.choices, default=InvoiceStatus.ISSUED)
    issue_date = models.DateField()
    due_date = models.DateField()
    currency = models.CharField(max_length=3)
    tax_rate = models.DecimalField(max_digits=14, decimal_places=4)
    subtotal = models.DecimalField(max_digits=16, decimal_places=2)
    tax_total = models.DecimalField(max_digits=16, decimal_places=2)
    total = models.DecimalField(max_digits=16, decimal_places=2)
    amount_paid = models.DecimalField(max_digits=16, decimal_places=2, default=Decimal("0"))
    amount_credited = models.DecimalField(max_digits=16, decimal_places=2, default=Decimal("0"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(
        auto_now=True, db_index=True, help_text="When the row last changed (partner sync)."
    )

    class Meta:
        ordering = ["entity", "number"]
        constraints = [models.UniqueConstraint(fields=["entity", "number"], name="finance_invoice_number_unique")]
        indexes = [
            models.Index(fields=["client", "issue_date"], name="finance_inv_client_issued"),
            models.Index(fields=["status", "due_date"], name="finance_inv_status_due"),
            models.Index(fields=["issue_date"], name="finance_inv_issued"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def amount_due(self) -> Decimal:
        return self.total - self.amount_paid - self.amount_credited


class InvoiceLine(models.Model):
    """One line of an invoice. `bill_line` is UNIQUE: a bill line is on at most one invoice, which
    is what makes billing exactly-once (re-bill lines copy a credited line and have no bill line).

    `job_order` and `timesheet` are copies, for reading: they come from the bill line (or, on a
    re-bill, from the credited line, which came from one), and nothing changes them. The database
    keeps the integrity where the values come from: the bill line's own foreign keys, and
    `bill_line` here, which PROTECTs it. So these two carry no foreign-key constraint or index of
    their own, which would add two checks and two index entries per line to every billing run
    (docs/billing.md, "Performance")."""

    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="lines")
    bill_line = models.OneToOneField(
        "orders.BillLine", on_delete=models.PROTECT, null=True, blank=True, related_name="invoice_line"
    )
    job_order = models.ForeignKey(
        "orders.JobOrder", on_delete=models.PROTECT, related_name="invoice_lines", db_constraint=False, db_index=False
    )
    timesheet = models.ForeignKey(
        "orders.Timesheet",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="invoice_lines",
        db_constraint=False,
        db_index=False,
    )
    position = models.PositiveIntegerField()
    description = models.CharField(max_length=200)
    pay_code = models.CharField(max_length=32)
    quantity = models.DecimalField(max_digits=14, decimal_places=4)
    unit_price = models.DecimalField(max_digits=14, decimal_places=4)
    amount = models.DecimalField(max_digits=16, decimal_places=2)

    class Meta:
        ordering = ["invoice", "position"]

    def __str__(self) -> str:
        return f"{self.invoice_id}#{self.position}"


class CreditNote(models.Model):
    """A full or partial credit of an invoice (its own gapless series `CN<prefix><6 digits>`)."""

    number = models.CharField(max_length=32)
    entity = models.ForeignKey(Entity, on_delete=models.PROTECT, related_name="credit_notes")
    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="credit_notes")
    issue_date = models.DateField()
    reason = models.CharField(max_length=500)
    subtotal = models.DecimalField(max_digits=16, decimal_places=2)
    tax_total = models.DecimalField(max_digits=16, decimal_places=2)
    total = models.DecimalField(max_digits=16, decimal_places=2)
    reopened = models.BooleanField(
        default=False, help_text="The credited lines' timesheets were re-opened for correction (re-price)."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(
        auto_now=True, db_index=True, help_text="When the row last changed (partner sync)."
    )

    class Meta:
        ordering = ["entity", "number"]
        constraints = [models.UniqueConstraint(fields=["entity", "number"], name="finance_creditnote_number_unique")]

    def __str__(self) -> str:
        return self.number


class CreditNoteLine(models.Model):
    credit_note = models.ForeignKey(CreditNote, on_delete=models.PROTECT, related_name="lines")
    invoice_line = models.OneToOneField(InvoiceLine, on_delete=models.PROTECT, related_name="credit_line")
    amount = models.DecimalField(max_digits=16, decimal_places=2)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.credit_note_id}:{self.invoice_line_id}"


class ReceiptStatus(models.TextChoices):
    ACTIVE = "ACTIVE", "Active"
    REVERSED = "REVERSED", "Reversed"


class Receipt(models.Model):
    """Money received from a client (a remittance): allocated to one or more of its invoices, the
    rest held as unapplied cash on the client's account until it is allocated or refunded. Only
    the cash state moves (`unapplied`, `refunded`, `status`, `reversed_on`, `reversal_reason`);
    see docs/finance.md."""

    entity = models.ForeignKey(Entity, on_delete=models.PROTECT, related_name="receipts")
    client = models.ForeignKey("crm.Client", on_delete=models.PROTECT, related_name="receipts")
    amount = models.DecimalField(max_digits=16, decimal_places=2)
    received_on = models.DateField()
    reference = models.CharField(max_length=100, blank=True, default="")
    unapplied = models.DecimalField(max_digits=16, decimal_places=2, default=Decimal("0"))
    refunded = models.DecimalField(max_digits=16, decimal_places=2, default=Decimal("0"))
    status = models.CharField(max_length=16, choices=ReceiptStatus.choices, default=ReceiptStatus.ACTIVE)
    reversed_on = models.DateField(null=True, blank=True)
    reversal_reason = models.CharField(max_length=500, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(
        auto_now=True, db_index=True, help_text="When the row last changed (partner sync)."
    )

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["client", "received_on"], name="finance_receipt_client_date")]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="finance_receipt_amount_positive"),
            models.CheckConstraint(
                condition=Q(unapplied__gte=0, refunded__gte=0), name="finance_receipt_unapplied_non_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.client_id} {self.amount} {self.reference}"


class ReceiptAllocation(models.Model):
    """Part of a receipt applied to one invoice, on a date (the receipt's, or later from unapplied
    cash). Never changed: a reversed receipt keeps its allocations as history."""

    receipt = models.ForeignKey(Receipt, on_delete=models.PROTECT, related_name="allocations")
    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="allocations")
    amount = models.DecimalField(max_digits=16, decimal_places=2)
    allocated_on = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="finance_allocation_amount_positive")]

    def __str__(self) -> str:
        return f"{self.receipt_id}->{self.invoice_id} {self.amount}"


# --- the books -----------------------------------------------------------------------------------
class PeriodLock(models.Model):
    """An entity's books are closed through `through` (inclusive): nothing posts dated on or before
    it. Moved forward by finance (`lockPeriod`), back only by an admin; both in the audit trail."""

    entity = models.OneToOneField(Entity, on_delete=models.PROTECT, related_name="period_lock")
    through = models.DateField()
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.entity_id} locked through {self.through}"


class FxRate(models.Model):
    """One unit of `base` is worth `rate` units of `quote` on `date` (and after, until the next)."""

    date = models.DateField()
    base = models.CharField(max_length=3)
    quote = models.CharField(max_length=3)
    rate = models.DecimalField(max_digits=18, decimal_places=8)
    source = models.CharField(max_length=64, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["base", "quote", "-date"]
        constraints = [
            models.UniqueConstraint(fields=["base", "quote", "date"], name="finance_fxrate_one_per_day"),
            models.CheckConstraint(condition=Q(rate__gt=0), name="finance_fxrate_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.date} 1 {self.base} = {self.rate} {self.quote}"


class StatementFormat(models.TextChoices):
    CSV = "CSV", "CSV"
    CAMT053 = "CAMT053", "ISO 20022 camt.053"


class BankStatement(models.Model):
    """An imported bank statement (a file); the same file is not imported twice (`digest`)."""

    entity = models.ForeignKey(Entity, on_delete=models.PROTECT, related_name="bank_statements")
    format = models.CharField(max_length=8, choices=StatementFormat.choices)
    filename = models.CharField(max_length=200)
    account = models.CharField(max_length=64, blank=True, default="")
    digest = models.CharField(max_length=64)
    imported_at = models.DateTimeField(auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-imported_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["entity", "digest"], name="finance_statement_once")]

    def __str__(self) -> str:
        return self.filename


class StatementLineStatus(models.TextChoices):
    UNMATCHED = "UNMATCHED", "Unmatched"
    CONFIRMED = "CONFIRMED", "Confirmed"
    IGNORED = "IGNORED", "Ignored"


class BankStatementLine(models.Model):
    """One line of a statement. A confirmed line posted exactly one receipt (`receipt`, unique)."""

    statement = models.ForeignKey(BankStatement, on_delete=models.PROTECT, related_name="lines")
    position = models.PositiveIntegerField()
    date = models.DateField()
    amount = models.DecimalField(max_digits=16, decimal_places=2, help_text="Credits positive, debits negative.")
    reference = models.CharField(max_length=200, blank=True, default="")
    payer = models.CharField(max_length=200, blank=True, default="")
    text = models.CharField(max_length=500, blank=True, default="")
    status = models.CharField(max_length=16, choices=StatementLineStatus.choices, default=StatementLineStatus.UNMATCHED)
    receipt = models.OneToOneField(
        Receipt, on_delete=models.PROTECT, null=True, blank=True, related_name="statement_line"
    )

    class Meta:
        ordering = ["statement_id", "position"]

    def __str__(self) -> str:
        return f"{self.statement_id}#{self.position} {self.amount}"


class DeliveryKind(models.TextChoices):
    INVOICE = "INVOICE", "Invoice"
    CREDIT_NOTE = "CREDIT_NOTE", "Credit note"
    STATEMENT = "STATEMENT", "Statement"
    REMINDER = "REMINDER", "Overdue reminder"


class DeliveryStatus(models.TextChoices):
    QUEUED = "QUEUED", "Queued"
    SENT = "SENT", "Sent"
    FAILED = "FAILED", "Failed"


class DocumentDelivery(models.Model):
    """One email of a document (with its PDF) to a client's recipients, sent by a dramatiq actor
    with retries; `status`, `attempts` and `last_error` tell what happened."""

    kind = models.CharField(max_length=16, choices=DeliveryKind.choices)
    client = models.ForeignKey("crm.Client", on_delete=models.PROTECT, related_name="deliveries")
    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, null=True, blank=True, related_name="deliveries")
    credit_note = models.ForeignKey(
        CreditNote, on_delete=models.PROTECT, null=True, blank=True, related_name="deliveries"
    )
    recipients = models.JSONField(default=list)
    status = models.CharField(max_length=8, choices=DeliveryStatus.choices, default=DeliveryStatus.QUEUED)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True, default="")
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.kind} to {self.client_id} ({self.status})"
