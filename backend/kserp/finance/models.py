"""Models of the finance domain: the ledger, invoices, credit notes and receipts (the legal
entity lives in kserp.base)."""

from decimal import Decimal

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

    class Meta:
        ordering = ["entity", "code"]
        constraints = [models.UniqueConstraint(fields=["entity", "code"], name="finance_account_code_unique")]

    def __str__(self) -> str:
        return f"{self.entity_id}:{self.code}"


class JournalSource(models.TextChoices):
    INVOICE = "INVOICE", "Invoice"
    CREDIT_NOTE = "CREDIT_NOTE", "Credit note"
    RECEIPT = "RECEIPT", "Receipt"
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


class Receipt(models.Model):
    """Money received from a client against one invoice."""

    entity = models.ForeignKey(Entity, on_delete=models.PROTECT, related_name="receipts")
    client = models.ForeignKey("crm.Client", on_delete=models.PROTECT, related_name="receipts")
    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="receipts")
    amount = models.DecimalField(max_digits=16, decimal_places=2)
    received_on = models.DateField()
    reference = models.CharField(max_length=100, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(
        auto_now=True, db_index=True, help_text="When the row last changed (partner sync)."
    )

    class Meta:
        ordering = ["id"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="finance_receipt_amount_positive")]

    def __str__(self) -> str:
        return f"{self.invoice_id} {self.amount}"
