from django.apps import AppConfig


class BillingConfig(AppConfig):
    """Billing runs (docs/billing.md): approved, unbilled bill lines -> invoices, in chunks, in a
    dramatiq actor. Invoices themselves are issued by finance (`finance.invoicing.invoices_issue`)."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "kserp.billing"
    label = "billing"

    def ready(self) -> None:
        from kserp.base.jobs import LongJob, register
        from kserp.billing.models import BillingRun
        from kserp.billing.runs import billing_run_resume

        register(LongJob(name="billing run", model=BillingRun, resume=billing_run_resume))
