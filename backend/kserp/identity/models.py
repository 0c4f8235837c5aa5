"""Users of KS-ERP: staff (roles are Django groups), client-portal users, API tokens (later)."""

from django.contrib.auth.models import AbstractUser
from django.db import models


class User(AbstractUser):
    """A person who signs in: staff (account managers, finance, payroll, admins) or portal users.

    A client-portal user is bound to one client (`client`); a worker (worker portal) to one payee
    (`payee`), and sees only their own timesheets and payslips or RCTIs; staff have neither.
    """

    client = models.ForeignKey(
        "crm.Client",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="portal_users",
        help_text="The client a portal user belongs to; empty for staff.",
    )
    payee = models.ForeignKey(
        "crm.Payee",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="portal_users",
        help_text="The worker (payee) a worker-portal user is; empty for everybody else.",
    )

    class Meta:
        db_table = "identity_user"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(client__isnull=True) | models.Q(payee__isnull=True),
                name="identity_user_client_or_payee",
            )
        ]


class AccessRight(models.Model):
    """Holder of the custom permissions of KS-ERP (no table): `identity.<codename>`.

    Kept in one place so that roles (`kserp/identity/roles.py`) and the API
    (`kserp/api/core/permissions.py`) name them without depending on which domain model
    exists; see docs/security.md.
    """

    class Meta:
        managed = False
        default_permissions = ()
        permissions = [
            ("view_confidential", "See pay rates, wages, oncosts and margins"),
            ("manage_agreements", "Create and change pay and bill agreements and rules"),
            ("import_configuration", "Import a configuration document"),
            ("manage_job_orders", "Create and change job orders"),
            ("submit_timesheet", "Submit timesheets on behalf of workers"),
            ("approve_timesheet", "Approve and reject timesheets"),
            ("run_billing", "Start billing runs"),
            ("credit_invoice", "Credit (reverse) invoices"),
            ("record_payment", "Record payments received"),
            ("manage_api_tokens", "Issue and revoke API tokens"),
            ("run_payroll", "Start pay runs and see their totals"),
            ("view_pay_details", "See payslips, RCTIs, the ABA file and workers' bank and tax facts; mark runs paid"),
        ]

    def __str__(self) -> str:  # pragma: no cover - never instantiated
        return "access right"


class ApiToken(models.Model):
    """A partner's bearer token `kse_<prefix>_<secret>`: only the SHA-256 of the secret is stored.

    The token acts as `user`, narrowed by `scopes` and, when set, bound to one client
    (portal users' tokens always are) or one entity.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=16, unique=True, help_text="Public part, used to find the token.")
    secret_hash = models.CharField(max_length=64, help_text="SHA-256 (hex) of the secret part.")
    scopes = models.JSONField(default=list, help_text="Any of read, write, billing, config.")
    client = models.ForeignKey("crm.Client", on_delete=models.CASCADE, null=True, blank=True, related_name="api_tokens")
    entity = models.ForeignKey(
        "base.Entity", on_delete=models.CASCADE, null=True, blank=True, related_name="api_tokens"
    )
    expires_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "identity_api_token"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix})"


class AuditEvent(models.Model):
    """One change: who (user and/or API token), when, what, and the object before and after."""

    actor = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    actor_username = models.CharField(max_length=150, blank=True, help_text="Kept if the user is deleted.")
    api_token = models.ForeignKey(ApiToken, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    action = models.CharField(max_length=64, help_text="`<entity>.<verb>`, e.g. `api_token.issue`.")
    object_type = models.CharField(max_length=100, help_text="`<app_label>.<model>`, e.g. `rates.billagreement`.")
    object_id = models.CharField(max_length=64)
    object_repr = models.CharField(max_length=200, blank=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    at = models.DateTimeField(db_index=True)
    request_id = models.CharField(max_length=64, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        db_table = "identity_audit_event"
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["object_type", "object_id"], name="identity_audit_object_idx"),
            models.Index(fields=["actor_username", "at"], name="identity_audit_actor_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.action} {self.object_type}:{self.object_id}"
