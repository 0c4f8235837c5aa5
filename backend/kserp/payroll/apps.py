from django.apps import AppConfig


class PayrollConfig(AppConfig):
    """Pay runs (docs/payroll.md): approved, unpaid pay lines -> payslips and RCTIs, in chunks, in a
    dramatiq actor; withholding, super, the ABA file, payables. Journals are posted by finance
    (`finance.pay_posting`)."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "kserp.payroll"
    label = "payroll"

    def ready(self) -> None:
        from kserp.base.jobs import LongJob, register
        from kserp.payroll.models import PayRun
        from kserp.payroll.runs import pay_run_resume

        register(LongJob(name="pay run", model=PayRun, resume=pay_run_resume))
