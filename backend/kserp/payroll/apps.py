from django.apps import AppConfig


class PayrollConfig(AppConfig):
    """Pay runs (docs/payroll.md): approved, unpaid pay lines -> payslips and RCTIs, in chunks, in a
    dramatiq actor; withholding, super, the ABA file, payables. Journals are posted by finance
    (`finance.pay_posting`)."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "kserp.payroll"
    label = "payroll"
